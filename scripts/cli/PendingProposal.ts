import { approvalsNeeded, slotsOf } from '../../contracts/offchain/approvalTally'
import { acceptanceOf, ActionKind, actionHash, type DividendAction } from '../../contracts/offchain/dividendAction'
import { dividendState } from '../../contracts/offchain/dividendState'
import { parseLeavesData } from '../../contracts/offchain/leavesData'
import type { OperatorSet } from '../../contracts/offchain/operatorSet'
import { parseProposalData } from '../../contracts/offchain/proposalData'
import { commitLeaves, type Leaf } from '../../contracts/offchain/snapshot'
import { walkBack } from './ContractLineage'
import type { DivvyContext } from './DivvyContext'
import type { FollowedDividend } from './DividendLocator'
import { operatorSetOf } from './OperatorSets'
import type { TokenRecord } from './TokenRegistry'

/** The action a version 2 contract has pending, as its proposer published it. */
export interface PendingProposal {
  action: DividendAction
  /** A handover's (or an acceptance's) new set. */
  newSet?: OperatorSet
  /** The leaves published with a round or a recommit (their chain is the action's commitment). */
  leaves?: Leaf[]
  /** The transaction that published it. */
  publishedIn: string
  /** The set whose keys approve it (the operators', or for an acceptance the new set). */
  signingSet: OperatorSet
  /** The slots of the signing set that approved it so far, and how many it needs. */
  approvedSlots: number[]
  needed: number
}

/**
 * The contract's pending proposal, or undefined when none is pending: found by walking its
 * lineage back to the `divvy.proposal` output whose action hashes to the state's proposal
 * (a handover's publication also names the acceptance it becomes). A recommit names the
 * cursor it replaces, so one approved before a batch was paid is found nowhere: it lapsed.
 */
export async function pendingProposal (ctx: DivvyContext, token: TokenRecord, located: FollowedDividend): Promise<PendingProposal | undefined> {
  if (located.version !== 2) return undefined
  const c = located.contract
  if (c.proposal === '') return undefined
  let found: Omit<PendingProposal, 'signingSet' | 'approvedSlots' | 'needed'> | undefined
  await walkBack(located.lineage, ({ tx }) => {
    for (const output of tx.outputs) {
      const published = parseProposalData(output.script)
      if (published === undefined) continue
      const candidates = published.action.kind === ActionKind.SetOperators ? [published.action, acceptanceOf(published.action)] : [published.action]
      const action = candidates.find(a => actionHash(a, c.cursor) === c.proposal)
      if (action === undefined) continue
      const leaves = tx.outputs.map(o => parseLeavesData(o.script)?.leaves).find(l => l !== undefined && commitLeaves(l) === action.commitment)
      found = { action, newSet: published.newSet, leaves, publishedIn: tx.id }
      return true
    }
    return false
  })
  if (found === undefined) throw new Error(`the ${token.symbol} dividend contract has a pending proposal (${c.proposal}) published nowhere in its transactions, or it lapsed (a recommit approved before a batch was paid): a new proposal with more approvals replaces it`)
  const signingSet = found.action.kind === ActionKind.AcceptOperators ? found.newSet! : await operatorSetOf(ctx, token, located, c.operators)
  return { ...found, signingSet, approvedSlots: slotsOf(c.approvals), needed: approvalsNeeded(dividendState(c), found.action, signingSet) }
}
