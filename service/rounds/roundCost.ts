import { planBatches } from '../../contracts/offchain/distributionPlan'
import { commitLeaves, type Leaf } from '../../contracts/offchain/snapshot'

/** What paying a round would cost against what it pays, batch by batch. */
export interface RoundCost {
  /** Every batch pays its holders more than its own fee. */
  covers: boolean
  batches: number
  payouts: bigint
  fees: bigint
  /** The first batch that does not, when one does not. */
  why?: string
}

/**
 * Whether the payouts of a round over `leaves` would cover the fees of the batches that pay
 * them: each `distribute` carries the contract's script twice (its next output and the
 * preimage's script code), the batch's 28-byte leaves and one 34-byte output per holder. A
 * round whose batches would cost more than they pay is not worth starting: its pool waits for
 * more payments.
 */
export function roundCost (leaves: readonly Leaf[], pool: bigint, supply: bigint, batchSize: number, scriptBytes: number, feePerKb: number): RoundCost {
  const batches = planBatches(leaves, commitLeaves(leaves), batchSize, pool, supply)
  return costOf(batches.map(b => ({ n: b.leaves.length, paid: b.payouts.reduce((s, p) => s + p, 0n) })), scriptBytes, feePerKb)
}

function costOf (batches: Array<{ n: number, paid: bigint }>, scriptBytes: number, feePerKb: number): RoundCost {
  let payouts = 0n
  let fees = 0n
  let why: string | undefined
  batches.forEach((b, i) => {
    const bytes = 2 * scriptBytes + 62 * b.n + 450
    const fee = BigInt(Math.ceil(bytes * feePerKb / 1000))
    payouts += b.paid
    fees += fee
    if (why === undefined && b.paid <= fee) why = `batch ${i + 1} of ${batches.length} would pay ${b.n} holders ${b.paid} satoshis for a fee of about ${fee}`
  })
  return { covers: why === undefined && batches.length > 0, batches: batches.length, payouts, fees, why: batches.length === 0 ? 'no holder would receive a satoshi' : why }
}
