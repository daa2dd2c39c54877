import { bsv } from 'scrypt-ts'
import { ActionKind, type DividendAction } from './dividendAction'
import { decodeOperatorSet, encodeOperatorSet, operatorSetHash, type OperatorSet } from './operatorSet'
import { num2bin } from './snapshot'

/** Protocol tag of the data output that publishes a proposed action. */
export const PROPOSAL_TAG = 'divvy.proposal'

/**
 * `OP_FALSE OP_RETURN "divvy.proposal" <kind> <commitment> <height: 4 bytes> <pool: 8 bytes> [<new set>]`:
 * the transaction that first records a pending action publishes it, so that approvers in
 * other homes, given only the token id, learn what they approve from the chain. A handover
 * carries the new set's 175 bytes (its keys must accept); a round or a recommit publishes its
 * leaves beside it (leavesData.ts), for the approvers to check against their own snapshot.
 */
export function proposalDataScript (action: DividendAction, newSet?: OperatorSet): bsv.Script {
  const handover = action.kind === ActionKind.SetOperators || action.kind === ActionKind.AcceptOperators
  if (handover !== (newSet !== undefined)) throw new Error('a handover publishes its new set, and only a handover')
  if (newSet !== undefined && operatorSetHash(newSet) !== action.commitment) throw new Error('the new set does not hash to the handover\'s commitment')
  const pushes = [Buffer.from(PROPOSAL_TAG), num2bin(BigInt(action.kind), 1), Buffer.from(action.commitment, 'hex'), num2bin(action.height, 4), num2bin(action.pool, 8)]
  if (newSet !== undefined) pushes.push(encodeOperatorSet(newSet))
  return bsv.Script.buildSafeDataOut(pushes)
}

/** The action (and a handover's new set) of a `divvy.proposal` output; undefined when the script is not one. */
export function parseProposalData (script: bsv.Script): { action: DividendAction, newSet?: OperatorSet } | undefined {
  const chunks = script.chunks
  if (chunks.length < 7 || chunks[0].opcodenum !== bsv.Opcode.OP_0 || chunks[1].opcodenum !== bsv.Opcode.OP_RETURN) return undefined
  const p = chunks.slice(2).map(c => c.buf ?? Buffer.alloc(0))
  if (p[0].toString() !== PROPOSAL_TAG || p[1].length !== 1 || p[2].length !== 32 || p[3].length !== 4 || p[4].length !== 8) return undefined
  const kind = p[1][0] as ActionKind
  if (kind < ActionKind.StartRound || kind > ActionKind.AcceptOperators) return undefined
  const action: DividendAction = { kind, commitment: p[2].toString('hex'), height: BigInt(p[3].readUInt32LE(0)), pool: p[4].readBigUInt64LE(0) }
  if (kind !== ActionKind.SetOperators && kind !== ActionKind.AcceptOperators) return p.length === 5 ? { action } : undefined
  if (p.length !== 6) return undefined
  try {
    const newSet = decodeOperatorSet(p[5])
    return operatorSetHash(newSet) === action.commitment ? { action, newSet } : undefined
  } catch {
    return undefined
  }
}
