import { commitLeaves } from './Commitment'
import { buildLeaves, type Holding, type Leaf } from './Leaf'
import { cutUnpayable, payoutOf } from './Payout'

/** A round's leaves and their commitment, as `buildSnapshot` computes them. */
export interface Snapshot {
  /** Payable leaves in commitment order (after the cut when a pool is given). */
  leaves: Leaf[]
  /** C_0 over `leaves`. */
  commitment: string
  /** Leaves left out because their payout from the pool would be 0. */
  cut: Leaf[]
  /** Sum of the amounts of `leaves`. */
  tokens: bigint
  /** Payout per leaf when a pool is given. */
  payouts?: bigint[]
}

/**
 * The snapshot of a set of holdings (1-satoshi valid token outputs confirmed at or below the
 * snapshot height): leaves, the cut of leaves a `pool` would pay nothing, and the commitment.
 */
export function buildSnapshot (holdings: Iterable<Holding>, supply: bigint, pool?: bigint): Snapshot {
  const all = buildLeaves(holdings)
  for (const leaf of all) {
    if (leaf.amount > supply) throw new Error(`leaf ${leaf.pkh} holds ${leaf.amount}, more than the supply ${supply}`)
  }
  const leaves = pool === undefined ? all : cutUnpayable(all, pool, supply)
  const tokens = leaves.reduce((s, l) => s + l.amount, 0n)
  const snapshot: Snapshot = { leaves, commitment: commitLeaves(leaves), cut: all.slice(leaves.length), tokens }
  if (pool !== undefined) snapshot.payouts = leaves.map(l => payoutOf(pool, l.amount, supply))
  return snapshot
}
