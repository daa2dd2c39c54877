import { defineCommand } from '../Command'
import type { DivvyContext } from '../DivvyContext'
import type { TokenHolder, TokenHolders } from '../../../network/provider/IndexerClient'
import { OneSatApi } from '../../../network/ordinals/OneSatApi'
import { compareHolders, type HolderDifference } from '../HolderComparison'
import { oneLineError } from '../oneLineError'
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

/**
 * Our holders at the indexed tip against the 1Sat API's for the same token: every holder
 * whose balance differs. Undefined `differences` when the API does not index the token
 * (its indexing fund is unpaid), with the reason.
 */
export async function compareWithOneSat (ctx: DivvyContext, symbol: string | undefined): Promise<{ token: TokenRef, height: number | null, differences?: HolderDifference[], note: string }> {
  const url = ctx.settings.oneSatUrl
  if (url === undefined) throw new UsageError(`holders: --compare compares with the 1Sat API, which indexes testnet and mainnet, not ${ctx.settings.name}`)
  const ours = await holders(ctx, symbol)
  const api = new OneSatApi({ network: ctx.settings.name, url })
  const info = await api.token(ours.token.tokenId)
  if (info?.included !== true) return { token: ours.token, height: ours.height, note: `the 1Sat API does not index $${ours.token.symbol} (its indexing fund is ${info === undefined ? 'unknown to it' : 'not paid'}: see 'divvy list'): nothing to compare` }
  const differences = compareHolders(ours.holders, await api.holders(ours.token.tokenId))
  return { token: ours.token, height: ours.height, differences, note: `${ours.holders.length} holders here at height ${ours.height} (confirmed) against the 1Sat API's: ${differences.length === 0 ? 'they agree' : `${differences.length} differ`}` }
}

/**
 * compareWithOneSat for a report that goes on without it: a 1Sat API that cannot be asked is
 * said in the note, not thrown.
 */
export async function crossCheckWithOneSat (ctx: DivvyContext, symbolOrId: string | undefined): Promise<{ differences?: HolderDifference[], note: string }> {
  try {
    return await compareWithOneSat(ctx, symbolOrId)
  } catch (e) {
    return { note: `could not be asked (${oneLineError(e)}): nothing compared` }
  }
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
  options: {
    height: { kind: 'integer', value: 'n', help: 'at this confirmed height (default: the indexed tip)' },
    compare: { kind: 'flag', help: 'list every holder whose balance the 1Sat API counts otherwise (testnet, mainnet); exit status 1 if any' }
  },
  check: options => { if (options.compare === true && options.height !== undefined) throw new UsageError('holders: --compare compares at the indexed tip; it takes no --height') },
  run: async (ctx, options, common, out) => {
    if (options.compare === true) {
      const c = await compareWithOneSat(ctx, common.token)
      out(`$${c.token.symbol}: ${c.note}`)
      for (const d of c.differences ?? []) out(`  ${d.address.padEnd(35)} here ${d.ours.toString().padStart(13)}  1Sat API ${d.theirs.toString().padStart(13)}`)
      const n = c.differences?.length ?? 0
      if (n > 0) throw new Error(`${n} holder${n === 1 ? '' : 's'} of $${c.token.symbol} differ from the 1Sat API's count`)
      return
    }
    const answer = await holders(ctx, common.token, options.height)
    const token = answer.token
    out(`$${token.symbol} holders at height ${answer.height}: ${answer.holders.length}${answer.unowned > 0n ? `, ${answer.unowned} tokens without a payable owner` : ''}`)
    const names = new Map(ctx.keys.names().map(n => [ctx.address(n), n]))
    for (const line of holderTable(answer.holders, token.supply, names)) out(line)
  }
})
