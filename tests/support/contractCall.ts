import { bsv, SmartContract } from 'scrypt-ts'
import { unlockingScriptOf, type ChangeArgument } from '../../contracts/offchain/contractCall'
import { runInput, type ScriptFailure } from './scriptRunner'

/** The change a transaction pays: its last output, a P2PKH one. */
export function changeOf (tx: bsv.Transaction): ChangeArgument {
  const last = tx.outputs[tx.outputs.length - 1]
  return { amount: BigInt(last.satoshis), pkh: last.script.toHex().slice(6, 46) }
}

/** A copy of a transaction that still knows the outputs its inputs spend (needed for preimages and to re-run them). */
export function copyOf (tx: bsv.Transaction): bsv.Transaction {
  const copy = new bsv.Transaction(tx.toString())
  copy.inputs.forEach((input, i) => { (input as unknown as { output: unknown }).output = tx.inputs[i].output })
  return copy
}

/**
 * Re-runs the contract input of a call transaction in the tests' script runner, optionally
 * after mutating a copy of it. Returns null when the script accepts it, or where and why it failed.
 */
export function rerun (tx: bsv.Transaction, inputIndex: number, mutate?: (tx: bsv.Transaction) => void): ScriptFailure | null {
  const copy = copyOf(tx)
  const spent = tx.inputs[inputIndex].output
  if (spent === undefined) throw new Error('the call transaction does not know the output it spends')
  mutate?.(copy)
  return runInput(copy.toString(), inputIndex, {
    lockingScriptHex: spent.script.toHex(),
    satoshis: BigInt(spent.satoshis)
  })
}

/**
 * Unlocks `tx`'s input again for what it now is: a call of `method` with `args`, its preimage
 * (under `sighash`) taken of the transaction as mutated, and its change read from the last
 * output when `withChange`. A mutation then passes the preimage check, and only the
 * contract's own checks can refuse it.
 */
export function relock (tx: bsv.Transaction, inputIndex: number, instance: SmartContract, method: string, args: unknown[], options: { sighash?: number, withChange?: boolean } = {}): void {
  const sighash = options.sighash ?? (bsv.crypto.Signature.SIGHASH_ALL | bsv.crypto.Signature.SIGHASH_FORKID)
  const preimage = tx.getPreimage(inputIndex, sighash)
  tx.inputs[inputIndex].setScript(unlockingScriptOf(instance, method, args, preimage, options.withChange === true ? changeOf(tx) : undefined))
}

/** Replaces the unlocking script of an input, for must-fail cases the TypeScript would accept. */
export function withUnlockingScript (tx: bsv.Transaction, inputIndex: number, script: bsv.Script): void {
  tx.inputs[inputIndex].setScript(script)
}

/** Sets an output's value (the bsv typings mark it read-only; the setter exists). */
export function setSatoshis (output: bsv.Transaction.Output, satoshis: number): void {
  (output as unknown as { satoshis: number }).satoshis = satoshis
}
