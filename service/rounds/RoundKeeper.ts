import { Dividend } from '../../contracts/dividend'
import { EMPTY_COMMITMENT } from '../../contracts/offchain/snapshot'
import { parseProposalData } from '../../contracts/offchain/proposalData'
import { ActionKind } from '../../contracts/offchain/dividendAction'
import { distribute } from '../../scripts/cli/commands/distribute'
import { crashPoint } from '../../scripts/cli/crashPoints'
import { walkBack } from '../../scripts/cli/ContractLineage'
import type { DivvyContext } from '../../scripts/cli/DivvyContext'
import { locateDividend, outpointOf, type FollowedV2 } from '../../scripts/cli/DividendLocator'
import { pendingProposal } from '../../scripts/cli/PendingProposal'
import { homeSnapshot } from '../../scripts/cli/HomeSnapshot'
import type { TokenRecord } from '../../scripts/cli/TokenRegistry'
import type { EventLog } from '../EventLog'
import type { Metrics } from '../Metrics'
import type { Payments } from '../store/Payments'
import { roundCost } from './roundCost'

export interface RoundPolicy {
  /** A round starts only when the pool reaches this many satoshis ... */
  minPool: bigint
  /** ... and this long (ms) has passed since the last round started. */
  intervalMs: number
}

/** What the keeper says a token's rounds wait for (GET /status). */
export interface RoundStatus { contract?: string, value?: string, round?: number, running?: boolean, waiting?: string }

/**
 * Starts and pays a token's rounds by the policy: when no round runs, the pool has reached
 * `minPool`, `intervalMs` has passed since the last round and every batch would pay its
 * holders more than its fee, this home's operators propose a round (the command's own
 * `distribute`); one that needs more approvals than this home holds waits, and the keeper
 * says for what. A running round is cranked to its end, batch by batch; after a kill the
 * contract's cursor tells where to carry on. Each round seen is recorded with the payments
 * its pool holds (those deposited before it was proposed) and its payout transactions.
 */
export class RoundKeeper {
  readonly status = new Map<string, RoundStatus>()
  private readonly seen = new Map<string, string>()
  private readonly said = new Map<string, string>()

  constructor (
    private readonly ctx: DivvyContext,
    private readonly payments: Payments,
    private readonly log: EventLog,
    private readonly metrics: Metrics,
    private readonly policy: RoundPolicy,
    private readonly wallet: string,
    private readonly mine: boolean
  ) {}

  async tick (token: TokenRecord, now = Date.now()): Promise<void> {
    const located = await locateDividend(this.ctx, token)
    if (located.version !== 2) return
    const c = located.contract
    const value = BigInt(located.tx.outputs[located.vout].satoshis)
    this.metrics.pool.set({ token: token.symbol }, Number(value))
    this.metrics.round.set({ token: token.symbol }, Number(c.round))
    const status: RoundStatus = { contract: outpointOf(located), value: value.toString(), round: Number(c.round), running: c.cursor !== EMPTY_COMMITMENT }
    this.status.set(token.symbol, status)
    await this.observe(token, located, now)
    if (c.cursor !== EMPTY_COMMITMENT) {
      await this.crank(token, Number(c.round))
      return
    }
    const pending = await pendingProposal(this.ctx, token, located)
    if (pending !== undefined) {
      const missing = pending.needed - pending.approvedSlots.length
      this.metrics.waitingApprovals.set({ token: token.symbol }, missing)
      this.wait(token, status, `round ${c.round + 1n} (pool ${pending.action.pool}) waits for ${missing} more approval(s), ${pending.approvedSlots.length} of ${pending.needed}: the other operators run 'divvy approve --token ${token.tokenId}' (proposed in ${pending.publishedIn})`)
      return
    }
    this.metrics.waitingApprovals.set({ token: token.symbol }, 0)
    const pool = value - 1n
    if (pool < this.policy.minPool) return this.wait(token, status, `the pool holds ${pool} satoshis; a round starts at ${this.policy.minPool}`)
    const last = (await this.payments.rounds(token.symbol)).reduce((m, r) => Math.max(m, r.startedAt), 0)
    if (now - last < this.policy.intervalMs) return this.wait(token, status, `the last round started ${Math.round((now - last) / 1000)} s ago; the next starts ${Math.round(this.policy.intervalMs / 1000)} s after it`)
    const height = await this.ctx.indexedHeight()
    const snapshot = await homeSnapshot(this.ctx, token, height, pool)
    const cost = roundCost(snapshot.leaves, pool, BigInt(token.supply), Dividend.N, c.lockingScript.toBuffer().length, await this.ctx.provider.getFeePerKb())
    if (!cost.covers) return this.wait(token, status, `a round of ${pool} satoshis would not cover its fees: ${cost.why ?? ''}`)
    this.log('round.proposing', { token: token.symbol, round: Number(c.round) + 1, pool, holders: snapshot.leaves.length, batches: cost.batches, fees: cost.fees })
    // Started (or proposed) first, paid by the crank below: a kill between the two leaves a running round the next start pays.
    const result = await distribute(this.ctx, token.symbol, this.wallet, { mine: this.mine, maxBatches: 0, progress: line => { this.log('round.progress', { token: token.symbol, line }) } })
    if (result.awaiting !== undefined) {
      this.metrics.waitingApprovals.set({ token: token.symbol }, result.awaiting.needed - result.awaiting.count)
      this.wait(token, status, `round ${result.round} (pool ${result.roundPool}) waits for ${result.awaiting.needed - result.awaiting.count} more approval(s), ${result.awaiting.count} of ${result.awaiting.needed}: the other operators run 'divvy approve --token ${token.tokenId}' (proposed in ${result.awaiting.txid})`)
      return
    }
    crashPoint('serve:round-started')
    await this.crank(token, Number(result.round))
  }

