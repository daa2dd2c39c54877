import { defineCommand } from '../Command'
import type { DivvyContext } from '../DivvyContext'
import type { TokenHolder, TokenHolders } from '../../../network/provider/IndexerClient'
import { UsageError } from '../options'
import { lookupToken, type TokenRef } from '../TokenLookup'

/** The token's payable holders (largest first) at a confirmed height, default the indexed tip. */
export async function holders (ctx: DivvyContext, symbol: string | undefined, height?: number): Promise<TokenHolders & { token: TokenRef }> {
  const token = await lookupToken(ctx, symbol)
  if (height !== undefined) {
    const tip = await ctx.indexedHeight()
    if (height > tip) throw new UsageError(`holders: --height ${height} is beyond the indexed tip ${tip}`)
  }
  return { token, ...await ctx.indexerClient().holders(token.tokenId, height) }
}

/** A holder table: address, tokens and share of the supply (exact, in basis points of a percent). */
export function holderTable (rows: readonly TokenHolder[], supply: bigint, names: Map<string, string> = new Map()): string[] {
  const share = (amount: bigint): string => {
    const millionths = amount * 100_000_000n / supply // percent with 6 decimals
    return `${millionths / 1_000_000n}.${(millionths % 1_000_000n).toString().padStart(6, '0')} %`
  }
  return rows.map(r => `  ${(names.get(r.address) ?? '').padEnd(8)} ${r.address.padEnd(35)} ${r.amount.toString().padStart(13)}  ${share(r.amount).padStart(13)}`)
}

export const holdersCommand = defineCommand({
  name: 'holders',
  description: `The token's payable holders, largest first, as the indexer counts them (listed tokens count
for their seller).`,
  options: { height: { kind: 'integer', value: 'n', help: 'at this confirmed height (default: the indexed tip)' } },
  run: async (ctx, options, common, out) => {
    const answer = await holders(ctx, common.token, options.height)
    const token = answer.token
    out(`$${token.symbol} holders at height ${answer.height}: ${answer.holders.length}${answer.unowned > 0n ? `, ${answer.unowned} tokens without a payable owner` : ''}`)
    const names = new Map(ctx.keys.names().map(n => [ctx.address(n), n]))
    for (const line of holderTable(answer.holders, token.supply, names)) out(line)
  }
})
