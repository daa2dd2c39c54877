import { Transaction } from '@bsv/sdk'
import { Coin, isUnspendable, outpointKey } from './Coin'
import { Store, StoreOp } from './Store'

/** What a low-paying transaction and its low-paying ancestors add up to (the node's SecondaryMempoolEntryData). */
export interface GroupData {
  fee: bigint
  size: number
  /** Low-paying ancestors, counted once per path as the node counts them. */
  ancestors: number
}

/** A transaction waiting in the mempool. */
export interface MempoolEntry {
  txid: string
  raw: Uint8Array
  tx: Transaction
  fee: bigint
  /** Added to the fee when deciding whether it pays to be mined (prioritisetransaction, sendrawtransaction's dontcheckfee). */
  feeDelta: bigint
  /** Unix time it was accepted. */
  time: number
  /** Chain height when it was accepted. */
  height: number
  /** Acceptance order: parents always have a lower sequence than their children. */
  seq: number
  /** The longest chain of unconfirmed parents below it (the node's ancestorsCount). */
  ancestors: number
  /**
   * In the primary mempool, which blocks are built from: it pays the mining fee itself, or
   * a descendant pays for its group (child pays for parent). Otherwise it waits in the
   * secondary mempool, and `group` says how far its group is from paying.
   */
  primary: boolean
  group: GroupData | null
  /** Mempool transactions it spends from, and that spend from it. */
  parents: Set<string>
  children: Set<string>
}

export type NewMempoolEntry = Pick<MempoolEntry, 'txid' | 'raw' | 'tx' | 'fee' | 'feeDelta' | 'time' | 'height'>

/** The node's limits on chains of unconfirmed transactions (-limitancestorcount, -limitcpfpgroupmemberscount). */
export interface ChainLimits {
  ancestors: number
  cpfpGroupMembers: number
}

const mempoolKey = (seq: number): string => 'mp:' + seq.toString().padStart(12, '0')

/**
 * Accepted, unconfirmed transactions, in acceptance order, persisted one key each. As in the
 * node, a transaction that pays less than the mining fee is accepted but waits in the
 * secondary mempool, never mined, until a descendant pays enough for the whole group (then
 * the group moves to the primary mempool), it expires, or the mining fee changes (the
 * devnet restarted with another rate re-sorts its saved mempool).
 */
export class Mempool {
  readonly entries = new Map<string, MempoolEntry>()
  /** outpoint → txid of the mempool transaction spending it. */
  readonly spentBy = new Map<string, string>()
  private nextSeq = 1

  /** `miningFee(size)`: the fee a group of that many bytes must pay to be mined. */
  constructor (private readonly store: Store, private readonly miningFee: (size: number) => bigint) {}

  /** Reloads the mempool saved under the data directory, in its acceptance order, sorted under today's mining fee. */
  async load (): Promise<void> {
    const saved: Array<NewMempoolEntry & { seq: number }> = []
    for await (const [key, value] of this.store.entries('mp:')) {
      const s = JSON.parse(value) as { hex: string, fee: string, delta?: string, time: number, height: number }
      const raw = Uint8Array.from(Buffer.from(s.hex, 'hex'))
      const tx = Transaction.fromBinary(Array.from(raw))
      saved.push({ txid: tx.id('hex'), raw, tx, fee: BigInt(s.fee), feeDelta: BigInt(s.delta ?? '0'), time: s.time, height: s.height, seq: Number(key.slice(3)) })
    }
    this.rebuild(saved)
  }

  get size (): number { return this.entries.size }

  /** Bytes of the transactions waiting in the secondary mempool. */
  get secondaryBytes (): number {
    let bytes = 0
    for (const e of this.entries.values()) if (!e.primary) bytes += e.raw.length
    return bytes
  }

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
   * The node's CheckAncestorLimits for a transaction spending from `parents`: the reason it
   * may not join the mempool, or null.
   */
  chainLimitError (parents: Iterable<string>, limits: ChainLimits): string | null {
    let ancestors = 0
    let lowPaying = 0
    for (const txid of new Set(parents)) {
      const parent = this.entries.get(txid)
      if (parent === undefined) continue
      ancestors = Math.max(ancestors, parent.ancestors + 1)
      if (!parent.primary) lowPaying += (parent.group?.ancestors ?? 0) + 1
      if (ancestors >= limits.ancestors) return `too many unconfirmed parents, ${ancestors} [limit: ${limits.ancestors}]`
      if (lowPaying >= limits.cpfpGroupMembers) return `too many unconfirmed parents which we are not willing to mine, ${lowPaying} [limit: ${limits.cpfpGroupMembers}]`
    }
    return null
  }