  private async crank (token: TokenRecord, round: number): Promise<void> {
    const result = await distribute(this.ctx, token.symbol, this.wallet, { crank: true, mine: this.mine, progress: line => { this.log('round.progress', { token: token.symbol, line }) } })
    await this.afterPaying(token, round, result.paid.map(p => p.txid), result.remaining === 0)
  }

  private async afterPaying (token: TokenRecord, round: number, txids: string[], complete: boolean): Promise<void> {
    const located = await locateDividend(this.ctx, token)
    if (located.version === 2) await this.observe(token, located, Date.now())
    const unique = [...new Set(txids)]
    for (const txid of unique) await this.payments.payoutPaid(token.symbol, round, txid, complete && txid === unique[unique.length - 1])
    this.metrics.payouts.inc({ token: token.symbol }, txids.length)
    if (complete) this.log('round.complete', { token: token.symbol, round })
  }

  private wait (token: TokenRecord, status: RoundStatus, why: string): void {
    // Said once, and again when the reason changes (numbers in it change each loop only while they matter).
    const gist = why.replace(/\d+ s ago/, '')
    if (this.said.get(token.symbol) !== gist) this.log('round.waiting', { token: token.symbol, why })
    this.said.set(token.symbol, gist)
    status.waiting = why
    this.status.set(token.symbol, status)
  }

  /**
   * Reads the contract's lineage back to the start of its current round (and the proposal
   * it executed) when the contract moved since last looked at: a round not recorded yet is
   * recorded with the payments its pool holds (deposited before it was proposed), and the
   * round's payout transactions are recorded on them, those of a run killed before it could too.
   */
  private async observe (token: TokenRecord, located: FollowedV2, now: number): Promise<void> {
    const where = outpointOf(located)
    if (this.seen.get(token.symbol) === where) return
    const round = Number(located.contract.round)
    if (round === 0) { this.seen.set(token.symbol, where); return }
    const steps: Array<{ txid: string, state: Dividend }> = []
    let startIdx = -1
    let proposalIdx = -1
    let commitment: string | undefined
    const proposes = (tx: { outputs: Array<{ script: any }> }, c: string): boolean =>
      tx.outputs.some(o => { const p = parseProposalData(o.script); return p?.action.kind === ActionKind.StartRound && p.action.commitment === c })
    const txs: Array<{ outputs: Array<{ script: any }> }> = []
    await walkBack(located.lineage, ({ tx, vout }) => {
      const state = Dividend.fromTx(tx, vout)
      steps.push({ txid: tx.id, state })
      txs.push(tx)
      const i = steps.length - 1
      if (commitment === undefined) {
        if (Number(state.round) >= round) return false
        startIdx = i - 1
        commitment = steps[startIdx].state.cursor
        if (proposes(txs[startIdx], commitment)) { proposalIdx = startIdx; return true }
      }
      if (proposes(tx, commitment)) { proposalIdx = i; return true }
      return false
    })
    this.seen.set(token.symbol, where)
    if (startIdx < 0) return
    const newer = new Set(steps.slice(0, proposalIdx >= 0 ? proposalIdx : startIdx).map(s => s.txid))
    const payouts: string[] = []
    for (let j = startIdx - 1; j >= 0; j--) if (steps[j].state.roundPaid > steps[j + 1].state.roundPaid) payouts.push(steps[j].txid)
    const known = (await this.payments.rounds(token.symbol)).some(r => r.round === round)
    if (!known) {
      const sweeps = new Set((await this.payments.sweeps()).filter(s => s.token === token.symbol && (s.state === 'sent' || s.state === 'mined') && !newer.has(s.txid)).map(s => s.txid))
      const pool = steps[startIdx].state.roundPool
      const pooled = await this.payments.roundStarted({ token: token.symbol, round, pool: pool.toString(), startTxid: steps[startIdx].txid, startedAt: now, payouts: [], complete: false }, sweeps)
      for (const p of pooled) {
        this.metrics.paymentsDistributed.inc({ token: token.symbol })
        this.log('payment.pooled', { token: token.symbol, txid: p.txid, amount: p.amount, round })
      }
      this.log('round.started', { token: token.symbol, round, pool, start: steps[startIdx].txid, payments: pooled.length })
    }
    const complete = located.contract.cursor === EMPTY_COMMITMENT
    for (const txid of payouts) await this.payments.payoutPaid(token.symbol, round, txid, complete && txid === payouts[payouts.length - 1])
  }
}
