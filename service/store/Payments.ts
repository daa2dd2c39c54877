import { Mutex } from './Mutex'
import type { CollectorCoin, PaymentRecord, PaymentState, RoundRecord, SourceHint, SweepRecord } from './PaymentRecord'
import { StoreKeys as K, type ServiceStore, type StoreOp } from './ServiceStore'

const outpoint = (txid: string, vout: number): string => `${txid}:${vout}`

/** A coin as the indexer lists it. */
export interface SeenCoin { txid: string, vout: number, satoshis: number, script: string }

/**
 * The payment records and what they are made of (collector coins, sweeps, rounds, source
 * hints), with every change that spans records written as one atomic batch and every
 * read-modify-write serialized, so that the service's loop and its HTTP routes never lose
 * each other's writes and a kill never leaves a half-made change.
 */
export class Payments {
  private readonly lock = new Mutex()

  constructor (readonly store: ServiceStore) {}

  async payment (txid: string): Promise<PaymentRecord | undefined> {
    return await this.store.get<PaymentRecord>(K.payment(txid))
  }

  async all (): Promise<PaymentRecord[]> {
    return await this.store.list<PaymentRecord>(K.paymentPrefix)
  }

  /**
   * What the service was told about a transaction (a paymail receive, a webhook, a forward):
   * kept for when its coins are seen, and applied at once to a payment already recorded as a
   * plain address payment.
   */
  async hint (h: SourceHint): Promise<void> {
    await this.lock.run(async () => {
      const ops: StoreOp[] = []
      const existing = await this.store.get<SourceHint>(K.hint(h.txid))
      const merged: SourceHint = { ...existing, ...h }
      ops.push({ type: 'put', key: K.hint(h.txid), value: merged })
      const p = await this.payment(h.txid)
      if (p !== undefined && p.token === h.token) ops.push({ type: 'put', key: K.payment(p.txid), value: labelled(p, merged) })
      await this.store.batch(ops)
    })
  }

  async hintOf (txid: string): Promise<SourceHint | undefined> {
    return await this.store.get<SourceHint>(K.hint(txid))
  }

  /**
   * Coins seen at a token's collector: the new ones are recorded (once, however often they
   * are seen), each transaction as one payment labelled by its hint (else a plain address
   * payment). Answers the payments created or grown.
   */
  async coinsSeen (token: string, coins: readonly SeenCoin[], now = Date.now()): Promise<PaymentRecord[]> {
    return await this.lock.run(async () => {
      const fresh: SeenCoin[] = []
      for (const c of coins) if (await this.store.get(K.coin(c.txid, c.vout)) === undefined) fresh.push(c)
      if (fresh.length === 0) return []
      const byTx = new Map<string, SeenCoin[]>()
      for (const c of fresh) byTx.set(c.txid, [...(byTx.get(c.txid) ?? []), c])
      const ops: StoreOp[] = []
      const changed: PaymentRecord[] = []
      for (const [txid, outs] of byTx) {
        for (const c of outs) ops.push({ type: 'put', key: K.coin(c.txid, c.vout), value: { token, txid, vout: c.vout, satoshis: c.satoshis, script: c.script, seenAt: now } satisfies CollectorCoin })
        const existing = await this.payment(txid)
        const added = outs.reduce((s, c) => s + BigInt(c.satoshis), 0n)
        let p: PaymentRecord = existing !== undefined
          ? { ...existing, amount: (BigInt(existing.amount) + added).toString(), vouts: [...existing.vouts, ...outs.map(c => c.vout)].sort((a, b) => a - b) }
          : { txid, token, source: 'address', amount: added.toString(), vouts: outs.map(c => c.vout).sort((a, b) => a - b), state: 'received', seenAt: now }
        const hint = await this.hintOf(txid)
        if (hint !== undefined && hint.token === token) p = labelled(p, hint)
        ops.push({ type: 'put', key: K.payment(txid), value: p })
        changed.push(p)
      }
      await this.store.batch(ops)
      return changed
    })
  }

