import { expect } from 'chai'
import { spawn } from 'child_process'
import { mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { join, resolve } from 'path'
import { resolveNetwork } from '../../network/networks'
import { buy } from '../../scripts/cli/commands/buy'
import { distribute } from '../../scripts/cli/commands/distribute'
import { fund } from '../../scripts/cli/commands/fund'
import { holders } from '../../scripts/cli/commands/holders'
import { issue } from '../../scripts/cli/commands/issue'
import { list } from '../../scripts/cli/commands/list'
import { pay } from '../../scripts/cli/commands/pay'
import { status } from '../../scripts/cli/commands/status'
import { DivvyContext } from '../../scripts/cli/DivvyContext'
import { compiledModule } from '../../runtime/packageFiles'

// The divvy bin as installed: the build's scripts/divvy.js.
const BIN = compiledModule(resolve(__dirname, '..', '..', 'scripts', 'divvy'))

/** Runs `divvy distribute` in a child process and SIGKILLs it as soon as it reports its first batch. */
async function killAfterFirstBatch (home: string): Promise<string> {
  const child = spawn(process.execPath, [BIN, 'distribute', '--crank', '--batch', '1', '--wallet', 'bob', '--home', home], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  return await new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`the child never reported a batch: ${output}`)) }, 90_000)
    const watch = (chunk: Buffer): void => {
      output += chunk.toString()
      if (/batch 1\//.test(output)) child.kill('SIGKILL')
    }
    child.stdout.on('data', watch)
    child.stderr.on('data', watch)
    child.on('exit', () => { clearTimeout(timer); resolve(output) })
  })
}

describe('divvy end to end on the embedded devnet with the indexer', function () {
  this.timeout(240_000)
  let home: string
  let ctx: DivvyContext | undefined
  const open = async (): Promise<DivvyContext> => await DivvyContext.open({ settings: resolveNetwork({}), home, embedded: true })

  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'divvy-e2e-'))
    ctx = await open()
  })
  after(async () => {
    await ctx?.close()
    rmSync(home, { recursive: true, force: true })
  })

  it('issues, sells tranches, takes payments, and pays a round interrupted twice (a stop and a SIGKILL) exactly once per holder, with a deposit mid-round', async () => {
    let c = ctx!
    for (const w of ['issuer', 'intake', 'alice', 'bob', 'carol']) await fund(c, w, 100_000_000n, true)
    const token = await issue(c, 'NinjaPunkGirls', 'issuer', true)
    expect(token.symbol).to.equal('NINJAPUNKGIRLS')
    for (const [buyer, amount] of [['alice', 300_000n], ['bob', 250_000n], ['carol', 200_000n]] as const) {
      const { listing } = await list(c, undefined, 'issuer', amount, 1000n, true)
      await buy(c, undefined, buyer, listing, true)
    }
    const table = await holders(c, undefined)
    expect(table.holders.map(h => h.amount)).to.deep.equal([999_250_000n, 300_000n, 250_000n, 200_000n])
    await pay(c, undefined, 'intake', 600_000n, true)
    await pay(c, undefined, 'intake', 400_001n, true)

    // Stop after the first batch (one holder per batch).
    const first = await distribute(c, undefined, 'issuer', { batchSize: 1, maxBatches: 1 })
    expect(first.startedAt).to.be.a('number')
    expect(first.roundPool).to.equal(1_000_001n)
    expect(first.paid).to.have.length(1)
    expect(first.remaining).to.equal(3)

    // A payment arrives during the round: it waits for the next one.
    const during = await pay(c, undefined, 'intake', 250_000n, true)
    expect((await status(c, undefined)).roundPool).to.equal(1_000_001n)

    // A crank in another process, killed as soon as it has paid one batch.
    await c.close()
    ctx = undefined
    const output = await killAfterFirstBatch(home)
    expect(output).to.match(/round 1 is running/).and.match(/batch 1\//)
    ctx = c = await open()

    // The next run carries on from the on-chain cursor.
    const rest = await distribute(c, undefined, 'carol', { crank: true, batchSize: 1 })
    expect(rest.remaining).to.equal(0)
    const s = await status(c, undefined)
    expect(s.running).to.equal(false)
    const paid = s.payouts.filter(p => p.round === 1n)
    expect(paid.map(p => p.pkh)).to.deep.equal(table.holders.map(h => h.pkh))
    for (const p of paid) expect(p.satoshis).to.equal(1_000_001n * p.amount / 1_000_000_000n)
    expect(s.roundTokens).to.equal(1_000_000_000n)
    const paidTotal = paid.reduce((t, p) => t + p.satoshis, 0n)
    expect(s.balance).to.equal(during.balance - (paidTotal - first.paid[0].payout))
    expect(s.balance).to.equal(1_000_002n - paidTotal + 250_000n)

    // Nothing is left to crank; the next round pays the mid-round deposit and the rounding left over.
    const again = await distribute(c, undefined, 'issuer', { batchSize: 4 })
    expect(again.round).to.equal(2n)
    expect(again.roundPool).to.equal(s.balance - 1n)
    expect(again.paid.map(p => p.payout)).to.deep.equal(again.leaves.map(l => again.roundPool * l.amount / 1_000_000_000n))
    let cranked = ''
    try { await distribute(c, undefined, 'alice', { crank: true }) } catch (e) { cranked = (e as Error).message }
    expect(cranked).to.match(/no \$NINJAPUNKGIRLS round is running: nothing to crank/)
  })
})
