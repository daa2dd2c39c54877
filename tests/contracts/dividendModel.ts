import { createHash } from 'crypto'
import { bsv, ByteString, PubKey, PubKeyHash, toByteString, toHex, Utils } from 'scrypt-ts'
import { Dividend } from '../../contracts/dividend'
import { num2bin } from '../../contracts/offchain/snapshot'

/**
 * A leaf as an attacker may write it: any pkh length, any amount. The honest forms come
 * from the indexer's snapshot code; these exist to build adversarial rounds.
 */
export interface RawLeaf {
  pkh: string
  amount: bigint
}

/** sha256(pkh || num2bin(amount, 8) || next) over raw bytes, whatever their lengths. */
export function rawLink (leaf: RawLeaf, next: string): string {
  return createHash('sha256').update(Buffer.concat([Buffer.from(leaf.pkh, 'hex'), num2bin(leaf.amount, 8), Buffer.from(next, 'hex')])).digest('hex')
}

/** The chain of a list of leaves folded onto `tail`. */
export function rawCommit (leaves: readonly RawLeaf[], tail = '00'.repeat(32)): string {
  return leaves.reduceRight((next, leaf) => rawLink(leaf, next), tail)
}

/** The serialized P2PKH payout outputs the contract builds for `leaves`, in leaf order. */
export function payoutOutputs (leaves: readonly RawLeaf[], pool: bigint, supply: bigint): { hex: string, paid: bigint } {
  let hex = ''
  let paid = 0n
  for (const leaf of leaves) {
    const payout = pool * leaf.amount / supply
    hex += Utils.buildPublicKeyHashOutput(PubKeyHash(leaf.pkh), payout)
    paid += payout
  }
  return { hex, paid }
}

/** A FixedArray<Leaf, N> argument: the batch padded with leaves the contract never reads. */
export function padLeaves (leaves: readonly RawLeaf[], n: number): Array<{ pkh: ByteString, amount: bigint }> {
  const padded = leaves.map(l => ({ pkh: l.pkh as ByteString, amount: l.amount }))
  while (padded.length < n) padded.push({ pkh: '00'.repeat(20) as ByteString, amount: 0n })
  return padded
}

export function randomPkh (): string {
  return bsv.crypto.Hash.sha256ripemd160(bsv.PrivateKey.fromRandom('testnet').publicKey.toBuffer()).toString('hex')
}

/**
 * A dividend contract that has been called at least once (not genesis, so its state is
 * read from its script), for the token `ab…ab_0` of a 1,000,000,000 supply, in `state`.
 */
export function calledDividend (operator: bsv.PrivateKey, state: Partial<Dividend> = {}): Dividend {
  return continued(new Dividend(toByteString('ab'.repeat(32) + '_0', true), 1_000_000_000n, PubKey(toHex(operator.publicKey))), state)
}

/** The contract as it carries on after a call, with `change` applied to its state. */
export function continued (c: Dividend, change: Partial<Dividend>): Dividend {
  const n = c.next()
  Object.assign(n, change)
  return n
}
