import type { TokenListing } from '../../../network/provider/IndexerClient'
import { pricePerToken } from '../amounts'
import { defineCommand } from '../Command'
import type { DivvyContext } from '../DivvyContext'
import { lookupToken, type TokenRef } from '../TokenLookup'

/** The token's open (confirmed) OrdLock listings, cheapest per token first. */
export async function listings (ctx: DivvyContext, given: string | undefined): Promise<{ token: TokenRef, listings: TokenListing[] }> {
  const token = await lookupToken(ctx, given)
  const open = await ctx.indexerClient().listings(token.tokenId)
  // a/b < c/d exactly: a*d < c*b.
  open.sort((a, b) => (a.price * b.amount < b.price * a.amount ? -1 : a.price * b.amount > b.price * a.amount ? 1 : 0))
  return { token, listings: open }
}

export const listingsCommand = defineCommand({
  name: 'listings',
  description: `The token's open listings (OrdLock, confirmed), cheapest per token first: the outpoint to
buy, the tokens, the price in satoshis and per token, and the seller ("yours" when the seller is
a key of this home). A home that issued nothing names the token with --token <symbol or id>.`,
  options: {},
  run: async (ctx, _options, common, out) => {
    const { token, listings: open } = await listings(ctx, common.token)
    out(`$${token.symbol} (${token.tokenId}): ${open.length} open listing${open.length === 1 ? '' : 's'}`)
    const mine = new Map(ctx.keys.names().map(n => [ctx.address(n), n]))
    for (const l of open) {
      const seller = mine.has(l.seller.address) ? `yours (${mine.get(l.seller.address) as string})` : l.seller.address
      out(`  ${l.txid}_${l.vout}  ${l.amount.toString().padStart(13)} tokens  ${l.price.toString().padStart(14)} sats  ${pricePerToken(l.price, l.amount).padStart(16)} sat/token  seller ${seller}`)
    }
  }
})
