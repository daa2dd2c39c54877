import { bsv } from 'scrypt-ts'
import { feeFor, type FeeWallet } from './contractCall'

/**
 * A plain transaction paying `outputs` from the wallet's coins (largest first, as few as
 * pay for them), change back to the wallet, every input signed ALL|FORKID. Nothing is
 * broadcast: the caller records it first when it must survive a kill.
 */
export function buildWalletPayment (outputs: ReadonlyArray<{ script: bsv.Script, satoshis: number }>, wallet: FeeWallet): bsv.Transaction {
  const change = wallet.changeAddress ?? wallet.key.toAddress()
  const coins = [...wallet.coins].sort((a, b) => b.satoshis - a.satoshis)
  const outValue = outputs.reduce((s, o) => s + o.satoshis, 0)
  const chosen: typeof coins = []
  for (const coin of coins) {
    chosen.push(coin)
    const tx = new bsv.Transaction().from(chosen.map(c => ({ txId: c.txid, outputIndex: c.vout, script: c.script, satoshis: c.satoshis })))
    for (const o of outputs) tx.addOutput(new bsv.Transaction.Output({ script: o.script, satoshis: o.satoshis }))
    tx.change(change).feePerKb(wallet.feePerKb).sign(wallet.key)
    const fee = tx.inputAmount - tx.outputAmount
    if (fee >= feeFor(tx.toBuffer().length, wallet.feePerKb)) return tx
  }
  throw new Error(`wallet ${wallet.key.toAddress().toString()} has ${coins.reduce((s, c) => s + c.satoshis, 0)} satoshis, too few to pay ${outValue} and the fee`)
}