  /**
   * Adds an accepted transaction. Its LevelDB write is group-committed with its neighbours
   * (within milliseconds, always before any later block): a kill can lose only the last few
   * accepted transactions, never make the stored chain and mempool disagree.
   */
  add (entry: NewMempoolEntry): MempoolEntry {
    const full = this.link(entry, this.nextSeq)
    this.acceptChildless(full)
    this.save(full)
    return full
  }

  /** Adds `delta` to what a transaction counts as paying; it may take its group into the primary mempool. */
  prioritise (txid: string, delta: bigint): boolean {
    const entry = this.entries.get(txid)
    if (entry === undefined) return false
    entry.feeDelta += delta
    if (!entry.primary) this.promote([entry])
    this.save(entry)
    return true
  }

  private save (entry: MempoolEntry): void {
    const saved = { hex: Buffer.from(entry.raw).toString('hex'), fee: entry.fee.toString(), delta: entry.feeDelta.toString(), time: entry.time, height: entry.height }
    this.store.write([{ type: 'put', key: mempoolKey(entry.seq), value: JSON.stringify(saved) }], true).catch(e => {
      process.stderr.write(`devnet: could not save mempool transaction ${entry.txid}: ${(e as Error).message}\n`)
    })
  }

  /** What blocks are built from: the primary mempool, parents before children. */
  mineable (): MempoolEntry[] {
    return [...this.entries.values()].filter(e => e.primary)
  }

  /** Removes transactions now in a block; returns the deletions for the block's batch. */
  removeConfirmed (txids: string[]): StoreOp[] {
    const ops = this.unlink(txids)
    this.recountAncestors()
    return ops
  }

  /** Removes the transactions accepted before `cutoff` (Unix time) and their descendants, as the node's -mempoolexpiry does. */
  async expire (cutoff: number): Promise<string[]> {
    const first = this.entries.values().next().value as MempoolEntry | undefined
    if (first === undefined || first.time >= cutoff) return []
    const doomed = new Set<string>()
    for (const e of this.entries.values()) if (e.time < cutoff) this.descendants(e.txid, doomed)
    const ops = this.unlink([...doomed])
    this.rebuild([...this.entries.values()])
    await this.store.write(ops)
    return [...doomed]
  }

  /** A transaction and everything in the mempool that spends from it, into `into`. */
  descendants (txid: string, into = new Set<string>()): Set<string> {
    const stack = [txid]
    while (stack.length > 0) {
      const id = stack.pop() as string
      if (into.has(id) || !this.entries.has(id)) continue
      into.add(id)
      for (const child of (this.entries.get(id) as MempoolEntry).children) stack.push(child)
    }
    return into
  }

  private link (entry: NewMempoolEntry, seq: number): MempoolEntry {
    const full: MempoolEntry = { ...entry, seq, ancestors: 0, primary: false, group: { fee: 0n, size: 0, ancestors: 0 }, parents: new Set(), children: new Set() }
    for (const input of entry.tx.inputs) {
      const parentId = input.sourceTXID as string
      this.spentBy.set(outpointKey(parentId, input.sourceOutputIndex), entry.txid)
      const parent = this.entries.get(parentId)
      if (parent === undefined) continue
      full.parents.add(parentId)
      parent.children.add(entry.txid)
      full.ancestors = Math.max(full.ancestors, parent.ancestors + 1)
    }
    this.entries.set(entry.txid, full)
    this.nextSeq = Math.max(this.nextSeq, seq + 1)
    return full
  }

