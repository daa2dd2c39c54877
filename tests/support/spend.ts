import { LockingScript, Spend, Transaction, UnlockingScript } from '@bsv/sdk'

/** What the spent output held: its locking script and value. */
export interface SpentOutput {
  lockingScriptHex: string
  satoshis: bigint
}

/**
 * Runs input `inputIndex` of a serialized transaction through `@bsv/sdk`'s interpreter
 * (Genesis rules, FORKID sighash). Returns null when the script succeeds, or the error.
 */
export function runInput (txHex: string, inputIndex: number, spent: SpentOutput, unlockingHex?: string): string | null {
  const tx = Transaction.fromHex(txHex)
  const input = tx.inputs[inputIndex]
  const spend = new Spend({
    sourceTXID: input.sourceTXID ?? '',
    sourceOutputIndex: input.sourceOutputIndex,
    sourceSatoshis: Number(spent.satoshis),
    lockingScript: LockingScript.fromHex(spent.lockingScriptHex),
    transactionVersion: tx.version,
    otherInputs: tx.inputs.filter((_, i) => i !== inputIndex),
    outputs: tx.outputs,
    unlockingScript: unlockingHex !== undefined ? UnlockingScript.fromHex(unlockingHex) : (input.unlockingScript as UnlockingScript),
    inputSequence: input.sequence ?? 0xffffffff,
    inputIndex,
    lockTime: tx.lockTime
  })
  try {
    return spend.validate() ? null : 'script evaluated to false'
  } catch (e) {
    return (e as Error).message
  }
}
