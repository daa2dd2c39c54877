import { bsv } from 'scrypt-ts'
import type { FeeWallet } from '../../contracts/offchain/contractCall'
import type { DivvyContext } from './DivvyContext'
import { rememberDividend } from './DividendLocator'
import type { TokenRecord } from './TokenRegistry'

/** A key of the home as a fee payer: its plain P2PKH coins and the network's fee rate. */
export async function feeWallet (ctx: DivvyContext, name: string): Promise<FeeWallet> {
  const key = ctx.key(name)
  const utxos = await ctx.provider.listUnspent(key.toAddress())
  if (utxos.length === 0) throw new Error(`wallet '${name}' (${key.toAddress().toString()}) has no coins to pay fees with: run 'divvy fund --wallet ${name}' (devnet/regtest) or send it some`)
  return {
    key,
    coins: utxos.map(u => ({ txid: u.txId, vout: u.outputIndex, satoshis: u.satoshis, script: u.script })),
    feePerKb: await ctx.provider.getFeePerKb()
  }
}

/** Broadcasts a call of the dividend contract, records where the contract now is, and settles (mines on devnet/regtest when asked). */
export async function submitCall (ctx: DivvyContext, token: TokenRecord, tx: bsv.Transaction, mine: boolean): Promise<TokenRecord> {
  await ctx.provider.sendTransaction(tx)
  const updated = rememberDividend(ctx, token, tx)
  await ctx.settle(mine)
  return updated
}
