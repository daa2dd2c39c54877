import { bsv, ByteString, PubKey, toByteString, toHex } from 'scrypt-ts'
import { DividendV1 } from '../../contracts/v1/dividendV1'
import type { RawLeaf } from './leafModel'

export { payoutOutputs, randomPkh, rawCommit, type RawLeaf } from './leafModel'

/** A FixedArray<Leaf, N> argument: the batch padded with leaves the contract never reads. */
export function padLeaves (leaves: readonly RawLeaf[], n: number): Array<{ pkh: ByteString, amount: bigint }> {
  const padded = leaves.map(l => ({ pkh: l.pkh as ByteString, amount: l.amount }))
  while (padded.length < n) padded.push({ pkh: '00'.repeat(20) as ByteString, amount: 0n })
  return padded
}

/**
 * A dividend contract that has been called at least once (not genesis, so its state is
 * read from its script), for the token `ab…ab_0` of a 1,000,000,000 supply, in `state`.
 */
export function calledDividend (operator: bsv.PrivateKey, state: Partial<DividendV1> = {}): DividendV1 {
  return continued(new DividendV1(toByteString('ab'.repeat(32) + '_0', true), 1_000_000_000n, PubKey(toHex(operator.publicKey))), state)
}

/** The contract as it carries on after a call, with `change` applied to its state. */
export function continued (c: DividendV1, change: Partial<DividendV1>): DividendV1 {
  const n = c.next()
  Object.assign(n, change)
  return n
}