  /** The token's collector coins no sweep spends yet. */
  async unswept (token: string): Promise<CollectorCoin[]> {
    return (await this.store.list<CollectorCoin>(K.coinPrefix)).filter(c => c.token === token && c.sweep === undefined)
  }

  async coin (txid: string, vout: number): Promise<CollectorCoin | undefined> {
    return await this.store.get<CollectorCoin>(K.coin(txid, vout))
  }

  /** A signed sweep, recorded with its coins before it is broadcast (so a kill after the broadcast finds it). */
  async sweepSigned (sweep: SweepRecord): Promise<void> {
    await this.lock.run(async () => {
      const ops: StoreOp[] = [{ type: 'put', key: K.sweep(sweep.txid), value: sweep }]
      for (const op of sweep.coins) {
        const [txid, vout] = op.split(':')
        const coin = await this.coin(txid, Number(vout))
        if (coin === undefined) throw new Error(`internal: sweep ${sweep.txid} spends ${op}, which is not a recorded collector coin`)
        if (coin.sweep !== undefined && coin.sweep !== sweep.txid) throw new Error(`internal: coin ${op} is already swept by ${coin.sweep}`)
        ops.push({ type: 'put', key: K.coin(txid, Number(vout)), value: { ...coin, sweep: sweep.txid } })
      }
      await this.store.batch(ops)
    })
  }

  async sweeps (): Promise<SweepRecord[]> {
    return await this.store.list<SweepRecord>(K.sweepPrefix)
  }

  async sweep (txid: string): Promise<SweepRecord | undefined> {
    return await this.store.get<SweepRecord>(K.sweep(txid))
  }

  /** The network took the sweep: its payments are deposited. Answers them. */
  async sweepSent (txid: string, now = Date.now()): Promise<PaymentRecord[]> {
    return await this.lock.run(async () => {
      const sweep = await this.sweep(txid)
      if (sweep === undefined || sweep.state !== 'signed') return []
      const ops: StoreOp[] = [{ type: 'put', key: K.sweep(txid), value: { ...sweep, state: 'sent', sentAt: now } satisfies SweepRecord }]
      const deposited: PaymentRecord[] = []
      for (const p of await this.paymentsOf(sweep)) {
        if (p.state !== 'received') continue
        const next: PaymentRecord = { ...p, state: 'deposited', deposit: txid, depositedAt: now }
        ops.push({ type: 'put', key: K.payment(p.txid), value: next })
        deposited.push(next)
      }
      await this.store.batch(ops)
      return deposited
    })
  }

  async sweepMined (txid: string): Promise<void> {
    await this.lock.run(async () => {
      const sweep = await this.sweep(txid)
      if (sweep !== undefined && sweep.state !== 'mined') await this.store.put(K.sweep(txid), { ...sweep, state: 'mined' })
    })
  }

  /**
   * The sweep never will be mined (the contract output it spends moved, or the network refused
   * it): its coins are free for the next sweep, and payments it had deposited are received again.
   */
  async sweepDropped (txid: string, why: string): Promise<void> {
    await this.lock.run(async () => {
      const sweep = await this.sweep(txid)
      if (sweep === undefined || sweep.state === 'dropped' || sweep.state === 'mined') return
      const ops: StoreOp[] = [{ type: 'put', key: K.sweep(txid), value: { ...sweep, state: 'dropped', why } satisfies SweepRecord }]
      for (const op of sweep.coins) {
        const [t, v] = op.split(':')
        const coin = await this.coin(t, Number(v))
        if (coin?.sweep === txid) ops.push({ type: 'put', key: K.coin(t, Number(v)), value: { ...coin, sweep: undefined } })
      }
      for (const p of await this.paymentsOf(sweep)) {
        if (p.deposit === txid && p.state === 'deposited') ops.push({ type: 'put', key: K.payment(p.txid), value: { ...p, state: 'received', deposit: undefined, depositedAt: undefined } })
      }
      await this.store.batch(ops)
    })
  }

