import { bsv } from 'scrypt-ts'
import { commitmentChain, EMPTY_COMMITMENT, payoutOf, type Leaf } from './snapshot'

/** One `distribute` call: which leaves it pays and the chain it leaves behind. */
export interface DistributionBatch {
  /** Index of the first leaf of the batch in the round's leaves. */
  first: number
  leaves: Leaf[]
  /** The commitment of the leaves after this batch (the contract's next cursor). */
  tail: string
  payouts: bigint[]
}

/**
 * Where a round stands: the contract's cursor is the chain of the unpaid leaves, so the
 * number of leaves already paid is the i with C_i == cursor. Returns -1 when the cursor
 * is not a link of this leaf list (the leaves are not this round's).
 */
export function paidSoFar (leaves: readonly Leaf[], cursor: string): number {
  if (cursor === EMPTY_COMMITMENT) return leaves.length
  return commitmentChain(leaves).indexOf(cursor)
}

/** Splits the unpaid leaves of a round into batches of at most `batchSize`. */
export function planBatches (leaves: readonly Leaf[], cursor: string, batchSize: number, pool: bigint, supply: bigint): DistributionBatch[] {
  const chain = commitmentChain(leaves)
  const start = cursor === EMPTY_COMMITMENT ? leaves.length : chain.indexOf(cursor)
  if (start < 0) throw new Error('the contract\'s cursor is not a link of these leaves: they are not this round\'s snapshot')
  const batches: DistributionBatch[] = []
  for (let first = start; first < leaves.length; first += batchSize) {
    const batch = leaves.slice(first, first + batchSize)
    batches.push({
      first,
      leaves: batch,
      tail: chain[first + batch.length],
      payouts: batch.map(l => payoutOf(pool, l.amount, supply))
    })
  }
  return batches
}

/** A batch's payouts as the contract writes them: one P2PKH output per leaf, in leaf order. */
export function payoutOutputs (batch: DistributionBatch): Array<{ script: bsv.Script, satoshis: number }> {
  return batch.leaves.map((leaf, i) => ({
    script: bsv.Script.buildPublicKeyHashOut(bsv.Address.fromPublicKeyHash(Buffer.from(leaf.pkh, 'hex'), 'testnet')),
    satoshis: Number(batch.payouts[i])
  }))
}
