import { Transaction } from '@bsv/sdk'
import { Coin, isUnspendable, outpointKey } from './Coin'
import { Store, StoreOp } from './Store'

/** A transaction waiting in the mempool. */
export interface MempoolEntry {
  txid: string
  raw: Uint8Array
  tx: Transaction
  fee: bigint
  /** Unix time it was accepted. */
  time: number
  /** Chain height when it was accepted. */
  height: number
  /** Acceptance order: parents always have a lower sequence than their children. */
  seq: number
}

const mempoolKey = (seq: number): string => 'mp:' + seq.toString().padStart(12, '0')

/** Accepted, unconfirmed transactions, in acceptance order, persisted one key each. */
export class Mempool {
  readonly entries = new Map<string, MempoolEntry>()
  /** outpoint → txid of the mempool transaction spending it. */
  readonly spentBy = new Map<string, string>()
  private nextSeq = 1

  constructor (private readonly store: Store) {}

  /** Reloads the mempool saved under the data directory, in its acceptance order. */
  async load (): Promise<void> {
    for await (const [key, value] of this.store.entries('mp:')) {
      const saved = JSON.parse(value) as { hex: string, fee: string, time: number, height: number }
      const raw = Uint8Array.from(Buffer.from(saved.hex, 'hex'))
      const tx = Transaction.fromBinary(Array.from(raw))
      const seq = Number(key.slice(3))
      this.index({ txid: tx.id('hex'), raw, tx, fee: BigInt(saved.fee), time: saved.time, height: saved.height, seq })
    }
  }

  get size (): number { return this.entries.size }

  /** An output of a mempool transaction, if it exists and is not spent in the mempool. */
  coin (txid: string, vout: number): Coin | undefined {
    const entry = this.entries.get(txid)
    const output = entry?.tx.outputs[vout]
    if (output === undefined) return undefined
    const script = output.lockingScript.toHex()
    if (isUnspendable(script)) return undefined
    return { satoshis: BigInt(output.satoshis as number), script, height: -1, coinbase: false }
  }

  /**
   * Adds an accepted transaction. Its LevelDB write is group-committed with its neighbours
   * (within milliseconds, always before any later block): a kill can lose only the last few
   * accepted transactions, never make the stored chain and mempool disagree.
   */
  add (entry: Omit<MempoolEntry, 'seq'>): void {
    const full: MempoolEntry = { ...entry, seq: this.nextSeq }
    this.index(full)
    const saved = { hex: Buffer.from(entry.raw).toString('hex'), fee: entry.fee.toString(), time: entry.time, height: entry.height }
    this.store.write([{ type: 'put', key: mempoolKey(full.seq), value: JSON.stringify(saved) }], true).catch(e => {
      process.stderr.write(`devnet: could not save mempool transaction ${entry.txid}: ${(e as Error).message}\n`)
    })
  }

  private index (entry: MempoolEntry): void {
    this.entries.set(entry.txid, entry)
    for (const input of entry.tx.inputs) this.spentBy.set(outpointKey(input.sourceTXID as string, input.sourceOutputIndex), entry.txid)
    this.nextSeq = Math.max(this.nextSeq, entry.seq + 1)
  }

  /** Removes transactions now in a block; returns the deletions for the block's batch. */
  removeConfirmed (txids: string[]): StoreOp[] {
    const ops: StoreOp[] = []
    for (const txid of txids) {
      const entry = this.entries.get(txid)
      if (entry === undefined) continue
      this.entries.delete(txid)
      for (const input of entry.tx.inputs) this.spentBy.delete(outpointKey(input.sourceTXID as string, input.sourceOutputIndex))
      ops.push({ type: 'del', key: mempoolKey(entry.seq) })
    }
    return ops
  }
}