  /** A collector coin spent by something that is not a sweep of this service (the key used elsewhere): it is no longer ours to sweep. */
  async coinGone (txid: string, vout: number): Promise<void> {
    await this.lock.run(async () => {
      const coin = await this.coin(txid, vout)
      if (coin !== undefined && coin.sweep === undefined) await this.store.put(K.coin(txid, vout), { ...coin, sweep: 'spent-elsewhere' })
    })
  }

  /**
   * Round `round` started: the payments deposited by `sweeps` (those whose deposits its pool
   * holds) are included in it. Idempotent: a payment is included in one round only.
   */
  async roundStarted (r: RoundRecord, sweeps: ReadonlySet<string>): Promise<PaymentRecord[]> {
    return await this.lock.run(async () => {
      const ops: StoreOp[] = []
      const existing = await this.store.get<RoundRecord>(K.round(r.token, r.round))
      if (existing === undefined) ops.push({ type: 'put', key: K.round(r.token, r.round), value: r })
      const pooled: PaymentRecord[] = []
      for (const p of await this.all()) {
        if (p.token !== r.token || p.state !== 'deposited' || p.deposit === undefined || !sweeps.has(p.deposit)) continue
        const next: PaymentRecord = { ...p, state: 'pooled', round: r.round, payouts: [] }
        ops.push({ type: 'put', key: K.payment(p.txid), value: next })
        pooled.push(next)
      }
      await this.store.batch(ops)
      return pooled
    })
  }

  /** A batch of round `round` was paid in `txid`: recorded on the round and on the payments in its pool. */
  async payoutPaid (token: string, round: number, txid: string, complete: boolean): Promise<void> {
    await this.lock.run(async () => {
      const r = await this.store.get<RoundRecord>(K.round(token, round))
      if (r === undefined) return
      const ops: StoreOp[] = [{ type: 'put', key: K.round(token, round), value: { ...r, payouts: r.payouts.includes(txid) ? r.payouts : [...r.payouts, txid], complete: r.complete || complete } }]
      for (const p of await this.all()) {
        if (p.token !== token || p.round !== round || (p.payouts ?? []).includes(txid)) continue
        ops.push({ type: 'put', key: K.payment(p.txid), value: { ...p, payouts: [...(p.payouts ?? []), txid] } })
      }
      await this.store.batch(ops)
    })
  }

  async rounds (token: string): Promise<RoundRecord[]> {
    return await this.store.list<RoundRecord>(K.roundPrefix(token))
  }

  /** Sums per token and state, for the figures. */
  async totals (): Promise<Map<string, Record<PaymentState, { count: number, satoshis: bigint }>>> {
    const out = new Map<string, Record<PaymentState, { count: number, satoshis: bigint }>>()
    for (const p of await this.all()) {
      const t = out.get(p.token) ?? { received: { count: 0, satoshis: 0n }, deposited: { count: 0, satoshis: 0n }, pooled: { count: 0, satoshis: 0n } }
      t[p.state].count++
      t[p.state].satoshis += BigInt(p.amount)
      out.set(p.token, t)
    }
    return out
  }

  private async paymentsOf (sweep: SweepRecord): Promise<PaymentRecord[]> {
    const txids = [...new Set(sweep.coins.map(c => c.split(':')[0]))]
    const out: PaymentRecord[] = []
    for (const txid of txids) {
      const p = await this.payment(txid)
      if (p !== undefined) out.push(p)
    }
    return out
  }
}

/** A payment with what its hint says of its source. */
function labelled (p: PaymentRecord, h: SourceHint): PaymentRecord {
  const out: PaymentRecord = { ...p, source: h.source }
  if (h.handcashPaymentId !== undefined) out.handcashPaymentId = h.handcashPaymentId
  if (h.paymentRequestId !== undefined) out.paymentRequestId = h.paymentRequestId
  if (h.reference !== undefined) out.reference = h.reference
  return out
}

export { outpoint }
