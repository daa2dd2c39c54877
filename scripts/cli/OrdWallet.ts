import { bsv } from 'scrypt-ts'
import { loadOneSatOrd, type OneSatOrd } from '../../network/ordinals/oneSatOrd'
import type { DivvyContext } from './DivvyContext'
import type { TokenUtxo } from '../../network/provider/IndexerClient'

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
