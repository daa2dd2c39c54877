import { createHash } from 'crypto'
import { bsv, ByteString, PubKeyHash, Utils } from 'scrypt-ts'
import { num2bin } from '../../indexer/snapshot/Num2bin'

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
