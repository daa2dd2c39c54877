import { bsv } from 'scrypt-ts'
import { runInput } from './spend'

/**
 * Re-runs the contract input of a call transaction in @bsv/sdk's interpreter, optionally
 * after mutating the transaction. Returns null when the script accepts it, or the error.
 */
export function rerun (tx: bsv.Transaction, inputIndex: number, mutate?: (tx: bsv.Transaction) => void): string | null {
  const copy = new bsv.Transaction(tx.toString())
  const spent = tx.inputs[inputIndex].output
  if (spent === undefined) throw new Error('the call transaction does not know the output it spends')
  mutate?.(copy)
  return runInput(copy.toString(), inputIndex, {
    lockingScriptHex: spent.script.toHex(),
    satoshis: BigInt(spent.satoshis)
  })
}

/** Replaces the unlocking script of an input, for must-fail cases the TypeScript would accept. */
export function withUnlockingScript (tx: bsv.Transaction, inputIndex: number, script: bsv.Script): void {
  tx.inputs[inputIndex].setScript(script)
}

/** Sets an output's value (the bsv typings mark it read-only; the setter exists). */
export function setSatoshis (output: bsv.Transaction.Output, satoshis: number): void {
  (output as unknown as { satoshis: number }).satoshis = satoshis
}
