import { readTransaction } from '../chain/BlockReader'
import type { ParsedTx } from '../chain/ParsedBlock'
import type { BatchOp, IndexStore } from '../store/IndexStore'
import { FeedKeys, outpointOf, type Candidate, type Disagreement, type FollowedToken, type SpendRecord, type TxPosition } from './FeedKeys'

export interface Outpoint { txid: string, vout: number }

/**
 * Typed reads and writes of the feeder's keys (FeedKeys). Writes are collected into one
 * batch per step (`flush`), so a kill leaves each step either done or not started.
 */
export class FeedState {
  private ops: BatchOp[] = []
  private readonly wants = new Map<string, Outpoint[]>()
  /** Parsed transactions of this run, by txid (the raw hex stays in the store). */
  private readonly parsed = new Map<string, ParsedTx>()

  constructor (readonly store: IndexStore) {}

  async flush (): Promise<void> {
    const ops = this.ops
    this.ops = []
    await this.store.batch(ops)
  }

  private put (key: string, value: unknown): void { this.ops.push({ type: 'put', key, value }) }
  private del (key: string): void { this.ops.push({ type: 'del', key }) }

  async roots (): Promise<FollowedToken[]> {
    const out: FollowedToken[] = []
    for await (const [, r] of this.store.scan<FollowedToken>(FeedKeys.rootPrefix)) out.push(r)
    return out
  }

  addRoot (root: FollowedToken): void { this.put(FeedKeys.root(root.tokenId), root) }

  async hasTx (txid: string): Promise<boolean> {
    return this.parsed.has(txid) || await this.store.get<string>(FeedKeys.tx(txid)) !== undefined
  }

  /** A transaction whose bytes hashed to its id; pending until a proof positions it. */
  recordTx (tx: ParsedTx, hex: string): void {
    this.parsed.set(tx.txid, tx)
    this.put(FeedKeys.tx(tx.txid), hex)
    this.put(FeedKeys.pending(tx.txid), 1)
    this.wants.delete(tx.txid)
    this.del(FeedKeys.want(tx.txid))
  }

  async tx (txid: string): Promise<ParsedTx | undefined> {
    const known = this.parsed.get(txid)
    if (known !== undefined) return known
    const hex = await this.store.get<string>(FeedKeys.tx(txid))
    if (hex === undefined) return undefined
    const tx = readTransaction(Buffer.from(hex, 'hex'))
    if (this.parsed.size > 50_000) this.parsed.clear()
    this.parsed.set(txid, tx)
    return tx
  }

  /** A transaction to fetch, with the followed outputs a service says it spends (none for a root). */
  async want (txid: string, claimed?: Outpoint): Promise<void> {
    const known = this.wants.get(txid) ?? await this.store.get<Outpoint[]>(FeedKeys.want(txid)) ?? []
    if (claimed !== undefined && !known.some(o => o.txid === claimed.txid && o.vout === claimed.vout)) known.push(claimed)
    this.wants.set(txid, known)
    this.put(FeedKeys.want(txid), known)
  }

  async wanted (): Promise<Array<{ txid: string, claimed: Outpoint[] }>> {
    const out: Array<{ txid: string, claimed: Outpoint[] }> = []
    for await (const [key, claimed] of this.store.scan<Outpoint[]>(FeedKeys.wantPrefix)) out.push({ txid: key.slice(FeedKeys.wantPrefix.length), claimed })
    return out
  }

  async pending (): Promise<string[]> {
    const out: string[] = []
    for await (const [key] of this.store.scan<number>(FeedKeys.pendingPrefix)) out.push(key.slice(FeedKeys.pendingPrefix.length))
    return out
  }

  async position (txid: string): Promise<TxPosition | undefined> {
    return await this.store.get<TxPosition>(FeedKeys.position(txid))
  }

  setPosition (txid: string, at: TxPosition): void {
    this.put(FeedKeys.position(txid), at)
    this.put(FeedKeys.inBlock(at.height, at.index), txid)
    this.del(FeedKeys.pending(txid))
  }

  /** Back to pending: its block left the chain. */
  unposition (txid: string, at: TxPosition): void {
    this.del(FeedKeys.position(txid))
    this.del(FeedKeys.inBlock(at.height, at.index))
    this.put(FeedKeys.pending(txid), 1)
  }

