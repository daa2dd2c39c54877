import { bsv, PubKeyHash } from 'scrypt-ts'
import { Bsv21Token } from '../bsv21Token'
import { BSV20_CONTENT_TYPE, inscriptionEnvelope } from './inscription'

/** The largest amount a BSV-21 inscription may carry. */
export const MAX_BSV21_AMOUNT = 2n ** 64n - 1n

/** The fixed supply Divvy issues for a handle. */
export const DIVVY_SUPPLY = 1_000_000_000n

function checkAmount (amount: bigint): string {
  if (amount <= 0n || amount > MAX_BSV21_AMOUNT) throw new Error(`a BSV-21 amount must be between 1 and 2^64-1, got ${amount}`)
  return amount.toString()
}

/** The `deploy+mint` inscription that creates a BSV-21 token with its whole supply. */
export function deployMintInscription (symbol: string, supply: bigint, decimals = 0): bsv.Script {
  if (!/^[\x21-\x7e]{1,32}$/.test(symbol)) throw new Error(`bad token symbol '${symbol}'`)
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 18) throw new Error(`decimals must be 0..18, got ${decimals}`)
  const json = JSON.stringify({ p: 'bsv-20', op: 'deploy+mint', sym: symbol, amt: checkAmount(supply), dec: String(decimals) })
  return inscriptionEnvelope({ contentType: BSV20_CONTENT_TYPE, content: Buffer.from(json) })
}

/** A BSV-21 `transfer` inscription (keys in js-1sat-ord's order) of `amount` tokens of `tokenId` (`<txid>_<vout>`). */
export function transferInscription (tokenId: string, amount: bigint): bsv.Script {
  if (!/^[0-9a-f]{64}_\d+$/.test(tokenId)) throw new Error(`bad token id '${tokenId}'`)
  const json = JSON.stringify({ p: 'bsv-20', op: 'transfer', amt: checkAmount(amount), id: tokenId })
  return inscriptionEnvelope({ contentType: BSV20_CONTENT_TYPE, content: Buffer.from(json) })
}

/**
 * A BSV-21 token output script: the inscription, then the compiled `Bsv21Token` contract
 * (the standard P2PKH script) locked to `ownerPkh`. Needs the artifact loaded.
 */
export function tokenOutputScript (ownerPkh: string, inscription: bsv.Script): bsv.Script {
  const token = new Bsv21Token(PubKeyHash(ownerPkh))
  token.prependNOPScript(inscription)
  return token.lockingScript
}
