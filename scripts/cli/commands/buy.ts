import { defineCommand } from '../Command'
import type { DivvyContext } from '../DivvyContext'
import { openListing } from '../OpenListing'
import { OrdWallet } from '../OrdWallet'
import { parseOutpoint } from '../outpoint'

/** The listing's payout output as js-1sat-ord wants it: satoshis (8 bytes LE), script length, script; base64. */
function payoutOf (price: bigint, payScript: string): string {
  const script = Buffer.from(payScript, 'hex')
  const value = Buffer.alloc(8)
  value.writeBigUInt64LE(price)
  if (script.length >= 0xfd) throw new Error('listing pay-to script is too long')
  return Buffer.concat([value, Buffer.from([script.length]), script]).toString('base64')
}

/** Buys an open OrdLock listing: the seller is paid its price and the tokens go to the wallet. */
export async function buy (ctx: DivvyContext, symbol: string | undefined, wallet: string, listing: string, mine: boolean): Promise<{ txid: string, amount: bigint, price: bigint }> {
  const open = await openListing(ctx, 'buy', symbol, listing)
  const row = open.listing
  const w = await OrdWallet.of(ctx, wallet)
  const { tx } = await w.ord.ord.purchaseOrdTokenListing({
    ...await w.paying(open.token.tokenId),
    listingUtxo: { ...open.utxo, payout: payoutOf(row.price, row.payTo.script) },
    ordAddress: w.address
  })
  const txid = await w.broadcast(tx)
  await ctx.settle(mine)
  return { txid, amount: row.amount, price: row.price }
}

export const buyCommand = defineCommand({
  name: 'buy',
  description: 'Buys an open listing: pays the seller its price from the wallet and takes the tokens.',
  options: { listing: { kind: 'string', value: 'txid_vout', required: true, help: 'the listing\'s <txid>_<vout>, as \'divvy list\' printed it' } },
  check: options => { parseOutpoint('buy', 'listing', options.listing) },
  run: async (ctx, options, common, out) => {
    const { txid, amount, price } = await buy(ctx, common.token, common.wallet, options.listing, common.mine)
    out(`bought ${amount} tokens for ${price} satoshis in ${txid}`)
  }
})
