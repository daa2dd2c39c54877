import { bsv } from 'scrypt-ts'
import { crashPoint } from '../../scripts/cli/crashPoints'
import type { DivvyContext } from '../../scripts/cli/DivvyContext'
import { locateDividend, outpointOf, rememberDividend, utxoOf } from '../../scripts/cli/DividendLocator'
import type { TokenRecord } from '../../scripts/cli/TokenRegistry'
import type { EventLog } from '../EventLog'
import type { Metrics } from '../Metrics'
import type { CollectorCoin, SweepRecord } from '../store/PaymentRecord'
import type { Payments } from '../store/Payments'
import { sweepTransaction } from './sweepTransaction'

export interface SweepPolicy {
  /** Sweep once the oldest waiting coin has waited this long (ms). */
  intervalMs: number
  /** ... or as soon as this many coins wait. */
  maxCoins: number
}

/**
 * Sweeps a token's collector coins into its dividend contract with `deposit`: many coins in
 * one deposit, the fee taken from the swept value, never less than the contract's minimum
 * deposit (coins too small for that wait for company). A sweep is recorded, signed, before it
 * is broadcast, and its state is resolved against the network at every start: a sweep the
 * network has is deposited once; one it never took (the contract moved meanwhile) is dropped
 * and its coins swept again, so a kill at any point loses and repeats nothing.
 */
export class Sweeper {
  /** The last refusal per token, said once. */
  private readonly refused = new Map<string, string>()
  /**
   * How long the last sweep took from its decision to its broadcast, per coin (signing is
   * per input): the next sweep of n coins starts n times that before the oldest coin's deadline.
   */
  private msPerCoin = 20
  /** When the sweeper last looked, and the gaps between its last looks (the longest is how late the next look may come). */
  private lastLook = 0
  private readonly gaps: number[] = []

  constructor (
    private readonly ctx: DivvyContext,
    private readonly payments: Payments,
    private readonly log: EventLog,
    private readonly metrics: Metrics,
    private readonly policy: SweepPolicy,
    private readonly mine: boolean
  ) {}

  /** Resolves sweeps not known to be mined: confirmed, still waiting, sent again, or dropped. */
  async resolve (token: TokenRecord): Promise<void> {
    for (const s of await this.payments.sweeps()) {
      if (s.token !== token.symbol || s.state === 'mined' || s.state === 'dropped') continue
      const status = await this.ctx.provider.txStatus(s.txid)
      if (status.state === 'mined') {
        if (s.state === 'signed') await this.sent(s)
        await this.payments.sweepMined(s.txid)
        continue
      }
      if (status.state === 'mempool') {
        if (s.state === 'signed') await this.sent(s)
        continue
      }
      try {
        await this.ctx.provider.sendRawTransaction(s.hex)
        rememberDividend(this.ctx, token, new bsv.Transaction(s.hex))
        this.log('sweep.rebroadcast', { token: s.token, txid: s.txid })
        await this.sent(s)
      } catch (e) {
        await this.payments.sweepDropped(s.txid, (e as Error).message)
        this.log('sweep.dropped', { token: s.token, txid: s.txid, why: (e as Error).message })
      }
    }
  }

  /** Sweeps the token's waiting coins when the policy says it is time; answers the sweep's txid. */
  async sweep (token: TokenRecord, collectorKey: bsv.PrivateKey, now = Date.now()): Promise<string | undefined> {
    const coins = await this.payments.unswept(token.symbol)
    if (this.lastLook !== 0) this.gaps.push(now - this.lastLook)
    if (this.gaps.length > 8) this.gaps.shift()
    this.lastLook = now
    const loop = Math.min(this.policy.intervalMs / 4, Math.max(1000, ...this.gaps))
    if (coins.length === 0) return undefined
    const oldest = Math.min(...coins.map(c => c.seenAt))
    // The oldest coin is deposited within the interval: the sweep starts as long before as
    // building one of these coins takes, and a loop, since the next look may come that much later.
    const buildMs = Math.min(this.policy.intervalMs / 2, Math.max(1000, this.msPerCoin * Math.min(coins.length, this.policy.maxCoins)))
    if (now - oldest < this.policy.intervalMs - buildMs - loop && coins.length < this.policy.maxCoins) return undefined
    const located = await locateDividend(this.ctx, token)
    if (located.version !== 2) return undefined
    const contract = located.contract
    const feePerKb = await this.ctx.provider.getFeePerKb()
    // A coin worth less than its own input's fee would shrink the deposit: it waits.
    const worth = coins.filter(c => c.satoshis * 1000 > 150 * feePerKb).sort((a, b) => b.satoshis - a.satoshis).slice(0, this.policy.maxCoins)
    const total = worth.reduce((s, c) => s + BigInt(c.satoshis), 0n)
    if (total < contract.minDeposit + 1n) return undefined
    let built
    try {
      built = sweepTransaction(contract, utxoOf(located), worth.map(coinOf), collectorKey, feePerKb)
    } catch (e) {
      this.log('sweep.waiting', { token: token.symbol, coins: worth.length, satoshis: total, why: (e as Error).message })
      return undefined
    }
    const record: SweepRecord = {
      txid: built.tx.id,
      token: token.symbol,
      hex: built.tx.toString(),
      coins: built.coins.map(c => `${c.txid}:${c.vout}`),
      amount: built.amount.toString(),
      fee: built.fee.toString(),
      contract: outpointOf(located),
      state: 'signed',
      signedAt: now
    }
    await this.payments.sweepSigned(record)
    crashPoint('serve:sweep-signed')
    try {
      await this.ctx.provider.sendTransaction(built.tx)
    } catch (e) {
      await this.payments.sweepDropped(record.txid, (e as Error).message)
      if (this.refused.get(token.symbol) !== (e as Error).message) this.log('sweep.refused', { token: token.symbol, txid: record.txid, why: (e as Error).message })
      this.refused.set(token.symbol, (e as Error).message)
      return undefined
    }
    this.refused.delete(token.symbol)
    this.msPerCoin = (Date.now() - now) / built.coins.length
    crashPoint('serve:sweep-broadcast')
    rememberDividend(this.ctx, token, built.tx)
    await this.sent(record)
    this.metrics.deposits.inc({ token: token.symbol })
    this.metrics.depositBytes.inc({ token: token.symbol }, built.tx.toBuffer().length)
    this.log('sweep.sent', { token: token.symbol, txid: record.txid, coins: record.coins.length, amount: record.amount, fee: record.fee, bytes: built.tx.toBuffer().length })
    await this.ctx.settle(this.mine)
    if ((await this.ctx.provider.txStatus(record.txid)).state === 'mined') await this.payments.sweepMined(record.txid)
    return record.txid
  }

  private async sent (s: SweepRecord): Promise<void> {
    const now = Date.now()
    for (const p of await this.payments.sweepSent(s.txid, now)) {
      this.metrics.paymentsSwept.inc({ token: s.token })
      this.metrics.sweepLatency.observe({ token: s.token }, Math.max(0, now - p.seenAt) / 1000)
      this.log('payment.deposited', { token: s.token, txid: p.txid, amount: p.amount, deposit: s.txid })
    }
  }
}

function coinOf (c: CollectorCoin): { txid: string, vout: number, satoshis: number, script: string } {
  return { txid: c.txid, vout: c.vout, satoshis: c.satoshis, script: c.script }
}
