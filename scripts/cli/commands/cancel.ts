import { defineCommand } from '../Command'
import type { DivvyContext } from '../DivvyContext'
import { OrdWallet } from '../OrdWallet'
import { parseOutpoint } from '../outpoint'
import { lookupToken } from '../TokenLookup'

/** Cancels the wallet's OrdLock listing: its tokens come back to the wallet as a plain BSV-21 output. */
export async function cancel (ctx: DivvyContext, given: string | undefined, wallet: string, listing: string, mine: boolean): Promise<{ txid: string, amount: bigint }> {
  const at = parseOutpoint('cancel', 'listing', listing)
  const token = await lookupToken(ctx, given)
  const row = (await ctx.indexerClient().listings(token.tokenId)).find(l => l.txid === at.txid && l.vout === at.vout)
  if (row === undefined) throw new Error(`--listing ${at.txid}_${at.vout}: no open $${token.symbol} listing there (sold, cancelled, or not confirmed yet)`)
  const w = await OrdWallet.of(ctx, wallet)
  if (row.seller.address !== w.address) throw new Error(`--listing ${at.txid}_${at.vout}: the listing is ${row.seller.address}'s, not wallet '${wallet}' (${w.address}): only its seller can cancel it`)
  const listed = await ctx.provider.getTransaction(at.txid)
  const { ord } = w.ord
  const { tx } = await ord.cancelOrdTokenListings({
    satsPerKb: await w.satsPerKb(),
    protocol: ord.TokenType.BSV21,
    tokenID: token.tokenId,
    utxos: await w.paymentUtxos(),
    paymentPk: w.key,
    ordPk: w.key,
    additionalPayments: [],
    listingUtxos: [{
      txid: at.txid,
      vout: at.vout,
      satoshis: 1,
      script: Buffer.from(listed.outputs[at.vout].script.toHex(), 'hex').toString('base64'),
      amt: row.amount.toString(),
      id: token.tokenId
    }]
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
