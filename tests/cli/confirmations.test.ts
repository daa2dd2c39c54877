import { expect } from 'chai'
import { mkdtempSync, readFileSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'
import { PrivateKey } from '@bsv/sdk'
import { Devnet } from '../../network/devnet/Devnet'
import { regtestAddressOf } from '../../network/devnet/fundedKey'
import { RpcClient } from '../../network/rpc/RpcClient'
import { runCli } from '../../scripts/cli/runCli'

interface Run { code: number, out: string[], err: string[] }

/** `divvy <argv>` in this process against the devnet at `rpcUrl`, from `home`; `onErr` sees each progress or error line as it comes. */
async function divvyWatching (rpcUrl: string, home: string, onErr: (line: string) => void, ...argv: string[]): Promise<Run> {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli([...argv, '--rpc', rpcUrl, '--home', home], { out: l => { out.push(l) }, err: l => { err.push(l); onErr(l) } })
  return { code, out, err }
}

const divvy = async (rpcUrl: string, home: string, ...argv: string[]): Promise<Run> => await divvyWatching(rpcUrl, home, () => {}, ...argv)

/** The txid a command's success line ends with ("... in <txid>"). */
const txidIn = (lines: string[]): string => {
  const m = /in ([0-9a-f]{64})/.exec(lines.join('\n'))
  if (m === null) throw new Error(`no txid in: ${lines.join(' | ')}`)
  return m[1]
}

describe('divvy on a node that mines only at 500 sat/kB: fees and honest confirmations', function () {
  this.timeout(240_000)
  const dirs: string[] = []
  const temp = (prefix: string): string => { const d = mkdtempSync(join(tmpdir(), prefix)); dirs.push(d); return d }
  let devnet: Devnet

  before(async () => {
    devnet = await Devnet.start({ dataDir: temp('divvy-fee-node-'), port: 0, miningFeeRate: 500 })
  })
  after(async () => {
    await devnet.stop()
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  })

  it('pays the node\'s mining fee (getsettings, not relayfee): the story confirms at 500 sat/kB', async () => {
    const home = temp('divvy-fee-home-')
    const steps: string[][] = [
      ['fund', '--wallet', 'issuer', '--amount', '50000000'],
      ['fund', '--wallet', 'alice', '--amount', '50000000'],
      ['issue', '--handle', 'FeeTest', '--wallet', 'issuer'],
      ['list', '--amount', '200000', '--price', '5000', '--wallet', 'issuer']
    ]
    for (const argv of steps) {
      const run = await divvy(devnet.rpcUrl, home, ...argv)
      expect(run.code, `${argv.join(' ')}: ${run.err.join(' ')}`).to.equal(0)
      expect(run.out.join('\n')).to.not.contain('pending')
    }
    const listing = /listing ([0-9a-f]{64}_\d+)/.exec((await divvy(devnet.rpcUrl, home, 'list', '--amount', '200000', '--price', '7000', '--wallet', 'issuer')).out.join('\n'))?.[1]
    expect(listing).to.be.a('string')
    const bought = await divvy(devnet.rpcUrl, home, 'buy', '--listing', listing as string, '--wallet', 'alice')
    expect(bought.code, bought.err.join(' ')).to.equal(0)
    const paid = await divvy(devnet.rpcUrl, home, 'pay', '--amount', '2000000', '--wallet', 'alice')
    expect(paid.code, paid.err.join(' ')).to.equal(0)
    const round = await divvy(devnet.rpcUrl, home, 'distribute', '--wallet', 'issuer')
    expect(round.code, round.err.join(' ')).to.equal(0)
    expect(round.out.join('\n')).to.match(/round 1 is complete: 2 holders paid/)
    const status = await divvy(devnet.rpcUrl, home, 'status')
    expect(status.out.join('\n')).to.match(/round 1 complete/).and.not.match(/unconfirmed/)
  })

  it('reports what it did not mine as pending, and status lists it until a block takes it', async () => {
    const home = temp('divvy-pending-home-')
    expect((await divvy(devnet.rpcUrl, home, 'fund', '--wallet', 'w', '--amount', '10000000')).code).to.equal(0)
    const sent = await divvy(devnet.rpcUrl, home, 'fund', '--wallet', 'w', '--amount', '20000', '--no-mine')
    expect(sent.code, sent.err.join(' ')).to.equal(0)
    const txid = txidIn(sent.out)
    expect(sent.out.join('\n')).to.contain(`pending: ${txid} is sent but not confirmed yet (not mined here: --no-mine)`)
    expect(JSON.parse(readFileSync(join(home, 'pending.json'), 'utf8')).pending.map((p: { txid: string }) => p.txid)).to.deep.equal([txid])
    const waiting = await divvy(devnet.rpcUrl, home, 'status')
    expect(waiting.out.join('\n')).to.contain('unconfirmed: 1 transaction(s) sent from this home').and.contain(`${txid}  fund`).and.contain('waits unmined')
    // The next command that mines takes it into its block, and the home's list forgets it.
    expect((await divvy(devnet.rpcUrl, home, 'fund', '--wallet', 'w', '--amount', '20000')).code).to.equal(0)
    expect(JSON.parse(readFileSync(join(home, 'pending.json'), 'utf8')).pending).to.deep.equal([])
    expect((await divvy(devnet.rpcUrl, home, 'status')).out.join('\n')).to.not.contain('unconfirmed')
  })

  it('fails, saying why, when what it mined left its transaction out (under the mining fee): never done', async () => {
    const home = temp('divvy-underpaid-home-')
    const run = await divvy(devnet.rpcUrl, home, 'fund', '--wallet', 'w', '--amount', '10000000', '--fee-rate', '1')
    expect(run.code).to.equal(1)
    expect(run.err).to.have.length(1)
    expect(run.err[0]).to.match(/^divvy fund: transaction [0-9a-f]{64} was not mined: it pays \d+ satoshis for \d+ bytes, under the node's mining fee of 500 sat\/kB: it waits unmined in the secondary mempool/)
    expect(run.out.join('\n')).to.not.match(/funded/)
  })
})

describe('divvy where nobody mines for it: a long distribution waits for blocks', function () {
  this.timeout(240_000)
  let dir: string
  let home: string
  let devnet: Devnet

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'divvy-chainwait-'))
    home = join(dir, 'home')
    // A node that takes at most 3 unconfirmed ancestors: a round of 4 batches outgrows it.
    devnet = await Devnet.start({ dataDir: join(dir, 'node'), port: 0, limitAncestorCount: 3 })
  })
  after(async () => {
    await devnet.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('waits for the network\'s next block when the unconfirmed chain is as long as the node takes, then carries on', async () => {
    for (const w of ['issuer', 'a', 'b', 'c']) expect((await divvy(devnet.rpcUrl, home, 'fund', '--wallet', w, '--amount', '20000000')).code).to.equal(0)
    expect((await divvy(devnet.rpcUrl, home, 'issue', '--handle', 'Waiting', '--wallet', 'issuer')).code).to.equal(0)
    for (const buyer of ['a', 'b', 'c']) {
      const listed = await divvy(devnet.rpcUrl, home, 'list', '--amount', '200000', '--price', '1000', '--wallet', 'issuer')
      const listing = /listing ([0-9a-f]{64}_\d+)/.exec(listed.out.join('\n'))?.[1] as string
      expect((await divvy(devnet.rpcUrl, home, 'buy', '--listing', listing, '--wallet', buyer)).code).to.equal(0)
    }
    expect((await divvy(devnet.rpcUrl, home, 'pay', '--amount', '1000000', '--wallet', 'a')).code).to.equal(0)
    const rpc = new RpcClient(devnet.rpcUrl)
    let waits = 0
    const run = await divvyWatching(devnet.rpcUrl, home, line => {
      // Someone else's miner: a block comes a little after the command says it waits.
      if (/waits for a block/.test(line)) { waits++; setTimeout(() => { void rpc.generateToAddress(1, regtestAddressOf(PrivateKey.fromRandom())) }, 300) }
    }, 'distribute', '--wallet', 'issuer', '--batch', '1', '--no-mine')
    expect(run.code, run.err.join(' | ')).to.equal(0)
    expect(waits).to.be.greaterThan(0)
    expect(run.out.join('\n')).to.match(/all 4 holders are paid in transactions sent but not confirmed yet/).and.match(/pending: [0-9a-f]{64}/)
  })
})
