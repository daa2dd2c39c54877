import type { bsv } from 'scrypt-ts'
import type { Dividend } from '../../contracts/dividend'
import type { Coin, ContractUtxo } from '../../contracts/offchain/contractCall'
import { deposit } from '../../contracts/offchain/dividendCalls'

/** A deposit that sweeps collector coins: the transaction, what it adds to the contract, its fee and the coins it spends. */
export interface Sweep { tx: bsv.Transaction, amount: bigint, fee: bigint, coins: Coin[] }

/**
 * One `deposit` that moves collector coins into the contract, its fee paid from the swept
 * value and no change: the contract grows by the coins' value less the fee. The contract's
 * own call builder spends every coin, so the amount is found in two passes: an over-estimate
 * of the fee, then the change that left folded into the amount. Only the coins the
 * transaction really spends are answered.
 */
export function sweepTransaction (contract: Dividend, utxo: ContractUtxo, coins: readonly Coin[], key: bsv.PrivateKey, feePerKb: number): Sweep {
  const total = coins.reduce((s, c) => s + BigInt(c.satoshis), 0n)
  const wallet = { key, coins, feePerKb, changeAddress: key.toAddress(), spendAll: true }
  // Script bytes twice (the next output and the preimage's script code) and each coin's input.
  let guess = BigInt(Math.ceil(feePerKb * (2 * contract.lockingScript.toBuffer().length + 2_000 + 150 * coins.length) / 1000)) + 1n
  for (let attempt = 0; attempt < 8; attempt++, guess *= 2n) {
    const amount = total - guess
    if (amount < contract.minDeposit) throw new Error(`the coins hold ${total} satoshis: less than the contract's minimum deposit of ${contract.minDeposit} and the fee`)
    let tx: bsv.Transaction
    try {
      tx = deposit(contract, utxo, amount, wallet).tx
    } catch (e) {
      if (/more than the contract holds|satoshis in/.test((e as Error).message)) continue
      throw e
    }
    const change = tx.outputs.length > 1 ? BigInt(tx.outputs[tx.outputs.length - 1].satoshis) : 0n
    if (change > 0n) tx = deposit(contract, utxo, amount + change, wallet).tx
    const spent = new Set(tx.inputs.slice(1).map(i => `${i.prevTxId.toString('hex')}:${i.outputIndex}`))
    const used = coins.filter(c => spent.has(`${c.txid}:${c.vout}`))
    const added = BigInt(tx.outputs[0].satoshis) - BigInt(utxo.satoshis)
    return { tx, amount: added, fee: used.reduce((s, c) => s + BigInt(c.satoshis), 0n) - added, coins: used }
  }
  throw new Error(`cannot build a sweep of ${coins.length} coins (${total} satoshis)`)
}
