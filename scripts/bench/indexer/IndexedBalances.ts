import type { Indexer } from '../../../indexer/Indexer'
import { TokenQueries } from '../../../indexer/query/TokenQueries'

/** Every payable holder's balance of a token as the index has it at its tip (pkh hex → amount). */
export async function indexedBalances (indexer: Indexer, tokenId: string): Promise<Map<string, bigint>> {
  const queries = new TokenQueries(indexer.store, indexer.network)
  const { holders } = await queries.holders(tokenId, undefined, { offset: 0, limit: Number.MAX_SAFE_INTEGER })
  return new Map(holders.map(h => [h.pkh, BigInt(h.amount)]))
}

/** Lines describing where two balance maps differ (at most `limit`); empty when they agree. */
export function balanceMismatches (expected: Map<string, bigint>, actual: Map<string, bigint>, limit = 5): string[] {
  const out: string[] = []
  for (const pkh of new Set([...expected.keys(), ...actual.keys()])) {
    const want = expected.get(pkh) ?? 0n
    const got = actual.get(pkh) ?? 0n
    if (want !== got) out.push(`${pkh}: expected ${want}, indexed ${got}`)
    if (out.length >= limit) break
  }
  return out
}
