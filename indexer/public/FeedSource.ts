import type { TscProof } from '../../network/chain/MerkleProof'
import type { Outpoint, SpendAnswer } from '../../network/woc/WhatsOnChainFeed'
import type { HeaderSource } from './VerifiedHeaders'

/** What the feeder asks the chain service (WhatsOnChainFeed answers it; so can a test's stand-in). */
export interface FeedSource extends HeaderSource {
  /** At most `bulkLimit` outpoints. */
  spends: (outpoints: Outpoint[]) => Promise<SpendAnswer[]>
  /** At most `bulkLimit` txids; hex or undefined per txid. */
  rawTransactions: (txids: string[]) => Promise<Map<string, string | undefined>>
  merkleProof: (txid: string) => Promise<TscProof | undefined>
}

/** Runs `work` over `items` with at most `limit` at a time (the service's pacer spaces the requests). */
export async function inParallel<T> (items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++])
  })
  await Promise.all(runners)
}

export function chunks<T> (items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}
