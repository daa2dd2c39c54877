import type { Dividend } from '../../contracts/dividend'
import { ActionKind, type DividendAction } from '../../contracts/offchain/dividendAction'
import { approve } from '../../contracts/offchain/dividendCalls'
import { leavesDataScript } from '../../contracts/offchain/leavesData'
import { proposalDataScript } from '../../contracts/offchain/proposalData'
import { commitLeaves, EMPTY_COMMITMENT, type Leaf } from '../../contracts/offchain/snapshot'
import { feeWallet, submitCall } from './CallSubmission'
import type { Output } from './Command'
import type { DivvyContext } from './DivvyContext'
import { dividendAt, utxoOf, type LocatedDividend } from './DividendLocator'
import { homeKeysIn, operatorSetOf } from './OperatorSets'
import { pendingProposal } from './PendingProposal'
import type { TokenRecord } from './TokenRegistry'

/** A snapshot as this home's indexer computes it: the leaves a pool pays, their commitment and the holders cut. */
export interface HomeSnapshot { leaves: Leaf[], commitment: string, tokens: bigint, cut: number }

/** The snapshot of the token's payable holders after block `height` for `pool`, from this home's indexer, its commitment checked. */
export async function homeSnapshot (ctx: DivvyContext, token: TokenRecord, height: number, pool: bigint): Promise<HomeSnapshot> {
  const snapshot = await ctx.indexerClient().snapshot(token.tokenId, height, pool)
  const leaves: Leaf[] = snapshot.leaves.map(l => ({ pkh: l.pkh, amount: l.amount }))
  if (commitLeaves(leaves) !== snapshot.commitment) throw new Error('the indexer\'s snapshot commitment does not match its leaves')
  return { leaves, commitment: snapshot.commitment, tokens: snapshot.tokens, cut: snapshot.cut.length }
}

export interface RoundProposal {
  /** The round started in this call (enough of this home's keys approved), or waits for approvals. */
  started: boolean
  action: DividendAction
  leaves: Leaf[]
  count: number
  needed: number
  txid: string
  /** The contract after the call. */
  located: LocatedDividend & { version: 2 }
}

/**
 * The operators of this home propose a round: the snapshot of the holders at the indexer's
 * confirmed height, paying `pool` (default: all the contract holds but 1 satoshi), pinned in
 * the proposal so that deposits arriving before the last approval stay for the next round.
 * Signed by every key of this home in the operator set (the fee from `payer`); when they are
 * enough the round starts in this very call, else it waits for `divvy approve` from the
 * other operators' homes. The leaves are published with it, for the approvers to check
 * against their own snapshot and for the cranks.
 */
export async function proposeRound (ctx: DivvyContext, token: TokenRecord, located: LocatedDividend & { version: 2 }, payer: string, options: { pool?: bigint, mine: boolean, progress: Output }): Promise<RoundProposal> {
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
  // Taken k blocks deep (the network's snapshotDepth), never at the very tip.
  const height = await ctx.snapshotHeight()
  const snapshot = await homeSnapshot(ctx, token, height, pool)
  if (snapshot.leaves.length === 0) throw new Error(`no holder would receive a satoshi from a pool of ${pool}`)
  const action: DividendAction = { kind: ActionKind.StartRound, commitment: snapshot.commitment, height: BigInt(height), pool }
  const data = [leavesDataScript(token.tokenId, height, snapshot.leaves), proposalDataScript(action)]
  const { tx, outcome } = approve(c, utxoOf(located), { action, signingSet: set, signers: signers.map(n => ctx.key(n)), data }, await feeWallet(ctx, payer))
  await submitCall(ctx, token, tx, options.mine)
  options.progress(`round ${c.round + 1n}: snapshot at height ${height}: ${snapshot.leaves.length} holders with ${snapshot.tokens} tokens${snapshot.cut > 0 ? ` (${snapshot.cut} holders below 1 satoshi left out)` : ''}, pool ${pool} satoshis; ` +
    (outcome.executes ? `started in ${tx.id}` : `proposed in ${tx.id}, ${outcome.count} of ${outcome.needed} approvals: run 'divvy approve --token ${token.tokenId}' in the other operators' homes`))
  return { started: outcome.executes, action, leaves: snapshot.leaves, count: outcome.count, needed: outcome.needed, txid: tx.id, located: dividendAt(tx, 0, 2) as LocatedDividend & { version: 2 } }
}
