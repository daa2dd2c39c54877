import { parseLeavesData } from '../../contracts/offchain/leavesData'
import { commitLeaves, EMPTY_COMMITMENT, type Leaf } from '../../contracts/offchain/snapshot'
import type { LineageStep } from './ContractLineage'
import { dividendAt } from './DividendLocator'

/** The state a reader needs at each step of a dividend contract's lineage, whatever the version. */
export interface StepState {
  round: bigint
  cursor: string
  roundPool: bigint
  snapshotHeight: bigint
  /** What the round has paid: version 2 satoshis (roundPaid), version 1 tokens (roundTokens). */
  progress: bigint
  /** Version 2: the operator set's hash; version 1: the operator's key. */
  operators: string
  proposal: string
  approvals: bigint
  /** Satoshis the contract output holds. */
  value: bigint
}

export function stepState (step: LineageStep, version: 1 | 2): StepState {
  const located = dividendAt(step.tx, step.vout, version)
  const c = located.contract
  const value = BigInt(step.tx.outputs[step.vout].satoshis)
  const base = { round: c.round, cursor: c.cursor, roundPool: c.roundPool, snapshotHeight: c.snapshotHeight, value }
  if (located.version === 2) {
    const v2 = located.contract
    return { ...base, progress: v2.roundPaid, operators: v2.operators, proposal: v2.proposal, approvals: v2.approvals }
  }
  return { ...base, progress: located.contract.roundTokens, operators: located.contract.operator, proposal: '', approvals: 0n }
}

/**
 * What a step of the lineage did, told from the state and value before and after (the script
 * allows nothing else): a deposit grows the value and changes nothing; a start moves to the
 * next round; a distribute pays (progress up, value down); a recommit replaces the cursor
 * (C_n ends the round). A version 2 recommit is an approval that executed while a round ran,
 * and may keep the cursor (a valid recommit is the fold of the unpaid leaves, which is the
 * cursor itself, published again): its state then shows only the cleared proposal.
 */
export type StepKind = 'deposit' | 'start' | 'distribute' | 'recommit' | 'approval' | 'operators' | 'unknown'

export function stepKind (before: StepState, after: StepState, version: 1 | 2): StepKind {
  if (after.round === before.round + 1n) return 'start'
  if (after.round !== before.round) return 'unknown'
  if (after.operators !== before.operators) return 'operators'
  if (after.progress > before.progress && after.value < before.value && after.cursor !== before.cursor) return 'distribute'
  const same = after.cursor === before.cursor && after.roundPool === before.roundPool && after.progress === before.progress && after.snapshotHeight === before.snapshotHeight
  if (after.value > before.value) return same && after.proposal === before.proposal && after.approvals === before.approvals ? 'deposit' : 'unknown'
  if (after.value !== before.value || after.roundPool !== before.roundPool || after.progress !== before.progress) return 'unknown'
  if (before.cursor === EMPTY_COMMITMENT) return version === 2 && (after.proposal !== before.proposal || after.approvals !== before.approvals) && same ? 'approval' : 'unknown'
  if (version === 1) return 'recommit'
  if (after.proposal === '' && after.approvals === 0n) return 'recommit'
  return same ? 'approval' : 'unknown'
}

/** The leaves `step`'s transaction published for `tokenId` at `height` that fold exactly to `commitment`; undefined when it published none. */
export function leavesIn (step: LineageStep, tokenId: string, height: bigint, commitment: string): Leaf[] | undefined {
  for (const output of step.tx.outputs) {
    const data = parseLeavesData(output.script)
    if (data === undefined || data.tokenId !== tokenId || BigInt(data.height) !== height) continue
    if (commitLeaves(data.leaves) === commitment) return data.leaves
  }
  return undefined
}

/** A lineage step with its state, what it did, and the state before it. */
export interface ReadStep { step: LineageStep, index: number, state: StepState, before: StepState | undefined, kind: StepKind | 'origin' }

/** Every step of a lineage read: its state and what it did. */
export function readSteps (lineage: readonly LineageStep[], version: 1 | 2): ReadStep[] {
  const out: ReadStep[] = []
  let before: StepState | undefined
  lineage.forEach((step, index) => {
    const state = stepState(step, version)
    out.push({ step, index, state, before, kind: before === undefined ? 'origin' : stepKind(before, state, version) })
    before = state
  })
  return out
}
