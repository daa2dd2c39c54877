import { expect } from 'chai'
import { loadArtifacts } from '../../contracts/offchain/artifacts'
import { ActionKind } from '../../contracts/offchain/dividendAction'
import { commitLeaves, type Leaf } from '../../contracts/offchain/snapshot'
import { distribute } from '../../scripts/cli/commands/distribute'
import { issue, type IssuedToken } from '../../scripts/cli/commands/issue'
import { pay } from '../../scripts/cli/commands/pay'
import { send } from '../../scripts/cli/commands/send'
import { status } from '../../scripts/cli/commands/status'
import type { DivvyContext } from '../../scripts/cli/DivvyContext'
import { type Attacker, SINGLE_FORKID } from '../support/attacker'
import { DevnetHomes } from '../support/devnetHomes'
import { locatedV2, operatorActs } from '../support/operatorActs'

const SUPPLY = 1_000_000_000n

/**
 * What a crank checks before it pays, and what it does when it is not alone: a round its
 * operators committed falsely (another snapshot, a recommit that is not the unpaid leaves, a
 * snapshot not deep enough) is refused; a crank that loses a race carries on from the new
 * output and pays nothing for the lost transaction; it builds on a deposit left unmined
 * below the mining fee and pays for it; a round of rounding dust is not started.
 */
