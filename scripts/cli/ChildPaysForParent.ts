import type { RpcClient } from '../../network/rpc/RpcClient'
import { RpcError } from '../../network/rpc/RpcError'

/** The most unconfirmed ancestors looked at (a node takes far fewer low-fee ones into a group: 25). */
const MAX_ANCESTORS = 1000

interface Entry { txid: string, size: number, fee: number, depends: string[] }

/** A low-paying group: fee and size of a transaction and its low-paying ancestors, as the node adds them up. */
interface Group { fee: number, size: number, members: string[] }

/** What a transaction spending from some parents must pay on top of its own fee for them to be mined with it. */
export interface ParentsDebt {
  /** Satoshis: what the parents' low-paying groups lack of the fee rate. */
  debt: number
  /** The unconfirmed transactions below the mining fee that it pays for. */
  lowFee: string[]
}

/**
 * The node's view of part of its mempool: a transaction under the mining fee waits in the
 * secondary mempool, with its low-paying ancestors as its group, until a descendant pays for
 * the whole group (the group's fee, the child's included, must reach the rate over the
 * group's size; then they all move to the primary mempool, which blocks are built from).
 * This reads the unconfirmed ancestors of some transactions with `getmempoolentry` (size,
 * fee, mempool parents) and sorts them, parents first, the way the node does; a descendant
 * outside them that already paid for one is not seen, so a group may be thought unpaid when
 * it is paid: the debt is then overpaid, never underpaid.
 */
export class MempoolGroups {
  private readonly entries = new Map<string, Entry>()
  private readonly groups = new Map<string, Group | null>()

  private constructor (private readonly feePerKb: number) {}

  /** The groups of the unconfirmed ancestors of `txids` (and of themselves when unconfirmed). */
  static async read (rpc: RpcClient, txids: readonly string[], feePerKb: number): Promise<MempoolGroups> {
    const g = new MempoolGroups(feePerKb)
    const queue = [...txids]
    while (queue.length > 0 && g.entries.size < MAX_ANCESTORS) {
      const txid = queue.shift() as string
      if (g.entries.has(txid)) continue
      let e: { size: number, fee: number, depends?: string[] }
      try {
        e = await rpc.call<{ size: number, fee: number, depends?: string[] }>('getmempoolentry', [txid])
      } catch (err) {
        // Not in the mempool: confirmed (or unknown), nothing to pay for.
        if (err instanceof RpcError && err.code === -5) continue
        throw err
      }
      g.entries.set(txid, { txid, size: e.size, fee: Math.round(e.fee * 1e8), depends: e.depends ?? [] })
      queue.push(...(e.depends ?? []))
    }
    return g
  }

  private owed (size: number): number {
    return Math.ceil(size * this.feePerKb / 1000)
  }

  /** The low-paying group of an unconfirmed transaction (null when it is mined or in the primary mempool). */
  groupOf (txid: string): Group | null {
    const known = this.groups.get(txid)
    if (known !== undefined) return known
    const e = this.entries.get(txid)
    if (e === undefined) { this.groups.set(txid, null); return null }
    const group: Group = { fee: e.fee, size: e.size, members: [txid] }
    for (const p of e.depends) {
      const pg = this.groupOf(p)
      if (pg === null) continue
      group.fee += pg.fee
      group.size += pg.size
      group.members.push(...pg.members)
    }
    if (group.fee >= this.owed(group.size)) {
      // It pays for its group: the group is mined with it.
      for (const m of group.members) this.groups.set(m, null)
      return null
    }
    this.groups.set(txid, group)
    return group
  }

  /** What a child spending from `parents` must add to its own fee for their groups to be mined with it. */
  debtOf (parents: readonly string[]): ParentsDebt {
    let fee = 0
    let size = 0
    const lowFee = new Set<string>()
    for (const p of new Set(parents)) {
      const g = this.groupOf(p)
      if (g === null) continue
      fee += g.fee
      size += g.size
      for (const m of g.members) if (this.entries.get(m)!.fee < this.owed(this.entries.get(m)!.size)) lowFee.add(m)
    }
    return { debt: Math.max(0, this.owed(size) - fee), lowFee: [...lowFee] }
  }
}
