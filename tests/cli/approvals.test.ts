import { expect } from 'chai'
import { resolveNetwork } from '../../network/networks'
import { status } from '../../scripts/cli/commands/status'
import { DivvyContext } from '../../scripts/cli/DivvyContext'
import { runCli } from '../../scripts/cli/runCli'
import { SharedDevnet } from '../support/devnetServer'
import { divvyChild } from '../support/divvyChild'

interface Run { code: number, out: string, err: string }

/**
 * Two operators in two homes, each holding one key of a 2-key set (m1 = 1 below 1,000,000
 * satoshis, m2 = 2 from there): the first home runs in this process, the second in processes
 * of its own, knowing nothing but the token id and its key.
 */
describe('divvy approvals across two homes, one key each', function () {
  this.timeout(600_000)
  const devnet = new SharedDevnet()
  let homeA: string
  let homeB: string

  before(async () => {
    await devnet.start('divvy-approvals')
    homeA = devnet.temp('divvy-home-a-')
    homeB = devnet.temp('divvy-home-b-')
  })
  after(async () => { await devnet.stop() })

  /** `divvy` in home A, in this process. */
  const a = async (...argv: string[]): Promise<Run> => {
    const out: string[] = []
    const err: string[] = []
    const code = await runCli([...argv, '--rpc', devnet.rpcUrl, '--home', homeA], { out: l => { out.push(l) }, err: l => { err.push(l) } })
    return { code, out: out.join('\n'), err: err.join('\n') }
  }
  /** `divvy` in home B, in a process of its own. */
  const b = async (...argv: string[]): Promise<Run> => {
    const run = await divvyChild([...argv, '--rpc', devnet.rpcUrl, '--home', homeB])
    return { code: run.code ?? -1, out: run.out, err: run.err }
  }
  const ok = (run: Run, what: string): string => { expect(run.code, `${what}: ${run.err}`).to.equal(0); return run.out }
  const statusOfA = async (token: string): Promise<Awaited<ReturnType<typeof status>>> => {
    const ctx = await DivvyContext.open({ settings: resolveNetwork({ rpc: devnet.rpcUrl }), home: homeA })
    try { return await status(ctx, token) } finally { await ctx.close() }
  }

  it('a large round waits for the second key, a deposit between the approvals stays for the next round, and the hot key alone cannot end a paid round or hand over the role', async () => {
    for (const w of ['issuer', 'hot', 'alice']) ok(await a('fund', '--wallet', w, '--amount', '200000000'), `fund ${w}`)
    ok(await a('operator-key', '--wallet', 'hot'), 'the hot key')
    const coldKey = ok(await b('operator-key', '--wallet', 'cold'), 'the cold key (home B)').trim()
    expect(coldKey).to.match(/^0[23][0-9a-f]{64}:[0-9a-f]+$/)
    ok(await b('fund', '--wallet', 'cold', '--amount', '50000000'), 'fund cold (home B)')

    const issued = ok(await a('issue', '--handle', 'TwoHomes', '--wallet', 'issuer', '--operators', `hot,${coldKey}`, '--m1', '1', '--m2', '2', '--approval-threshold', '1000000'), 'issue')
    expect(issued).to.match(/operators: 2 keys, m1 = 1, m2 = 2, rounds of 1000000 satoshis or more need m2/)
    const token = /token id ([0-9a-f]{64}_0)/.exec(issued)![1]
    ok(await a('send', '--to', 'alice', '--amount', '300000000', '--wallet', 'issuer'), 'send to alice')

    // Below the threshold the hot key alone starts a round and pays it.
    ok(await a('pay', '--amount', '600000', '--wallet', 'issuer'), 'a small payment')
    expect(ok(await a('distribute', '--wallet', 'hot'), 'a small round')).to.match(/started in [0-9a-f]{64}/).and.match(/round 1 is complete: 2 holders/)

    // At the threshold the hot key only proposes: the round cannot start or be paid.
    ok(await a('pay', '--amount', '5000000', '--wallet', 'issuer'), 'a large payment')
    const proposed = ok(await a('distribute', '--wallet', 'hot'), 'a large round proposed')
    expect(proposed).to.match(/proposed in [0-9a-f]{64}, 1 of 2 approvals/)
    const pinned = BigInt(/pool (\d+) satoshis; proposed/.exec(proposed)![1])
    expect((await a('distribute', '--crank', '--wallet', 'hot')).err).to.match(/no \$TWOHOMES round is running/)
    expect((await a('distribute', '--wallet', 'hot')).err).to.match(/a proposal is pending \(1 of 2 approvals/)
    let s = await statusOfA(token)
    expect([s.round, s.running, s.pending?.approvals, s.pending?.needed]).to.deep.equal([1n, false, 1, 2])

    // A deposit lands between the two approvals.
    ok(await a('pay', '--amount', '300000', '--wallet', 'issuer'), 'a deposit between the approvals')
    // The second operator, in its own home and process, knows only the token id and its key.
    const approved = ok(await b('approve', '--token', token, '--wallet', 'cold'), 'approve (home B)')
    expect(approved).to.match(/pending: start round over snapshot/).and.match(/done in [0-9a-f]{64} \(2 of 2 approvals\)/)
    expect((await b('approve', '--token', token, '--wallet', 'cold')).err).to.match(/no proposal of the \$TWOHOMES dividend contract is pending/)
    ok(await a('distribute', '--crank', '--wallet', 'issuer'), 'crank round 2')
    s = await statusOfA(token)
    const round2 = s.rounds.find(r => r.round === 2n)!
    expect(round2.pool).to.equal(pinned)
    const paid2 = s.payouts.filter(p => p.round === 2n)
    for (const p of paid2) expect(p.satoshis).to.equal(pinned * p.amount / 1_000_000_000n)
    // what the round did not pay (rounding) and the deposit that came after its proposal stay
    expect(s.balance).to.equal(pinned + 1n + 300_000n - paid2.reduce((t, p) => t + p.satoshis, 0n))

    // Round 3, started with both keys and partly paid: the hot key alone cannot end it or hand the role over.
    ok(await a('pay', '--amount', '5000000', '--wallet', 'issuer'), 'another large payment')
    ok(await a('distribute', '--wallet', 'hot'), 'round 3 proposed')
    ok(await b('approve', '--token', token, '--wallet', 'cold'), 'round 3 approved (home B)')
    ok(await a('distribute', '--crank', '--batch', '1', '--max-batches', '1', '--wallet', 'issuer'), 'one holder of round 3 paid')
    expect(ok(await a('end-round', '--wallet', 'hot'), 'the hot key ends round 3')).to.match(/end the running round: 1 of 2 approvals, recorded/)
    s = await statusOfA(token)
    expect([s.round, s.running, s.paidInRound]).to.deep.equal([3n, true, 1])
    expect((await a('recommit', '--wallet', 'hot')).err).to.match(/another action is pending with 1 approval\(s\); replacing it takes more than that/)
    expect(ok(await b('approve', '--token', token, '--wallet', 'cold'), 'home B approves the end')).to.match(/end the running round: done/)
    s = await statusOfA(token)
    expect([s.round, s.running, s.paidInRound]).to.deep.equal([3n, false, 1])

    expect(ok(await a('set-operators', '--operators', 'hot', '--wallet', 'hot'), 'the hot key hands the role to itself')).to.match(/hand the operator role to the set [0-9a-f]{64}: 1 of 2 approvals, recorded/)
    s = await statusOfA(token)
    expect(s.operators?.keys).to.have.length(2)
    expect(s.pending?.description).to.match(/^hand the operator role/)

    // With the second key the handover is approved; the role moves once the new set's key accepts.
    expect(ok(await b('approve', '--token', token, '--wallet', 'cold'), 'home B approves the handover')).to.match(/hand the operator role to the set [0-9a-f]{64}: done/)
    expect((await b('approve', '--token', token, '--wallet', 'cold')).err).to.match(/wallet 'cold' holds no key of the new operator set/)
    expect(ok(await a('approve', '--wallet', 'hot'), 'the new set\'s key accepts')).to.match(/the operator role of \$TWOHOMES moved/)
    s = await statusOfA(token)
    expect([s.operators?.keys.length, s.operators?.m2, s.pending]).to.deep.equal([1, 1, undefined])
    expect(ok(await b('status', '--token', token), 'status in home B')).to.match(/operators: 1 key, m1 = 1, m2 = 1/).and.match(/round 3 complete/)
  })
})
