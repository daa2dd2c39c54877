import { bsv } from 'scrypt-ts'
import { decodeOperatorSet, encodeOperatorSet, type OperatorSet } from './operatorSet'

/** Protocol tag of the data output that publishes an operator set. */
export const OPERATORS_TAG = 'divvy.operators'

/**
 * `OP_FALSE OP_RETURN "divvy.operators" <set: 175 bytes> <proof of slot 0> ...`: the issue
 * transaction publishes the set its contract starts with and each key's proof of possession
 * (keyProof.ts), so that approvers in other homes learn the set from the chain, and anyone
 * can check that the issue proved it.
 */
export function operatorsDataScript (set: OperatorSet, proofs: readonly string[]): bsv.Script {
  if (proofs.length !== set.keys.length) throw new Error(`one proof per key: ${set.keys.length} keys, ${proofs.length} proofs`)
  return bsv.Script.buildSafeDataOut([Buffer.from(OPERATORS_TAG), encodeOperatorSet(set), ...proofs.map(p => Buffer.from(p, 'hex'))])
}

/** The set and proofs of a `divvy.operators` output; undefined when the script is not one. */
export function parseOperatorsData (script: bsv.Script): { set: OperatorSet, proofs: string[] } | undefined {
  const chunks = script.chunks
  if (chunks.length < 4 || chunks[0].opcodenum !== bsv.Opcode.OP_0 || chunks[1].opcodenum !== bsv.Opcode.OP_RETURN) return undefined
  const pushes = chunks.slice(2).map(c => c.buf ?? Buffer.alloc(0))
  if (pushes[0].toString() !== OPERATORS_TAG) return undefined
  try {
    const set = decodeOperatorSet(pushes[1])
    const proofs = pushes.slice(2).map(p => p.toString('hex'))
    return proofs.length === set.keys.length ? { set, proofs } : undefined
  } catch {
    return undefined
  }
}