  private unlink (txids: string[]): StoreOp[] {
    const ops: StoreOp[] = []
    for (const txid of txids) {
      const entry = this.entries.get(txid)
      if (entry === undefined) continue
      this.entries.delete(txid)
      for (const input of entry.tx.inputs) this.spentBy.delete(outpointKey(input.sourceTXID as string, input.sourceOutputIndex))
      for (const parent of entry.parents) this.entries.get(parent)?.children.delete(txid)
      for (const child of entry.children) this.entries.get(child)?.parents.delete(txid)
      ops.push({ type: 'del', key: mempoolKey(entry.seq) })
    }
    return ops
  }

  /** Ancestor depths after parents left (confirmed): acceptance order visits parents first. */
  private recountAncestors (): void {
    for (const e of this.entries.values()) {
      let depth = 0
      for (const p of e.parents) depth = Math.max(depth, (this.entries.get(p) as MempoolEntry).ancestors + 1)
      e.ancestors = depth
    }
  }

  /**
   * Adds the entries again one by one in acceptance order, as if each had just arrived
   * (after a load or an expiry): every one is sorted into the primary or secondary mempool
   * seeing only the transactions accepted before it.
   */
  private rebuild (entries: Array<NewMempoolEntry & { seq: number }>): void {
    this.entries.clear()
    this.spentBy.clear()
    for (const e of entries) {
      const { txid, raw, tx, fee, feeDelta, time, height, seq } = e
      this.acceptChildless(this.link({ txid, raw, tx, fee, feeDelta, time, height }, seq))
    }
  }

  /** Its own fee and size plus what its low-paying parents' groups carry (CalculateSecondaryMempoolData). */
  private groupOf (entry: MempoolEntry): GroupData {
    const group: GroupData = { fee: entry.fee + entry.feeDelta, size: entry.raw.length, ancestors: 0 }
    for (const p of entry.parents) {
      const parent = this.entries.get(p) as MempoolEntry
      if (parent.primary || parent.group === null) continue
      group.fee += parent.group.fee
      group.size += parent.group.size
      group.ancestors += parent.group.ancestors + 1
    }
    return group
  }

  private paysEnough (group: GroupData): boolean {
    return group.fee >= this.miningFee(group.size)
  }

  /** A new entry (no children yet): primary if it pays for itself, or for its whole low-paying group. */
  private acceptChildless (entry: MempoolEntry): void {
    const group = this.groupOf(entry)
    if (!this.paysEnough(group)) { entry.group = group; return }
    if (group.ancestors === 0) { entry.primary = true; entry.group = null; return }
    this.promote([entry])
  }

  /**
   * The node's TryAcceptToPrimaryMempool: visits entries parents first; one that pays for
   * its group takes the group (itself and its low-paying ancestors) into the primary mempool,
   * and their other children are looked at again, since their debts changed.
   */
  private promote (start: MempoolEntry[]): void {
    const queue = new Map(start.map(e => [e.txid, e]))
    while (queue.size > 0) {
      const entry = [...queue.values()].reduce((a, b) => (b.seq < a.seq ? b : a))
      queue.delete(entry.txid)
      if (entry.primary) continue
      const group = this.groupOf(entry)
      const before = entry.group
      let members: MempoolEntry[] = []
      if (!this.paysEnough(group)) {
        entry.group = group
        if (before !== null && before.fee === group.fee && before.size === group.size && before.ancestors === group.ancestors) continue
      } else {
        members = group.ancestors === 0 ? [entry] : this.lowPayingAncestors(entry)
        for (const m of members) { m.primary = true; m.group = null }
      }
      for (const from of members.length > 0 ? members : [entry]) {
        for (const child of from.children) {
          const c = this.entries.get(child) as MempoolEntry
          if (!c.primary && !members.includes(c)) queue.set(child, c)
        }
      }
    }
  }

  /** The entry and, through low-paying parents only, all its low-paying ancestors. */
  private lowPayingAncestors (entry: MempoolEntry): MempoolEntry[] {
    const found = new Map<string, MempoolEntry>()
    const stack = [entry]
    while (stack.length > 0) {
      const e = stack.pop() as MempoolEntry
      if (found.has(e.txid)) continue
      found.set(e.txid, e)
      for (const p of e.parents) {
        const parent = this.entries.get(p) as MempoolEntry
        if (!parent.primary) stack.push(parent)
      }
    }
    return [...found.values()]
  }
}
