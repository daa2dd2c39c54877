import { LockingScript, Transaction } from '@bsv/sdk'
import { NativeSignatureSpend } from './NativeSignatureSpend'

/** What an input spends, and the rules to verify it under. */
export interface InputCheck {
  satoshis: string
  /** Locking script hex. */
  script: string
  /** `@bsv/sdk` Spend verify flags, comma-separated. */
  flags: string
}

export interface ScriptFailure {
  input: number
  /** The interpreter's message. */
  message: string
}

/** Verifies the unlocking scripts of the given inputs; the first failure, or null. */
export function verifyInputs (tx: Transaction, checks: Array<{ index: number, check: InputCheck }>): ScriptFailure | null {
  for (const { index, check } of checks) {
    const input = tx.inputs[index]
    const spend = new NativeSignatureSpend({
      sourceTXID: input.sourceTXID as string,
      sourceOutputIndex: input.sourceOutputIndex,
      sourceSatoshis: Number(check.satoshis),
      lockingScript: LockingScript.fromHex(check.script),
      transactionVersion: tx.version,
      otherInputs: tx.inputs.filter((_, i) => i !== index),
      outputs: tx.outputs,
      inputIndex: index,
      unlockingScript: input.unlockingScript as NonNullable<typeof input.unlockingScript>,
      inputSequence: input.sequence ?? 0xffffffff,
      lockTime: tx.lockTime,
      verifyFlags: check.flags
    })
    try {
      if (!spend.validate()) return { input: index, message: 'The top stack element must be truthy after script evaluation.' }
    } catch (e) {
      return { input: index, message: (e as Error).message }
    }
  }
  return null
}
