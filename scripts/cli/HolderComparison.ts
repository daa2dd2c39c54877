import { addressToPkh } from '../../indexer/script/Address'
import type { OneSatHolder } from '../../network/ordinals/OneSatApi'
import type { TokenHolder } from '../../network/provider/IndexerClient'

/** One holder whose balance differs between this index and another service's. */
export interface HolderDifference {
  pkh: string
  /** The address as this index writes it (or as the other service did, when only it knows the holder). */
  address: string
  ours: bigint
  theirs: bigint
}

/**
 * Every holder whose balance this index and another service (the 1Sat API) disagree about,
 * by 20-byte pkh (the address formats of the two may differ); largest difference first.
 * An address of theirs that is not a P2PKH address is a difference of its own (pkh '').
 */
export function compareHolders (ours: readonly TokenHolder[], theirs: readonly OneSatHolder[]): HolderDifference[] {
  const byPkh = new Map<string, { address: string, ours: bigint, theirs: bigint }>()
  for (const h of ours) byPkh.set(h.pkh, { address: h.address, ours: h.amount, theirs: 0n })
  const unreadable: HolderDifference[] = []
  for (const h of theirs) {
    const pkh = addressToPkh(h.address)?.toString('hex')
    if (pkh === undefined) { unreadable.push({ pkh: '', address: h.address, ours: 0n, theirs: h.amount }); continue }
    const entry = byPkh.get(pkh) ?? { address: h.address, ours: 0n, theirs: 0n }
    entry.theirs += h.amount
    byPkh.set(pkh, entry)
  }
  const diffs = [...byPkh].filter(([, e]) => e.ours !== e.theirs).map(([pkh, e]) => ({ pkh, ...e }))
  const size = (d: HolderDifference): bigint => d.ours > d.theirs ? d.ours - d.theirs : d.theirs - d.ours
  return [...diffs.sort((a, b) => size(a) === size(b) ? a.pkh.localeCompare(b.pkh) : size(a) > size(b) ? -1 : 1), ...unreadable]
}
