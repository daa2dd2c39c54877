import type { Indexer } from '../../../indexer/Indexer'

/** The keys of the token index that a public-fed and a node-fed index must agree on: tokens, their outputs, owners, listings, events, and contracts. */
export const TOKEN_PREFIXES = ['k:', 'tu:', 'th:', 'ta:', 'tl:', 'te:', 'w:stateful:']

export async function tokenState (indexer: Indexer): Promise<Record<string, unknown>> {
  const all: Record<string, unknown> = {}
  for (const prefix of TOKEN_PREFIXES) for await (const [k, v] of indexer.store.scan<unknown>(prefix)) all[k] = v
  return all
}