describe('a crank that verifies, on a devnet shared with others', function () {
  this.timeout(300_000)
  let h: DevnetHomes
  let issuer: DivvyContext
  let attacker: Attacker

  before(async () => {
    loadArtifacts();
    ({ h, issuer, attacker } = await DevnetHomes.withAttacker(300_000_000n, 20_000_000))
  })
  after(async () => { await h?.stop() })

  /** A token with three holders (the issuer 500,000,000, alice 300,000,000, bob 200,000,000) and a payment in its contract. */
  async function token3 (symbol: string, payment = 1_000_000n): Promise<IssuedToken> {
    const token = await issue(issuer, symbol, 'default', true)
    for (const [who, amount] of [['alice', 300_000_000n], ['bob', 200_000_000n]] as const) await send(issuer, token.tokenId, 'default', issuer.address(who), amount, true)
    await pay(issuer, token.tokenId, 'default', payment, true)
    return token
  }

  const refusal = async (run: Promise<unknown>): Promise<string> => await run.then(() => '', (e: Error) => e.message)

  it('refuses a round whose committed snapshot is not the holders\' (and --pay-unverified pays it, to whoever was committed)', async () => {
    const token = await token3('FalseSnap')
    const before = await locatedV2(issuer, token)
    const height = await issuer.indexedHeight()
    const pool = BigInt(before.tx.outputs[before.vout].satoshis) - 1n
    // The operator commits a snapshot that pays it all to an accomplice who holds nothing.
    const falseLeaves: Leaf[] = [{ pkh: attacker.pkh, amount: SUPPLY }]
    await operatorActs(issuer, token, { kind: ActionKind.StartRound, commitment: commitLeaves(falseLeaves), height: BigInt(height), pool }, falseLeaves, height)
    const cranker = await h.open('cranker-false')
    await h.fund(cranker, 'default', 10_000_000n)
    const start = await locatedV2(cranker, token)
    const message = await refusal(distribute(cranker, token.tokenId, 'default', { crank: true }))
    expect(message).to.match(/^not paying round 1 of \$FALSESNAP: round 1 committed [0-9a-f]{64} at height \d+ for a pool of 1000000, but this home's snapshot there is [0-9a-f]{64} \(3 holders\)/)
    expect(message).to.include('is committed with 1000000000 tokens but holds none in the snapshot').and.include('--pay-unverified pays it anyway')
    const after = await locatedV2(cranker, token)
    expect([after.txid, after.tx.outputs[after.vout].satoshis], 'nothing left the contract').to.deep.equal([start.txid, start.tx.outputs[start.vout].satoshis])
    // The override says what it risks, and pays the committed leaf.
    const said: string[] = []
    const forced = await distribute(cranker, token.tokenId, 'default', { crank: true, payUnverified: true, progress: l => { said.push(l) } })
    expect(said.join('\n')).to.match(/WARNING: paying round 1 as its operators committed it/)
    expect(forced.paid.map(p => [p.pkh, p.payout])).to.deep.equal([[attacker.pkh, pool]])
  })

  it('refuses a round recommitted to leaves that are not its unpaid ones', async () => {
    const token = await token3('BadRecommit')
    const first = await distribute(issuer, token.tokenId, 'default', { batchSize: 1, maxBatches: 1 })
    expect(first.remaining).to.equal(2)
    const at = await locatedV2(issuer, token)
    const swapped: Leaf[] = [{ pkh: attacker.pkh, amount: 300_000_000n }, first.leaves[2]]
    await operatorActs(issuer, token, { kind: ActionKind.Recommit, commitment: commitLeaves(swapped), height: 0n, pool: 0n }, swapped, Number(at.contract.snapshotHeight))
    const cranker = await h.open('cranker-recommit')
    await h.fund(cranker, 'default', 10_000_000n)
    const message = await refusal(distribute(cranker, token.tokenId, 'default', { crank: true }))
    expect(message).to.match(/^not paying round 1 of \$BADRECOMMIT: round 1 was recommitted in [0-9a-f]{64} to [0-9a-f]{64}, which is not the fold of its unpaid leaves/)
  })

  it('refuses a round whose snapshot was not k blocks deep when it started, and takes its own snapshots k deep', async () => {
    const token = await token3('Shallow')
    const at = await locatedV2(issuer, token)
    const pool = BigInt(at.tx.outputs[at.vout].satoshis) - 1n
    // A snapshot "after" the very block that will take the round's start: no confirmation at all.
    const height = await issuer.indexedHeight() + 1
    const leaves = [{ pkh: issuer.key().toAddress().hashBuffer.toString('hex'), amount: 500_000_000n }, { pkh: issuer.key('alice').toAddress().hashBuffer.toString('hex'), amount: 300_000_000n }, { pkh: issuer.key('bob').toAddress().hashBuffer.toString('hex'), amount: 200_000_000n }]
    await operatorActs(issuer, token, { kind: ActionKind.StartRound, commitment: commitLeaves(leaves), height: BigInt(height), pool }, leaves, height)
    const cranker = await h.open('cranker-shallow')
    await h.fund(cranker, 'default', 10_000_000n)
    const message = await refusal(distribute(cranker, token.tokenId, 'default', { crank: true }))
    expect(message).to.match(new RegExp(`^not paying round 1 of \\$SHALLOW: round 1's snapshot at height ${height} was 0 block\\(s\\) deep when the round started \\(block ${height}\\); a snapshot must be 1 deep`))

    // This home's own round: at --snapshot-depth 3, the snapshot is 3 blocks deep.
    const other = await token3('Deep')
    await h.mine(3)
    await issuer.sync()
    const tip = await issuer.indexedHeight()
    const round = await distribute(issuer, other.tokenId, 'default', { snapshotDepth: 3 })
    expect(round.startedAt).to.equal(tip - 2)
    expect(round.remaining).to.equal(0)
  })

  it('does not start a round of rounding dust whose payouts would not cover their fees', async () => {
    const token = await token3('Dust', 1_000_003n)
    const done = await distribute(issuer, token.tokenId, 'default')
    expect(done.remaining).to.equal(0)
    const before = await locatedV2(issuer, token)
    const left = before.tx.outputs[before.vout].satoshis
    expect(left).to.be.within(2, 10)
    const message = await refusal(distribute(issuer, token.tokenId, 'default'))
    expect(message).to.match(/^not starting a round of \$DUST: a round would pay \d+ satoshis to \d+ holder\(s\) and cost about \d+ satoshis in fees: its payouts would not cover their own fees; wait for more payments into the contract$/)
    const after = await locatedV2(issuer, token)
    expect(after.txid, 'nothing was sent').to.equal(before.txid)
    expect(await h.rpc.getRawMempool()).to.deep.equal([])
  })

  it('a crank that loses a race carries on from the new output and pays nothing for the lost transaction; cranks build on an unmined low-fee deposit and pay for it', async () => {
    const token = await token3('Race')
    const first = await distribute(issuer, token.tokenId, 'default', { batchSize: 1, maxBatches: 1 })
    const pool = first.roundPool
    const a = await h.open('cranker-a')
    const said: string[] = []
    const b = await h.open('cranker-b', l => { said.push(l) })
    await h.fund(a, 'default', 10_000_000n)
    await h.fund(b, 'default', 10_000_000n)
    // The attacker's deposit pays no fee: it would wait unmined for two weeks.
    const at = await locatedV2(issuer, token)
    const deposit = attacker.build({
      spend: { contract: at.contract, txid: at.txid, vout: at.vout, satoshis: at.tx.outputs[at.vout].satoshis, method: 'deposit', args: [10_000n], sighash: SINGLE_FORKID },
      outputs: [{ script: at.contract.next().lockingScript, satoshis: at.tx.outputs[at.vout].satoshis + 10_000 }],
      fee: 0
    })
    await attacker.send(deposit)
    await a.sync()
    await b.sync()
    const bBefore = (await b.provider.getBalance(b.key().toAddress())).confirmed
    // Just as B sends its first batch, A pays that very holder on the pending deposit (nothing is mined).
    const send = b.provider.sendRawTransaction.bind(b.provider)
    let byA: Awaited<ReturnType<typeof distribute>> | undefined
    b.provider.sendRawTransaction = async (hex: string) => {
      if (byA === undefined) byA = await distribute(a, token.tokenId, 'default', { crank: true, batchSize: 1, maxBatches: 1, mine: false })
      return await send(hex)
    }
    const byB = await distribute(b, token.tokenId, 'default', { crank: true, batchSize: 1, mine: false, progress: l => { said.push(l) } })
    if (byA === undefined) throw new Error('A never ran')
    const aTx = await a.provider.getTransaction(byA.paid[0].txid)
    expect(aTx.inputs[0].prevTxId.toString('hex'), 'A builds on the pending deposit').to.equal(deposit.id)
    expect(said.join('\n')).to.match(/the contract moved: [0-9a-f]{64}_0 was spent by another transaction first \(it waits in the mempool\); carrying on from its new output/)
    expect(byB.paid).to.have.length(1)
    expect(byB.remaining).to.equal(0)
    await h.mine()
    for (const txid of [deposit.id, byA.paid[0].txid, byB.paid[0].txid]) expect((await a.provider.txStatus(txid)).state, `${txid} is mined`).to.equal('mined')
    // B paid the fee of the one transaction that made it, and nothing for the one that lost.
    await b.sync()
    const bTx = await b.provider.getTransaction(byB.paid[0].txid)
    expect(bBefore - (await b.provider.getBalance(b.key().toAddress())).confirmed).to.equal(await h.feeOf(bTx))
    // A paid for the deposit it built on: its fee covers both transactions at the mining fee.
    expect(await h.feeOf(aTx)).to.be.at.least(Math.ceil((aTx.toBuffer().length + deposit.toBuffer().length) / 1000))
    const s = await status(b, token.tokenId)
    expect(s.running).to.equal(false)
    expect(s.payouts.map(p => p.satoshis)).to.deep.equal([500_000_000n, 300_000_000n, 200_000_000n].map(x => pool * x / SUPPLY))
    expect(s.balance, 'the deposit stays for the next round').to.equal(1n + 1_000_000n + 10_000n - s.payouts.reduce((t, p) => t + p.satoshis, 0n))
  })
})
