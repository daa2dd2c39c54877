import { bsv } from 'scrypt-ts'
import type { FeeWallet } from '../../contracts/offchain/contractCall'
import { MempoolGroups } from './ChildPaysForParent'
import type { DivvyContext } from './DivvyContext'
import { rememberDividend } from './DividendLocator'
import type { TokenRecord } from './TokenRegistry'

/**
 * A key of the home as a fee payer: its plain P2PKH coins and the network's fee rate. A call
 * that builds on unconfirmed transactions (`paysFor`: the contract's output waiting in the
 * mempool) pays on top of its own fee what their ancestors lack of the rate, so that the
 * node mines them with it (child pays for parent) instead of leaving them all waiting; coins
 * of the wallet that wait on such ancestors themselves are not used.
 */
export async function feeWallet (ctx: DivvyContext, name: string, options: { paysFor?: readonly string[] } = {}): Promise<FeeWallet> {
  const key = ctx.key(name)
  const feePerKb = await ctx.provider.getFeePerKb()
  let utxos = await ctx.provider.listUnspent(key.toAddress())
  let extraFee = 0
  if (ctx.rpc !== undefined) {
    const parents = options.paysFor ?? []
    const groups = await MempoolGroups.read(ctx.rpc, [...parents, ...new Set(utxos.map(u => u.txId))], feePerKb)
    utxos = utxos.filter(u => groups.groupOf(u.txId) === null)
    const { debt, lowFee } = groups.debtOf(parents)
    extraFee = debt
    if (debt > 0) ctx.say(`paying ${debt} satoshis more for ${lowFee.length} unconfirmed transaction(s) below the mining fee that this call builds on (child pays for parent), so that they are mined with it`)
  }
  if (utxos.length === 0) throw new Error(`wallet '${name}' (${key.toAddress().toString()}) has no coins to pay fees with: run 'divvy fund --wallet ${name}' (devnet/regtest) or send it some`)
  return {
    key,
    coins: utxos.map(u => ({ txid: u.txId, vout: u.outputIndex, satoshis: u.satoshis, script: u.script })),
    feePerKb,
    ...(extraFee > 0 ? { extraFee } : {})
  }
}

/** Broadcasts a call of the dividend contract, records where the contract now is, and settles (mines on devnet/regtest when asked). */
export async function submitCall (ctx: DivvyContext, token: TokenRecord, tx: bsv.Transaction, mine: boolean): Promise<TokenRecord> {
  await ctx.provider.sendTransaction(tx)
  const updated = rememberDividend(ctx, token, tx)
  await ctx.settle(mine)
  return updated
}
