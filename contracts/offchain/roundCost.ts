/**
 * What running a dividend round costs in fees, estimated from the sizes of its calls: the
 * call that starts it (the contract's script twice, once as the new output and once inside
 * the preimage, plus the published leaves) and one `distribute` call per batch (the script
 * twice again, and per holder its payout output and its 28-byte leaf). The estimate errs low
 * (it leaves out the fee coins' own signatures beyond one), so a round refused by it really
 * costs more than it pays.
 */
export interface RoundCostInput {
  /** Bytes of the contract's locking script. */
  scriptBytes: number
  /** Holders the round pays. */
  holders: number
  /** Holders per distribute call. */
  batchSize: number
  /** Satoshis per 1000 bytes. */
  feePerKb: number
}

/** Bytes of a call besides the contract's script (twice) and the holders: inputs, preimage fields, change. */
const CALL_OVERHEAD = 400
/** A payout output (8 + 1 + 25) and its leaf in the batch argument (28). */
const HOLDER_BYTES = 34 + 28
/** A leaf in the published list. */
const LEAF_BYTES = 28

export function roundFees (r: RoundCostInput): bigint {
  const calls = Math.ceil(r.holders / Math.max(1, r.batchSize))
  const start = 2 * r.scriptBytes + CALL_OVERHEAD + LEAF_BYTES * r.holders
  const pay = calls * (2 * r.scriptBytes + CALL_OVERHEAD) + HOLDER_BYTES * r.holders
  return BigInt(Math.ceil((start + pay) * r.feePerKb / 1000))
}

/**
 * Why a round paying `payouts` (one per holder) is not worth running, or undefined when it
 * is: its payouts must add up to more than the fees of its calls, else it pays more to the
 * miners than to the holders (right after a round, what rounding left in the contract is a
 * few satoshis: such a round is refused, and they wait for the next payments).
 */
export function uneconomicRound (payouts: readonly bigint[], cost: Omit<RoundCostInput, 'holders'>): string | undefined {
  const total = payouts.reduce((s, p) => s + p, 0n)
  const fees = roundFees({ ...cost, holders: payouts.length })
  if (total > fees) return undefined
  return `a round would pay ${total} satoshis to ${payouts.length} holder(s) and cost about ${fees} satoshis in fees: its payouts would not cover their own fees; wait for more payments into the contract`
}
