import type { NetworkSettings } from '../../network/networks'

/**
 * How many confirmations a round's snapshot height must have when the round starts, so that
 * a re-org cannot make an honest snapshot unreproducible: the network's (1 on devnet and
 * regtest, 6 on testnet and mainnet), or the one a command is given.
 */
export function snapshotDepth (settings: NetworkSettings, given?: number): number {
  const depth = given ?? settings.snapshotDepth
  if (!Number.isInteger(depth) || depth < 1) throw new Error(`the snapshot depth is at least 1 confirmation, got ${depth}`)
  return depth
}

/** The newest snapshot height `depth` blocks deep on a chain whose tip is `tip`. */
export function deepSnapshotHeight (tip: number, depth: number): number {
  const height = tip - depth + 1
  if (height < 1) throw new Error(`the chain has ${tip + 1} blocks: a snapshot ${depth} block(s) deep needs more (mine or wait for blocks)`)
  return height
}

/**
 * The confirmations a snapshot at `snapshotHeight` had when its round started in the block
 * at `startHeight` (for a start still in the mempool, the next block): the tip was then at
 * most `startHeight - 1`.
 */
export function depthAtStart (snapshotHeight: number, startHeight: number): number {
  return startHeight - snapshotHeight
}
