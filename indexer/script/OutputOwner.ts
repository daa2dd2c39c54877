import { parseOrdLock, type OrdLockListing } from './OrdLock'
import { p2pkhWithData } from './P2pkh'

/**
 * Who can spend a token output, from its locking script without the inscription envelope:
 * a P2PKH key hash, the seller of an OrdLock listing, or nobody we can pay (any other
 * script: a contract, a multisig, a burn address script, ...).
 */
export type OutputOwner =
  | { kind: 'p2pkh', pkh: Buffer }
  | { kind: 'ordlock', pkh: Buffer, listing: OrdLockListing }
  | { kind: 'other' }

export function ownerOf (scriptWithoutEnvelope: Buffer): OutputOwner {
  const pkh = p2pkhWithData(scriptWithoutEnvelope)
  if (pkh !== undefined) return { kind: 'p2pkh', pkh: Buffer.from(pkh) }
  const listing = parseOrdLock(scriptWithoutEnvelope)
  if (listing !== undefined) return { kind: 'ordlock', pkh: listing.sellerPkh, listing }
  return { kind: 'other' }
}
