import { checkSatoshis } from '../amounts'
import { defineCommand } from '../Command'
import type { DivvyContext } from '../DivvyContext'
import { UsageError } from '../options'
import { indexingFundNotice } from '../IndexingFund'
import { OrdWallet, tokenNumber } from '../OrdWallet'
import { lookupToken } from '../TokenLookup'

/** The smallest tranche Divvy lists: 200,000 tokens (0.02 % of the supply). */
export const MIN_TRANCHE = 200_000n

/** Refuses a listing below the smallest tranche Divvy sells (MIN_TRANCHE tokens) with a one-line UsageError. */
export function checkTranche (amount: bigint): void {
  if (amount < MIN_TRANCHE) throw new UsageError(`list: --amount: a tranche is at least ${MIN_TRANCHE} tokens (0.02 % of the supply); ${amount} is too small`)
}

function checkPrice (price: bigint): void {
  if (price < 1n) throw new UsageError('list: --price must be at least 1 satoshi')
  checkSatoshis('list', 'price', price)
}

/** Lists `amount` tokens of the wallet for `price` satoshis as a standard OrdLock listing (js-1sat-ord). */
export async function list (ctx: DivvyContext, symbol: string | undefined, wallet: string, amount: bigint, price: bigint, mine: boolean): Promise<{ listing: string, tokenId: string }> {
  checkTranche(amount)
  checkPrice(price)
  const token = await lookupToken(ctx, symbol)
  const w = await OrdWallet.of(ctx, wallet)
  const { tx } = await w.ord.ord.createOrdTokenListings({
    ...await w.spendingTokens(token, amount),
    listings: [{ payAddress: w.address, price: tokenNumber(price), tokens: tokenNumber(amount), ordAddress: w.address }]
  })
  const txid = await w.broadcast(tx)
  await ctx.settle(mine)
  return { listing: `${txid}_0`, tokenId: token.tokenId }
}

export const listCommand = defineCommand({
  name: 'list',
  description: `Lists a tranche of the wallet's tokens for sale as a standard OrdLock listing (the format
js-1sat-ord builds and 1sat.market reads). Tranches are never smaller than ${MIN_TRANCHE} tokens.
1sat.market shows a BSV-21 token's listings only once the token's indexing fund is paid: the
command says where to pay it and, on testnet and mainnet, how far it is.`,
  options: {
    amount: { kind: 'amount', value: 'tokens', required: true, help: `tokens in the tranche (at least ${MIN_TRANCHE})` },
    price: { kind: 'amount', value: 'sats', required: true, help: 'price of the whole tranche in satoshis' }
  },
  check: options => {
    checkTranche(options.amount)
    checkPrice(options.price)
  },
  run: async (ctx, options, common, out) => {
    const { listing, tokenId } = await list(ctx, common.token, common.wallet, options.amount, options.price, common.mine)
    out(`listed ${options.amount} tokens for ${options.price} satoshis: listing ${listing}`)
    for (const line of await indexingFundNotice(ctx, tokenId)) out(line)
  }
})
