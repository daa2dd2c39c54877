import type { TokenType, TokenUtxo as OrdTokenUtxo, Utxo } from 'js-1sat-ord'
import { bsv } from 'scrypt-ts'
import { loadOneSatOrd, type OneSatOrd } from '../../network/ordinals/oneSatOrd'
import type { DivvyContext } from './DivvyContext'
import type { TokenUtxo } from '../../network/provider/IndexerClient'
import type { TokenRef } from './TokenLookup'
import { selectTokens } from './TokenSelection'

/** The part of a js-1sat-ord BSV-21 builder's configuration that pays from a wallet. */
export interface Paying { satsPerKb: number, protocol: TokenType, tokenID: string, utxos: Utxo[], paymentPk: any }

/** The part of a transfer's or a listing's configuration that spends a wallet's tokens. */
export interface SpendingTokens extends Paying { decimals: number, inputTokens: OrdTokenUtxo[], ordPk: any, tokenChangeAddress: string }

/** A wallet key as js-1sat-ord needs it: its ES-module @bsv/sdk key, address and payment UTXOs. */
export class OrdWallet {
  private constructor (readonly ord: OneSatOrd, readonly key: any, readonly address: string, private readonly ctx: DivvyContext) {}

  static async of (ctx: DivvyContext, name: string): Promise<OrdWallet> {
    const ord = await loadOneSatOrd()
    const key = ord.sdk.PrivateKey.fromWif(ctx.key(name).toWIF())
    return new OrdWallet(ord, key, ctx.address(name), ctx)
  }

  /** Plain P2PKH UTXOs to pay with, in js-1sat-ord's format (script in base64). */
  async paymentUtxos (): Promise<any[]> {
    const utxos = await this.ctx.provider.listUnspent(bsv.Address.fromString(this.address))
    if (utxos.length === 0) throw new Error(`wallet ${this.address} has no coins to pay fees with: run 'divvy fund' (devnet/regtest) or send it some`)
    return utxos.map(u => ({ txid: u.txId, vout: u.outputIndex, satoshis: u.satoshis, script: Buffer.from(u.script, 'hex').toString('base64') }))
  }

  /** A token output in js-1sat-ord's format. */
  static tokenUtxo (u: TokenUtxo, tokenId: string): any {
    return { txid: u.txid, vout: u.vout, satoshis: 1, script: Buffer.from(u.script, 'hex').toString('base64'), amt: u.amount.toString(), id: tokenId }
  }

  /** The fee rate js-1sat-ord must pay (its own default is 100 sat/kB): the network's mining fee, or --fee-rate. */
  async satsPerKb (): Promise<number> {
    return await this.ctx.provider.getFeePerKb()
  }

  /** What every js-1sat-ord BSV-21 builder takes to pay from this wallet: the fee rate, the token, the wallet's coins and key. */
  async paying (tokenId: string): Promise<Paying> {
    return { satsPerKb: await this.satsPerKb(), protocol: this.ord.ord.TokenType.BSV21, tokenID: tokenId, utxos: await this.paymentUtxos(), paymentPk: this.key }
  }

  /**
   * `paying`, and the wallet's token outputs that carry `amount` (not listed ones, largest first;
   * unconfirmed ones where the network builds on them), its key for them, and the wallet's
   * address for the tokens left over: what a transfer or a listing spends.
   */
  async spendingTokens (token: TokenRef, amount: bigint): Promise<SpendingTokens> {
    const owned = await this.ctx.indexerClient().tokenUtxos(this.address, token.tokenId, { pending: this.ctx.spendsUnconfirmed })
    const { inputs } = selectTokens(owned, amount, token.symbol)
    return {
      ...await this.paying(token.tokenId),
      decimals: 0,
      inputTokens: inputs.map(u => OrdWallet.tokenUtxo(u, token.tokenId)),
      ordPk: this.key,
      tokenChangeAddress: this.address
    }
  }

  /**
   * Broadcasts a js-1sat-ord transaction through the network's provider, with the outputs
   * it spends when js-1sat-ord kept them (ARC then gets the extended format); answers its txid.
   */
  async broadcast (tx: any): Promise<string> {
    const prevouts = (tx.inputs as any[]).map(input => input.sourceTransaction?.outputs?.[input.sourceOutputIndex])
    if (prevouts.every(o => o !== undefined && o !== null)) {
      return await this.ctx.provider.sendRawTransactionWithPrevouts(tx.toHex(), prevouts.map(o => ({ satoshis: Number(o.satoshis), script: o.lockingScript.toHex() })))
    }
    return await this.ctx.provider.sendRawTransaction(tx.toHex())
  }
}

/** Tokens as js-1sat-ord takes them (a JS number): refused when not exactly representable. */
export function tokenNumber (amount: bigint): number {
  if (amount <= 0n || amount > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`token amount ${amount} is out of range`)
  return Number(amount)
}
