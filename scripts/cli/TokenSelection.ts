import type { TokenUtxo } from '../../network/provider/IndexerClient'

/**
 * Picks spendable (not listed) token outputs, largest first, until they carry `amount`.
 * Throws with the wallet's balance when they do not.
 */
export function selectTokens (utxos: readonly TokenUtxo[], amount: bigint, symbol: string): { inputs: TokenUtxo[], total: bigint } {
  const free = utxos.filter(u => !u.listing).sort((a, b) => (a.amount === b.amount ? 0 : a.amount > b.amount ? -1 : 1))
  const inputs: TokenUtxo[] = []
  let total = 0n
  for (const u of free) {
    if (total >= amount) break
    inputs.push(u)
    total += u.amount
  }
  if (total < amount) {
    const listed = utxos.filter(u => u.listing).reduce((s, u) => s + u.amount, 0n)
    throw new Error(`--amount ${amount}: the wallet holds ${total} $${symbol} it can spend${listed > 0n ? ` (and ${listed} listed)` : ''}, fewer than that`)
  }
  return { inputs, total }
}
