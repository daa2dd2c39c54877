/** One payable holder of a snapshot: a raw 20-byte public key hash and its token balance. */
export interface Leaf {
  /** 40 lower-case hex characters. */
  pkh: string
  amount: bigint
}

/** A token output counted in a snapshot: its owner's pkh (hex), or null when nobody payable owns it. */
export interface Holding {
  pkh: string | null
  amount: bigint
}

const PKH_HEX = /^[0-9a-f]{40}$/

/**
 * The snapshot leaves of a set of holdings: balances summed per pkh, holdings without a
 * payable owner left out, ordered by amount descending then pkh bytes ascending (for
 * lower-case hex of equal length, string order is byte order).
 */
export function buildLeaves (holdings: Iterable<Holding>): Leaf[] {
  const balances = new Map<string, bigint>()
  for (const h of holdings) {
    if (h.pkh === null) continue
    if (!PKH_HEX.test(h.pkh)) throw new Error(`a leaf pkh must be 20 bytes of lower-case hex, got '${h.pkh}'`)
    if (h.amount <= 0n) throw new Error(`a holding must be positive, got ${h.amount}`)
    balances.set(h.pkh, (balances.get(h.pkh) ?? 0n) + h.amount)
  }
  return [...balances].map(([pkh, amount]) => ({ pkh, amount })).sort(compareLeaves)
}

/** The commitment order of leaves: amount descending, then pkh bytes ascending (one order for every reader). */
export function compareLeaves (a: Leaf, b: Leaf): number {
  if (a.amount !== b.amount) return a.amount > b.amount ? -1 : 1
  return a.pkh < b.pkh ? -1 : a.pkh > b.pkh ? 1 : 0
}
