import type { Dividend } from '../../contracts/dividend'
import { ActionKind, type DividendAction } from '../../contracts/offchain/dividendAction'
import { leavesDataScript } from '../../contracts/offchain/leavesData'
import { proposalDataScript } from '../../contracts/offchain/proposalData'
import { EMPTY_COMMITMENT, payoutOf, type Leaf } from '../../contracts/offchain/snapshot'
import type { Output } from './Command'
import type { DivvyContext } from './DivvyContext'
import type { FollowedV2 } from './DividendLocator'
import { homeSnapshot } from './HomeSnapshot'
import { submitApproval } from './OperatorAction'
import { homeKeysIn, operatorSetOf } from './OperatorSets'
import { pendingProposal } from './PendingProposal'
import { dustRoundReason } from './RoundChecks'
import { deepSnapshotHeight } from './SnapshotDepth'
import type { TokenRecord } from './TokenRegistry'

export interface RoundProposal {
  /** The round started in this call (enough of this home's keys approved), or waits for approvals. */
  started: boolean
  action: DividendAction
  leaves: Leaf[]
  count: number
  needed: number
  txid: string
  /** The contract after the call. */
  located: FollowedV2
}

/**
 * The operators of this home propose a round: the snapshot of the holders at the newest
 * height `depth` blocks deep, paying `pool` (default: all the contract holds but 1 satoshi),
 * pinned in the proposal so that deposits arriving before the last approval stay for the
 * next round. Refused when its payouts would not cover its fees. Signed by every key of
 * this home in the operator set (the fee from `payer`); when they are enough the round
 * starts in this very call, else it waits for `divvy approve` from the other operators'
 * homes. The leaves are published with it, for the approvers to check against their own
 * snapshot and for the cranks.
 */
export async function proposeRound (ctx: DivvyContext, token: TokenRecord, located: FollowedV2, payer: string, options: { pool?: bigint, mine: boolean, progress: Output, depth: number, batchSize: number }): Promise<RoundProposal> {
  const c: Dividend = located.contract
  const value = BigInt(located.tx.outputs[located.vout].satoshis)
  if (c.cursor !== EMPTY_COMMITMENT) throw new Error(`round ${c.round} of $${token.symbol} is running: pay it first ('divvy distribute --crank')`)
  const pending = await pendingProposal(ctx, token, located)
  if (pending !== undefined) throw new Error(`a proposal is pending (${pending.approvedSlots.length} of ${pending.needed} approvals, published in ${pending.publishedIn}): approve it with 'divvy approve', or outnumber it`)
  const pool = options.pool ?? value - 1n
  if (pool < 1n || pool >= value) throw new Error(`the $${token.symbol} dividend contract holds ${value} satoshis: a round pays 1 to ${value - 1n}${value <= 1n ? ' (pay into it first)' : ''}`)
  const set = await operatorSetOf(ctx, token, located, c.operators)
  const signers = homeKeysIn(ctx, set)
  if (signers.length === 0) throw new Error(`no key of this home is an operator of $${token.symbol}: only its operators propose rounds (use --crank to pay a round someone else started)`)
  // Taken k blocks deep (the network's snapshotDepth, or --snapshot-depth), never at the very tip.
  const height = deepSnapshotHeight(await ctx.indexedHeight(), options.depth)
  const snapshot = await homeSnapshot(ctx, token, height, pool)
  if (snapshot.leaves.length === 0) throw new Error(`no holder would receive a satoshi from a pool of ${pool}`)
  const dust = await dustRoundReason(ctx, located, snapshot.leaves.map(l => payoutOf(pool, l.amount, BigInt(token.supply))), options.batchSize)
  if (dust !== undefined) throw new Error(`not starting a round of $${token.symbol}: ${dust}`)
  const action: DividendAction = { kind: ActionKind.StartRound, commitment: snapshot.commitment, height: BigInt(height), pool }
  const data = [leavesDataScript(token.tokenId, height, snapshot.leaves), proposalDataScript(action)]
  const result = await submitApproval(ctx, token, located, { action, signingSet: set, signers, payer, data, mine: options.mine })
  options.progress(`round ${c.round + 1n}: snapshot at height ${height}: ${snapshot.leaves.length} holders with ${snapshot.tokens} tokens${snapshot.cut > 0 ? ` (${snapshot.cut} holders below 1 satoshi left out)` : ''}, pool ${pool} satoshis; ` +
    (result.executed ? `started in ${result.txid}` : `proposed in ${result.txid}, ${result.count} of ${result.needed} approvals: run 'divvy approve --token ${token.tokenId}' in the other operators' homes`))
  return { started: result.executed, action, leaves: snapshot.leaves, count: result.count, needed: result.needed, txid: result.txid, located: result.located }
}
