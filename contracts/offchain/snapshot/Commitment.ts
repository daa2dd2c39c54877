import { createHash } from 'crypto'
import type { Leaf } from './Leaf'
import { num2bin } from './Num2bin'

/** C_n: the commitment of an empty list, and the cursor of a contract with no running round. */
export const EMPTY_COMMITMENT = '00'.repeat(32)

/** sha256(pkh || num2bin(amount, 8) || next): one link of the reverse hash chain. */
export function linkLeaf (leaf: Leaf, next: string): string {
  return createHash('sha256')
    .update(Buffer.from(leaf.pkh, 'hex'))
    .update(num2bin(leaf.amount, 8))
    .update(Buffer.from(next, 'hex'))
    .digest('hex')
}

/**
 * Folds leaves onto `tail` from the last to the first: C_i = sha256(pkh_i || amount_i || C_(i+1)).
 * With the default tail C_n this is the snapshot commitment C_0.
 */
export function commitLeaves (leaves: readonly Leaf[], tail: string = EMPTY_COMMITMENT): string {
  let c = tail
  for (let i = leaves.length - 1; i >= 0; i--) c = linkLeaf(leaves[i], c)
  return c
}

/** Every C_i of the chain, C_0 first and C_n (the tail) last: the cursor after paying i leaves. */
export function commitmentChain (leaves: readonly Leaf[], tail: string = EMPTY_COMMITMENT): string[] {
  const chain = new Array<string>(leaves.length + 1)
  chain[leaves.length] = tail
  for (let i = leaves.length - 1; i >= 0; i--) chain[i] = linkLeaf(leaves[i], chain[i + 1])
  return chain
}
