import { expect } from 'chai'
import { ActionKind } from '../../contracts/offchain/dividendAction'
import { commitLeaves, type Leaf } from '../../contracts/offchain/snapshot'
import { distribute } from '../../scripts/cli/commands/distribute'
import { issue, type IssuedToken } from '../../scripts/cli/commands/issue'
import { pay } from '../../scripts/cli/commands/pay'
import { recommitRound } from '../../scripts/cli/commands/recommit'
import { send } from '../../scripts/cli/commands/send'
import type { DivvyContext } from '../../scripts/cli/DivvyContext'
import { runCli } from '../../scripts/cli/runCli'
import { addressOfPkh } from '../../scripts/cli/SnapshotDiff'
import { Attacker } from '../support/attacker'
import { DevnetHomes } from '../support/devnetHomes'
import { locatedV2, operatorActs } from '../support/operatorActs'

interface Run { code: number, out: string[], err: string[] }

/**
 * `divvy audit --token <id>` from homes that never saw the token: a contract whose operator
 * committed a false snapshot, a duplicated leaf and wrong amounts (each round paid by a crank
 * told to pay anyway) is flagged line by line with exit status 1; an honest contract, one of
 * whose rounds a second home cranked given only the token id, passes with a summary.
 */
describe('divvy audit from an empty home', function () {
  this.timeout(300_000)
  let h: DevnetHomes
  let issuer: DivvyContext
  const divvy = async (home: string, ...argv: string[]): Promise<Run> => {
    const out: string[] = []
    const err: string[] = []
    const code = await runCli([...argv, '--rpc', h.devnet.rpcUrl, '--home', h.home(home)], { out: l => { out.push(l) }, err: l => { err.push(l) } })
    return { code, out, err }
  }

  before(async () => {
    h = await DevnetHomes.start()
    issuer = await h.open('issuer')
    await h.fund(issuer, 'default', 200_000_000n)
  })
  after(async () => { await h?.stop() })

  const pkhOf = (name: string): string => issuer.key(name).toAddress().hashBuffer.toString('hex')
  const addr = (pkh: string): string => addressOfPkh(pkh, 'testnet')

  /** A token with three holders: the issuer 500,000,000, alice 300,000,000, bob 200,000,000. */
  async function token3 (symbol: string): Promise<IssuedToken> {
    const token = await issue(issuer, symbol, 'default', true)
    for (const [who, amount] of [['alice', 300_000_000n], ['bob', 200_000_000n]] as const) await send(issuer, token.tokenId, 'default', issuer.address(who), amount, true)
    return token
  }

  /** The operator starts a round over `leaves` (not the holders), and it is paid anyway. */
  async function dishonestRound (token: IssuedToken, leaves: Leaf[]): Promise<bigint> {
    await pay(issuer, token.tokenId, 'default', 1_000_000n, true)
    const at = await locatedV2(issuer, token)
    const pool = BigInt(at.tx.outputs[at.vout].satoshis) - 1n
    const height = await issuer.indexedHeight()
    await operatorActs(issuer, token, { kind: ActionKind.StartRound, commitment: commitLeaves(leaves), height: BigInt(height), pool }, leaves, height)
    const paid = await distribute(issuer, token.tokenId, 'default', { crank: true, payUnverified: true })
    expect(paid.remaining).to.equal(0)
    return pool
  }

  it('flags a false snapshot, a duplicated leaf and a wrong payout, one line each, and exits 1', async () => {
    const token = await token3('Crooked')
    const accomplice = new Attacker(h.rpc).pkh
    const [me, alice, bob] = [pkhOf('default'), pkhOf('alice'), pkhOf('bob')]
    // Round 1: bob's share goes to an accomplice who holds nothing.
    const pool1 = await dishonestRound(token, [{ pkh: me, amount: 500_000_000n }, { pkh: alice, amount: 300_000_000n }, { pkh: accomplice, amount: 200_000_000n }])
    // Round 2: alice twice, the issuer left out.
    const pool2 = await dishonestRound(token, [{ pkh: alice, amount: 300_000_000n }, { pkh: alice, amount: 300_000_000n }, { pkh: bob, amount: 200_000_000n }])
    // Round 3: alice's amount inflated, bob's cut.
    const pool3 = await dishonestRound(token, [{ pkh: me, amount: 500_000_000n }, { pkh: alice, amount: 400_000_000n }, { pkh: bob, amount: 100_000_000n }])

    const audit = await divvy('auditor-1', 'audit', '--token', token.tokenId)
    expect(audit.code, audit.err.join('\n')).to.equal(1)
    expect(audit.err).to.have.length(1)
    expect(audit.err[0]).to.match(/^divvy audit: \d+ discrepancies in the \$CROOKED dividend contract$/)
    const lines = audit.out.filter(l => l.startsWith('discrepancy: '))
    expect(audit.err[0]).to.include(`${lines.length} discrepancies`)
    const has = (text: string): void => { expect(lines.some(l => l.includes(text)), `a line with: ${text}\n${lines.join('\n')}`).to.equal(true) }
    // The false snapshot.
    has('round 1: its snapshot')
    has(`round 1: ${addr(accomplice)} is committed with 200000000 tokens but holds none in the snapshot`)
    has(`round 1: ${addr(bob)} holds 200000000 tokens but is left out`)
    has(`round 1: ${addr(accomplice)} is paid ${pool1 * 200_000_000n / 1_000_000_000n} satoshis in`)
    // The duplicated leaf.
    has(`round 2: the leaf of ${addr(alice)} is committed 2 times`)
    has(`round 2: ${addr(alice)} is paid a second time, ${pool2 * 300_000_000n / 1_000_000_000n} satoshis in`)
    has(`round 2: ${addr(me)} holds 500000000 tokens but is left out`)
    // The wrong payout.
    has(`round 3: ${addr(alice)} is committed with 400000000 tokens but holds 300000000`)
    has(`round 3: ${addr(alice)} is paid ${pool3 * 400_000_000n / 1_000_000_000n} satoshis in`)
    has('it held 300000000 tokens at height')
    has(`and floor(${pool3} * 300000000 / 1000000000) is ${pool3 * 300_000_000n / 1_000_000_000n}`)
    expect(lines.filter(l => l.startsWith('discrepancy: round 3:'))).to.have.length.greaterThan(2)
    expect(audit.out[audit.out.length - 1]).to.match(/^audit of \$CROOKED .*: \d+ transactions: 3 deposits of 3000000 satoshis, 3 rounds, 9 payouts of \d+ satoshis; \d+ discrepancies$/)
  })

  it('flags a recommit that is not the fold of the unpaid leaves, a payout to a leaf that held nothing, and a round ended after some were paid; an honest recommit passes', async () => {
    const token = await token3('Recommits')
    const accomplice = new Attacker(h.rpc).pkh
    // Round 1: the first holder paid, recommitted honestly (its unpaid leaves, published again), then alice's leaf swapped for the accomplice's.
    await pay(issuer, token.tokenId, 'default', 1_000_000n, true)
    const first = await distribute(issuer, token.tokenId, 'default', { batchSize: 1, maxBatches: 1 })
    expect(first.remaining).to.equal(2)
    const honest = await recommitRound(issuer, token.tokenId, 'default', false, true)
    const at = await locatedV2(issuer, token)
    const swapped: Leaf[] = [{ pkh: accomplice, amount: 300_000_000n }, first.leaves[2]]
    const forged = await operatorActs(issuer, token, { kind: ActionKind.Recommit, commitment: commitLeaves(swapped), height: 0n, pool: 0n }, swapped, Number(at.contract.snapshotHeight))
    const rest = await distribute(issuer, token.tokenId, 'default', { crank: true, payUnverified: true })
    expect(rest.paid.map(p => p.pkh)).to.deep.equal([accomplice, first.leaves[2].pkh])
    // Round 2: the first holder paid, then the round is ended: what is left goes to round 3, where that holder is paid again.
    await pay(issuer, token.tokenId, 'default', 1_000_000n, true)
    const second = await distribute(issuer, token.tokenId, 'default', { batchSize: 1, maxBatches: 1 })
    expect(second.remaining).to.equal(2)
    const ended = await recommitRound(issuer, token.tokenId, 'default', true, true)

    const audit = await divvy('auditor-3', 'audit', '--token', token.tokenId)
    expect(audit.code, audit.err.join('\n')).to.equal(1)
    const lines = audit.out.filter(l => l.startsWith('discrepancy: '))
    expect(lines.some(l => l.includes(honest.txid)), `the honest recommit is not flagged\n${lines.join('\n')}`).to.equal(false)
    expect(lines).to.include(`discrepancy: round 1 was recommitted in ${forged} to ${commitLeaves(swapped)}, which is not the fold of its unpaid leaves (${at.contract.cursor})`)
    expect(lines.some(l => l.startsWith(`discrepancy: round 1: ${addr(accomplice)} is paid ${rest.paid[0].payout} satoshis in ${rest.paid[0].txid}; it held 0 tokens at height`)), lines.join('\n')).to.equal(true)
    expect(lines).to.include(`discrepancy: round 2 was ended in ${ended.txid} with 2 of its 3 holders unpaid, after others were paid: what is left of its pool goes to the next round, where those paid are paid again`)
    expect(lines).to.have.length(3)
  })

  it('passes an honest contract whose round a second home, given only the token id, cranked', async () => {
    const token = await token3('Honest')
    await pay(issuer, token.tokenId, 'default', 2_000_000n, true)
    const first = await distribute(issuer, token.tokenId, 'default', { batchSize: 1, maxBatches: 1 })
    expect(first.remaining).to.equal(2)
    // A home that has never seen the token finishes the round from the command line.
    const cranker = await h.open('cranker')
    await h.fund(cranker, 'default', 10_000_000n)
    await h.close(cranker)
    const crank = await divvy('cranker', 'distribute', '--crank', '--token', token.tokenId, '--batch', '1')
    expect(crank.code, crank.err.join('\n')).to.equal(0)
    expect(crank.out.join('\n')).to.match(/round 1 is complete: 3 holders paid from a pool of 2000000 satoshis/)
    const audit = await divvy('auditor-2', 'audit', '--token', token.tokenId)
    expect(audit.code, `${audit.out.join('\n')}\n${audit.err.join('\n')}`).to.equal(0)
    expect(audit.out).to.have.length(1)
    expect(audit.out[0]).to.match(/^audit of \$HONEST \(token [0-9a-f]{64}_0, dividend contract [0-9a-f]{64}_1, version 2\): \d+ transactions: 1 deposits of 2000000 satoshis, 1 rounds, 3 payouts of \d+ satoshis; every round's snapshot is the holders' and every payout floor\(roundPool \* amount \/ supply\): no discrepancy$/)
  })
})
