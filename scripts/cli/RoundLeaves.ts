import { paidSoFar } from '../../contracts/offchain/distributionPlan'
import { EMPTY_COMMITMENT, type Leaf } from '../../contracts/offchain/snapshot'
import { leavesIn, readSteps, type ReadStep } from './DividendSteps'
import type { FollowedDividend } from './DividendLocator'

/** The leaves a running round pays, as the transaction that started (or last recommitted) it published them. */
export interface PublishedRound {
  /** The transaction that set the round's commitment and published these leaves. */
  startTxid: string
  height: number
  leaves: Leaf[]
  /** The cursor that transaction set (the fold of `leaves`). */
  commitment: string
  /** How many of `leaves` the contract has paid so far (its cursor is the chain of the rest). */
  paid: number
}

/**
 * The steps of the lineage that set the running round's commitment, newest first: its last
 * recommits, then its start. Only these can name the round's leaves; leaves any other
 * transaction carries (an attacker may attach a forged list to a deposit) are never read.
 */
export function roundCommitSteps (steps: readonly ReadStep[]): ReadStep[] {
  const found: ReadStep[] = []
  for (let i = steps.length - 1; i > 0; i--) {
    const s = steps[i]
    if (s.kind === 'recommit') found.push(s)
    if (s.kind === 'start') { found.push(s); break }
  }
  return found
}

/**
 * The running round's leaves, read only from the transaction that started it or recommitted
 * it (the newest of them that published any): those it published for this token at the
 * round's snapshot height whose chain is exactly the commitment it set, and of which the
 * contract's cursor is a link. Needs nothing but the contract's lineage, so anyone can crank.
 */
export function publishedRound (followed: FollowedDividend, tokenId: string): PublishedRound {
  const { contract } = followed
  if (contract.cursor === EMPTY_COMMITMENT) throw new Error(`no round of the contract is running (round ${contract.round} is over)`)
  const candidates = roundCommitSteps(readSteps(followed.lineage, followed.version))
  if (candidates.length === 0) throw new Error(`round ${contract.round}: no transaction of the contract's lineage started it`)
  for (const set of candidates) {
    const commitment = set.state.cursor
    const leaves = leavesIn(set.step, tokenId, contract.snapshotHeight, commitment)
    if (leaves === undefined) continue
    const paid = paidSoFar(leaves, contract.cursor)
    if (paid < 0) throw new Error(`round ${contract.round}: the contract's cursor is not a link of the leaves ${set.step.tx.id} published`)
    return { startTxid: set.step.tx.id, height: Number(contract.snapshotHeight), leaves, commitment, paid }
  }
  const start = candidates[candidates.length - 1]
  throw new Error(`round ${contract.round} was started in ${start.step.tx.id}${candidates.length > 1 ? ` and recommitted ${candidates.length - 1} time(s)` : ''}, and none of them published leaves of this token at height ${contract.snapshotHeight} folding to the commitment it set: its holders are not known (the operators can publish them with 'divvy recommit')`)
}
