import { ActionKind, describeAction } from '../../../contracts/offchain/dividendAction'
import { paidSoFar } from '../../../contracts/offchain/distributionPlan'
import { leavesDataScript } from '../../../contracts/offchain/leavesData'
import { operatorSetHash, slotOf } from '../../../contracts/offchain/operatorSet'
import { commitLeaves, EMPTY_COMMITMENT, type Leaf } from '../../../contracts/offchain/snapshot'
import { defineCommand, type Output } from '../Command'
import type { DivvyContext } from '../DivvyContext'
import { locateDividend, type FollowedV2 } from '../DividendLocator'
import { approvalLine, submitApproval, type ActionResult } from '../OperatorAction'
import { rememberSet } from '../OperatorSets'
import { pendingProposal, type PendingProposal } from '../PendingProposal'
import { homeSnapshot } from '../HomeSnapshot'
import { UsageError } from '../options'
import { deepSnapshotHeight, snapshotDepth } from '../SnapshotDepth'
import { tokenOf } from '../TokenAdoption'
import type { TokenRecord } from '../TokenRegistry'

/**
 * The leaves an approver stands behind, checked against its own index: a round's snapshot
 * must be the one this home computes at the proposed height and pool; a recommit's leaves
 * must be the round's leaves not yet paid, in order. Throws when they differ.
 */
async function checkedLeaves (ctx: DivvyContext, token: TokenRecord, located: FollowedV2, pending: PendingProposal, depth: number): Promise<Leaf[]> {
  const { action } = pending
  if (action.kind === ActionKind.StartRound) {
    const tip = await ctx.indexedHeight()
    if (Number(action.height) > deepSnapshotHeight(tip, depth)) throw new Error(`the proposed snapshot at height ${action.height} is ${Math.max(0, tip - Number(action.height) + 1)} block(s) deep; a snapshot must be ${depth} deep: not approving`)
    const mine = await homeSnapshot(ctx, token, Number(action.height), action.pool)
    if (mine.commitment !== action.commitment) throw new Error(`the proposed snapshot (${action.commitment}) differs from this home's snapshot at height ${action.height} for a pool of ${action.pool} (${mine.commitment}): not approving`)
    return mine.leaves
  }
  if (action.kind === ActionKind.Recommit && action.commitment !== EMPTY_COMMITMENT) {
    const c = located.contract
    const round = await homeSnapshot(ctx, token, Number(c.snapshotHeight), c.roundPool)
    // The cursor is a link of the snapshot's chain when the round followed it: the rest is unpaid.
    const paid = paidSoFar(round.leaves, c.cursor)
    if (paid < 0) throw new Error('the running round\'s cursor is not in the snapshot this home computes: not approving a recommit of it')
    const unpaid = round.leaves.slice(paid)
    if (commitLeaves(unpaid) !== action.commitment) throw new Error(`the recommitted leaves are not the round's ${unpaid.length} unpaid leaves in order: not approving`)
    return unpaid
  }
  return []
}

/**
 * Approves the pending proposal of a version 2 dividend contract with the wallet's key (it
 * signs and pays the fee), from any home: given only the token id, the home adopts the token
 * from the chain, reads the proposal where its proposer published it, and checks a round's
 * snapshot or a recommit's leaves against its own index before signing. When this approval
 * is the one the action needs, the action happens in this call (and it publishes the leaves
 * of a round or recommit for the cranks).
 */
export async function approvePending (ctx: DivvyContext, symbolOrId: string | undefined, wallet: string, mine: boolean, progress: Output = () => {}, depth?: number): Promise<ActionResult & { pending: PendingProposal }> {
  const token = await tokenOf(ctx, symbolOrId)
  const located = await locateDividend(ctx, token)
  if (located.version !== 2) throw new Error(`the $${token.symbol} dividend contract is version 1: its one operator key acts alone, there is nothing to approve`)
  const pending = await pendingProposal(ctx, token, located)
  if (pending === undefined) throw new Error(`no proposal of the $${token.symbol} dividend contract is pending: nothing to approve`)
  progress(`pending: ${describeAction(pending.action)} (${pending.approvedSlots.length} of ${pending.needed} approvals, published in ${pending.publishedIn})`)
  const key = ctx.key(wallet)
  const slot = slotOf(pending.signingSet, key.publicKey.toString())
  if (slot < 0) throw new Error(`wallet '${wallet}' holds no key of the ${pending.action.kind === ActionKind.AcceptOperators ? 'new ' : ''}operator set of $${token.symbol}`)
  if (pending.approvedSlots.includes(slot)) throw new Error(`wallet '${wallet}' has approved this proposal already (${pending.approvedSlots.length} of ${pending.needed})`)
  const leaves = await checkedLeaves(ctx, token, located, pending, snapshotDepth(ctx.settings, depth))
  const height = pending.action.kind === ActionKind.StartRound ? Number(pending.action.height) : Number(located.contract.snapshotHeight)
  const result = await submitApproval(ctx, token, located, {
    action: pending.action,
    signingSet: pending.signingSet,
    signers: [wallet],
    payer: wallet,
    dataIfExecuted: leaves.length > 0 ? [leavesDataScript(token.tokenId, height, leaves)] : [],
    mine
  })
  if (pending.newSet !== undefined) rememberSet(ctx, token, pending.newSet)
  if (result.executed && pending.action.kind === ActionKind.AcceptOperators) progress(`the operator role of $${token.symbol} moved to the set ${operatorSetHash(pending.newSet!)}`)
  return { ...result, pending }
}

export const approveCommand = defineCommand({
  name: 'approve',
  description: `Approves the pending proposal of the token's dividend contract (version 2) with the wallet's
key, which signs and pays the fee: a round (its snapshot checked against this home's index
first), a recommit or the end of a round, or a handover of the operator role (or, for a key of
the new set, its acceptance). Works from any home given the token id: --token <txid>_0. When
this is the approval the action needs, the action happens now.`,
  options: {
    'snapshot-depth': { kind: 'integer', value: 'k', help: 'confirmations a proposed round\'s snapshot height needs (default 1 on devnet and regtest, 6 on testnet and mainnet)' }
  },
  check: options => { if (options['snapshot-depth'] === 0) throw new UsageError('approve: --snapshot-depth must be at least 1') },
  run: async (ctx, options, common, out) => {
    const result = await approvePending(ctx, common.token, common.wallet, common.mine, out, options['snapshot-depth'])
    const token = await tokenOf(ctx, common.token)
    out(approvalLine(result, token))
  }
})