  /** Forgotten: it left the mempool, or another transaction spent what it spent. */
  drop (txid: string): void {
    this.del(FeedKeys.pending(txid))
    this.parsed.delete(txid)
  }

  /** The txids positioned in the block at `height`, in block order. */
  async inBlock (height: number): Promise<Array<{ index: number, txid: string }>> {
    const out: Array<{ index: number, txid: string }> = []
    const prefix = FeedKeys.inBlockPrefix(height)
    for await (const [key, txid] of this.store.scan<string>(prefix)) out.push({ index: Number(key.slice(prefix.length)), txid })
    return out
  }

  /** The lowest height any transaction is positioned at, or undefined. */
  async lowestPositioned (): Promise<number | undefined> {
    const [first] = await collect(this.store.scan<string>(FeedKeys.inBlockAll, { limit: 1 }))
    return first === undefined ? undefined : Number(first[0].slice(FeedKeys.inBlockAll.length, FeedKeys.inBlockAll.length + 10))
  }

  /** Positions above `height`, highest first. */
  async positionedAbove (height: number): Promise<Array<{ txid: string, at: TxPosition }>> {
    const out: Array<{ txid: string, at: TxPosition }> = []
    for await (const [key, txid] of this.store.scan<string>(FeedKeys.inBlockAll, { reverse: true })) {
      const h = Number(key.slice(FeedKeys.inBlockAll.length, FeedKeys.inBlockAll.length + 10))
      if (h <= height) break
      out.push({ txid, at: { block: '', height: h, index: Number(key.slice(-9)) } })
    }
    return out
  }

  async candidates (outpoints: Outpoint[]): Promise<Array<Candidate | undefined>> {
    return await this.store.getMany<Candidate>(outpoints.map(o => FeedKeys.candidate(o.txid, o.vout)))
  }

  /** Follows an output: it joins the frontier until its spend is known. */
  addCandidate (txid: string, vout: number, c: Candidate): void {
    this.put(FeedKeys.candidate(txid, vout), c)
    this.put(FeedKeys.frontier(txid, vout), 1)
  }

  async frontier (): Promise<Outpoint[]> {
    const out: Outpoint[] = []
    for await (const [key] of this.store.scan<number>(FeedKeys.frontierPrefix)) out.push(outpointOf(key))
    return out
  }

  async spendOf (o: Outpoint): Promise<SpendRecord | undefined> {
    return await this.store.get<SpendRecord>(FeedKeys.spend(o.txid, o.vout))
  }

  recordSpend (o: Outpoint, spend: SpendRecord): void {
    this.put(FeedKeys.spend(o.txid, o.vout), spend)
    this.del(FeedKeys.frontier(o.txid, o.vout))
  }

  /** Its spend is in doubt again: ask for it next time. */
  reopen (o: Outpoint): void {
    this.del(FeedKeys.spend(o.txid, o.vout))
    this.put(FeedKeys.frontier(o.txid, o.vout), 1)
  }

  /** No longer followed (its transaction was dropped). */
  forget (o: Outpoint): void {
    this.del(FeedKeys.candidate(o.txid, o.vout))
    this.del(FeedKeys.frontier(o.txid, o.vout))
    this.del(FeedKeys.spend(o.txid, o.vout))
  }

  recordDisagreement (d: Disagreement): void {
    const [txid, vout] = d.outpoint.split('_')
    this.put(FeedKeys.disagreement(txid, Number(vout)), d)
  }

  async disagreement (o: Outpoint): Promise<Disagreement | undefined> {
    return await this.store.get<Disagreement>(FeedKeys.disagreement(o.txid, o.vout))
  }

  async disagreements (): Promise<Disagreement[]> {
    const out: Disagreement[] = []
    for await (const [, d] of this.store.scan<Disagreement>(FeedKeys.disagreementPrefix)) out.push(d)
    return out
  }
}

async function collect<T> (entries: AsyncGenerator<[string, T]>): Promise<Array<[string, T]>> {
  const out: Array<[string, T]> = []
  for await (const e of entries) out.push(e)
  return out
}
