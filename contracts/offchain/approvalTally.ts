import { EMPTY_COMMITMENT } from './snapshot'
import { acceptanceOf, ActionKind, actionHash, type DividendAction } from './dividendAction'
import type { DividendState } from './dividendState'
import { operatorSetHash, type OperatorSet, normalizeOperatorSet } from './operatorSet'

export type { DividendState } from './dividendState'

/** What an `approve` call does, computed the way the contract does it. */
export interface ApprovalOutcome {
  /** The action happens in this call (its approvals reach the threshold). */
  executes: boolean
  /** Approvals the action has with this call, and how many it needs. */
  count: number
  needed: number
  /** The state after the call. */
  next: DividendState
}

/** The slots set in a bit mask. */
export function slotsOf (mask: bigint): number[] {
  const slots: number[] = []
  for (let i = 0; mask >> BigInt(i) > 0n; i++) if (((mask >> BigInt(i)) & 1n) === 1n) slots.push(i)
  return slots
}

/**
 * How many approvals of `signingSet` an action needs: a round below the approval threshold
 * and ending a round nobody has been paid from m1; an acceptance every key of the new set;
 * everything else m2.
 */
export function approvalsNeeded (state: DividendState, action: DividendAction, signingSet: OperatorSet): number {
  const low = (action.kind === ActionKind.StartRound && action.pool < signingSet.approvalThreshold) ||
    (action.kind === ActionKind.Recommit && action.commitment === EMPTY_COMMITMENT && state.roundPaid === 0n)
  return action.kind === ActionKind.AcceptOperators ? signingSet.keys.length : low ? signingSet.m1 : signingSet.m2
}

/**
 * The outcome of `approve(action)` signed by the keys in `signerSlots` of `signingSet` (the
 * operators' set, or for an acceptance the new set), on a contract in `state` holding
 * `value` satoshis. Throws with the contract's reason when the script would reject the call.
 */
export function approvalOutcome (state: DividendState, action: DividendAction, signingSet: OperatorSet, signerSlots: readonly number[], value: bigint): ApprovalOutcome {
  const set = normalizeOperatorSet(signingSet)
  const proposed = actionHash(action, state.cursor)
  const same = proposed === state.proposal
  const setHash = operatorSetHash(set)
  if (action.kind === ActionKind.AcceptOperators) {
    if (setHash !== action.commitment) throw new Error('an acceptance is signed by the new set itself')
    if (!same) throw new Error('no handover to this set is pending')
  } else if (setHash !== state.operators) {
    throw new Error('the signing set is not the contract\'s operator set')
  }
  for (const s of signerSlots) {
    if (!Number.isInteger(s) || s < 0 || s >= set.keys.length) throw new Error(`slot ${s} holds no key of the set`)
  }
  const pending = slotsOf(state.approvals)
  const approved = new Set<number>(signerSlots)
  if (same) for (const s of pending) approved.add(s)
  const count = approved.size
  if (count <= pending.length) {
    throw new Error(same
      ? 'every key given has approved this action already'
      : `another action is pending with ${pending.length} approval(s); replacing it takes more than that`)
  }
  const needed = approvalsNeeded(state, action, set)
  let mask = 0n
  for (const s of approved) mask |= 1n << BigInt(s)
  const next: DividendState = { ...state, proposal: proposed, approvals: mask }
  const executes = count >= needed
  if (executes) {
    next.proposal = ''
    next.approvals = 0n
    switch (action.kind) {
      case ActionKind.StartRound:
        if (state.cursor !== EMPTY_COMMITMENT) throw new Error('a round is running')
        if (!/^[0-9a-f]{64}$/.test(action.commitment) || action.commitment === EMPTY_COMMITMENT) throw new Error('a round needs a 32-byte commitment of at least one leaf')
        if (action.pool <= 0n || action.pool >= value) throw new Error(`the pool must be positive and leave the contract 1 satoshi (it holds ${value})`)
        Object.assign(next, { round: state.round + 1n, snapshotHeight: action.height, cursor: action.commitment, roundPool: action.pool, roundPaid: 0n })
        break
      case ActionKind.Recommit:
        if (state.cursor === EMPTY_COMMITMENT) throw new Error('no round is running')
        if (!/^[0-9a-f]{64}$/.test(action.commitment)) throw new Error('a recommit needs a 32-byte commitment')
        next.cursor = action.commitment
        break
      case ActionKind.SetOperators:
        next.proposal = actionHash(acceptanceOf(action), state.cursor)
        break
      case ActionKind.AcceptOperators:
        next.operators = action.commitment
        break
    }
  }
  return { executes, count, needed, next }
}
