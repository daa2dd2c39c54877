import type { Leaf } from './Leaf'

/** What the dividend contract pays a leaf: floor(pool * amount / supply) satoshis. */
export function payoutOf (pool: bigint, amount: bigint, supply: bigint): bigint {
  if (supply <= 0n) throw new Error('supply must be positive')
  return pool * amount / supply
}

/**
 * The leaves worth paying from `pool`: those whose payout is at least 1 satoshi. Leaves are
 * sorted by amount descending, so the cut leaves are a suffix and the kept ones a prefix.
 */
export function cutUnpayable (leaves: readonly Leaf[], pool: bigint, supply: bigint): Leaf[] {
  let keep = 0
  while (keep < leaves.length && payoutOf(pool, leaves[keep].amount, supply) > 0n) keep++
  return leaves.slice(0, keep)
}
