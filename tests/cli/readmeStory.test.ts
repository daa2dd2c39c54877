import { expect } from 'chai'
import { mkdtempSync, readFileSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import * as path from 'path'
import { Devnet } from '../../network/devnet/Devnet'
import { runCli } from '../../scripts/cli/runCli'

const ROOT = path.resolve(__dirname, '..', '..')
const LISTING = /listing ([0-9a-f]{64}_[0-9]+)/

/** The command lines of the README's "The story, from the command line" block, comments cut. */
function readmeStory (): string[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8')
  const section = readme.split(/^## /m).find(s => s.startsWith('The story, from the command line'))
  const block = section !== undefined ? /```sh\n([\s\S]*?)```/.exec(section)?.[1] : undefined
  if (block === undefined) throw new Error('README.md has no ```sh block under "The story, from the command line"')
  return block.split('\n').map(line => line.replace(/\s+#.*$/, '').trim()).filter(line => line !== '')
}

/** The story's words after `npm run divvy --`; a `<txid>_<vout>` is the listing the last `list` printed. */
function argvOf (line: string, lastListing: string | undefined): string[] {
  const words = line.split(/\s+/)
  expect(words.slice(0, 4), line).to.deep.equal(['npm', 'run', 'divvy', '--'])
  return words.slice(4).map(word => {
    if (word !== '<txid>_<vout>') return word
    if (lastListing === undefined) throw new Error(`${line}: no listing printed before it`)
    return lastListing
  })
}

describe('the README\'s story, its commands run in order as written', function () {
  this.timeout(300_000)
  let dir: string
  let devnet: Devnet

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'divvy-readme-'))
    devnet = await Devnet.start({ dataDir: path.join(dir, 'node'), port: 0 })
  })
  after(async () => {
    await devnet.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('funds, issues, lists, buys, cancels, pays, distributes and audits from a fresh home, each command exiting 0', async () => {
    const lines = readmeStory()
    // `npm run demo` runs the whole story on its own devnet (its own test); the rest is the story step by step.
    expect(lines[0]).to.equal('npm run demo')
    const steps = lines.slice(1)
    expect(steps.length).to.be.greaterThan(10)
    const home = path.join(dir, 'home')
    let lastListing: string | undefined
    const printed: string[] = []
    for (const line of steps) {
      const argv = argvOf(line, lastListing)
      const out: string[] = []
      const err: string[] = []
      // Only where the chain and the home are: a fresh home on a devnet of this test's own.
      const code = await runCli([...argv, '--rpc', devnet.rpcUrl, '--home', home], { out: l => { out.push(l) }, err: l => { err.push(l) } })
      expect(code, `${line}: ${err.join(' ')}`).to.equal(0)
      if (argv[0] === 'list') lastListing = LISTING.exec(out.join('\n'))?.[1]
      printed.push(`${argv[0]}: ${out.join('\n')}`)
    }
    const story = printed.join('\n')
    // The buyer got its tranche, the cancelled listing came back, and the round paid both
    // holders their share of the payment: floor(1,000,000 * amount / 1,000,000,000).
    expect(story).to.match(/^buy: bought 200000 tokens for 20000 satoshis/m)
    expect(story).to.match(/^balance: wallet 'alice' .*\n.*: 200000 tokens$/m)
    expect(story).to.match(/^cancel: cancelled the listing of 300000 tokens .* back in wallet 'default'$/m)
    expect(story).to.match(/^pay: paid 1000000 satoshis into the dividend contract/m)
    expect(story).to.match(/^round 1 is complete: 2 holders paid from a pool of 1000000 satoshis$/m)
    expect(story).to.match(/ 999800000 tokens +999800 sats$/m)
    expect(story).to.match(/ 200000 tokens +200 sats$/m)
  })
})
