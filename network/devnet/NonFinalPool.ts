import { Transaction } from '@bsv/sdk'
import { outpointKey } from './Coin'
import { Store } from './Store'

/** A transaction that cannot be mined yet (its lock time is in the future and it opts in with a non-final sequence). */
export interface NonFinalEntry {
  txid: string
  raw: Uint8Array
  tx: Transaction
  fee: bigint
  /** Unix time it was accepted. */
  time: number
  /** Chain height when it was accepted. */
  height: number
}

const key = (txid: string): string => 'nf:' + txid

/**
 * The node's non-final (time-locked) pool: validated transactions that wait until they are
 * final, then go through acceptance again into the mempool. They may be replaced by an
 * update that spends the same outpoints with higher sequence numbers; they cannot be spent
 * from. Persisted one key each under the data directory.
 */
export class NonFinalPool {
  readonly entries = new Map<string, NonFinalEntry>()
  /** outpoint → txid of the non-final transaction spending it. */
  readonly spentBy = new Map<string, string>()

  constructor (private readonly store: Store) {}

  async load (): Promise<void> {
    for await (const [, value] of this.store.entries('nf:')) {
      const saved = JSON.parse(value) as { hex: string, fee: string, time: number, height: number }
      const raw = Uint8Array.from(Buffer.from(saved.hex, 'hex'))
      const tx = Transaction.fromBinary(Array.from(raw))
      this.index({ txid: tx.id('hex'), raw, tx, fee: BigInt(saved.fee), time: saved.time, height: saved.height })
    }
  }

  get size (): number { return this.entries.size }

  async add (entry: NonFinalEntry): Promise<void> {
    this.index(entry)
    const saved = { hex: Buffer.from(entry.raw).toString('hex'), fee: entry.fee.toString(), time: entry.time, height: entry.height }
    await this.store.write([{ type: 'put', key: key(entry.txid), value: JSON.stringify(saved) }])
  }

  async remove (txids: string[]): Promise<void> {
    for (const txid of txids) {
      const entry = this.entries.get(txid)
      if (entry === undefined) continue
      this.entries.delete(txid)
      for (const input of entry.tx.inputs) this.spentBy.delete(outpointKey(input.sourceTXID as string, input.sourceOutputIndex))
    }
    if (txids.length > 0) await this.store.write(txids.map(t => ({ type: 'del' as const, key: key(t) })))
  }

  /** The held transactions whose outpoints `tx` spends too. */
  updatedBy (tx: Transaction): Set<string> {
    const found = new Set<string>()
    for (const input of tx.inputs) {
      const holder = this.spentBy.get(outpointKey(input.sourceTXID as string, input.sourceOutputIndex))
      if (holder !== undefined) found.add(holder)
    }
    return found
  }

  /** Those accepted before `cutoff` (Unix time), for -mempoolexpirynonfinal. */
  expiredBefore (cutoff: number): string[] {
    return [...this.entries.values()].filter(e => e.time < cutoff).map(e => e.txid)
  }

  private index (entry: NonFinalEntry): void {
    this.entries.set(entry.txid, entry)
    for (const input of entry.tx.inputs) this.spentBy.set(outpointKey(input.sourceTXID as string, input.sourceOutputIndex), entry.txid)
  }
}

/**
 * The node's validateUpdateNL: an update spends the same outpoints in the same order,
 * never lowers a sequence number and raises at least one. Answers whether it is valid and
 * whether it finalises the transaction, or null when it is no valid update.
 */
export function checkUpdate (update: Transaction, old: Transaction): { finalised: boolean } | null {
  if (update.inputs.length !== old.inputs.length) return null
  let raised = false
  let finalised = true
  for (const [i, input] of update.inputs.entries()) {
    const before = old.inputs[i]
    if (input.sourceTXID !== before.sourceTXID || input.sourceOutputIndex !== before.sourceOutputIndex) return null
    const seq = input.sequence ?? 0xffffffff
    const oldSeq = before.sequence ?? 0xffffffff
    if (seq < oldSeq) return null
    if (seq > oldSeq) {
      raised = true
      if (seq !== 0xffffffff) finalised = false
    }
  }
  return raised ? { finalised } : null
}
