import { createHash } from 'crypto'
import { bsv, PubKeyHash, Utils } from 'scrypt-ts'
import { num2bin } from '../../contracts/offchain/snapshot'

/**
 * A leaf as an attacker may write it: any pkh length, any amount. The honest forms come
 * from the indexer's snapshot code; these exist to build adversarial rounds.
 */
export interface RawLeaf {
  pkh: string
  amount: bigint
}

/** pkh || num2bin(amount, 8): the bytes a leaf is hashed as (and passed to version 2). */
export function rawLeafBytes (leaf: RawLeaf): string {
  return leaf.pkh + num2bin(leaf.amount, 8).toString('hex')
}

/** sha256(pkh || num2bin(amount, 8) || next) over raw bytes, whatever their lengths. */
export function rawLink (leaf: RawLeaf, next: string): string {
  return createHash('sha256').update(Buffer.from(rawLeafBytes(leaf) + next, 'hex')).digest('hex')
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

export function randomPkh (): string {
  return bsv.crypto.Hash.sha256ripemd160(bsv.PrivateKey.fromRandom('testnet').publicKey.toBuffer()).toString('hex')
}
