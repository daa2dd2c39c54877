import type { TokenListing } from '../../network/provider/IndexerClient'
import type { DivvyContext } from './DivvyContext'
import { parseOutpoint } from './outpoint'
import { lookupToken, type TokenRef } from './TokenLookup'

/** An open OrdLock listing the index knows, and its output as js-1sat-ord spends it (a purchase or a cancel). */
export interface OpenListing {
  token: TokenRef
  listing: TokenListing
  /** The listing's output in js-1sat-ord's format (script in base64, tokens as a string). */
  utxo: { txid: string, vout: number, satoshis: 1, script: string, amt: string, id: string }
}

/** The open listing `--listing` names, of the token `--token` names; an error says when there is none. */
export async function openListing (ctx: DivvyContext, command: string, givenToken: string | undefined, outpoint: string): Promise<OpenListing> {
  const at = parseOutpoint(command, 'listing', outpoint)
  const token = await lookupToken(ctx, givenToken)
  const listing = (await ctx.indexerClient().listings(token.tokenId)).find(l => l.txid === at.txid && l.vout === at.vout)
  if (listing === undefined) throw new Error(`--listing ${at.txid}_${at.vout}: no open $${token.symbol} listing there (sold, cancelled, or not confirmed yet)`)
  const listed = await ctx.provider.getTransaction(at.txid)
  const script = Buffer.from(listed.outputs[at.vout].script.toHex(), 'hex').toString('base64')
  return { token, listing, utxo: { txid: at.txid, vout: at.vout, satoshis: 1, script, amt: listing.amount.toString(), id: token.tokenId } }
}
