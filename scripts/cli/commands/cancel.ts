import { defineCommand } from '../Command'
import type { DivvyContext } from '../DivvyContext'
import { openListing } from '../OpenListing'
import { OrdWallet } from '../OrdWallet'
import { parseOutpoint } from '../outpoint'

/** Cancels the wallet's OrdLock listing: its tokens come back to the wallet as a plain BSV-21 output. */
export async function cancel (ctx: DivvyContext, given: string | undefined, wallet: string, listing: string, mine: boolean): Promise<{ txid: string, amount: bigint }> {
  const open = await openListing(ctx, 'cancel', given, listing)
  const row = open.listing
  const w = await OrdWallet.of(ctx, wallet)
  if (row.seller.address !== w.address) throw new Error(`--listing ${open.utxo.txid}_${open.utxo.vout}: the listing is ${row.seller.address}'s, not wallet '${wallet}' (${w.address}): only its seller can cancel it`)
  const { tx } = await w.ord.ord.cancelOrdTokenListings({
    ...await w.paying(open.token.tokenId),
    ordPk: w.key,
    additionalPayments: [],
    listingUtxos: [open.utxo]
  })
  const txid = await w.broadcast(tx)
  await ctx.settle(mine)
  return { txid, amount: row.amount }
}

export const cancelCommand = defineCommand({
  name: 'cancel',
  description: 'Cancels one of the wallet\'s listings: its tokens come back to the wallet.',
  options: { listing: { kind: 'string', value: 'txid_vout', required: true, help: 'the listing\'s <txid>_<vout>, as \'divvy list\' or \'divvy listings\' printed it' } },
  check: options => { parseOutpoint('cancel', 'listing', options.listing) },
  run: async (ctx, options, common, out) => {
    const { txid, amount } = await cancel(ctx, common.token, common.wallet, options.listing, common.mine)
    out(`cancelled the listing of ${amount} tokens in ${txid}: they are back in wallet '${common.wallet}'`)
  }
})
