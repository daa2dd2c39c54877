import { bsv } from 'scrypt-ts'
import { approvalOutcome, type ApprovalOutcome } from '../../contracts/offchain/approvalTally'
import { describeAction, type DividendAction } from '../../contracts/offchain/dividendAction'
import { approve } from '../../contracts/offchain/dividendCalls'
import { dividendState } from '../../contracts/offchain/dividendState'
import { slotOf, type OperatorSet } from '../../contracts/offchain/operatorSet'
import { feeWallet, submitCall } from './CallSubmission'
import type { DivvyContext } from './DivvyContext'
import { dividendAt, utxoOf, type LocatedDividend } from './DividendLocator'
import type { TokenRecord } from './TokenRegistry'

export interface ActionResult {
  action: DividendAction
  /** The action happened in this call; else it waits as the pending proposal. */
  executed: boolean
  count: number
  needed: number
  txid: string
  located: LocatedDividend & { version: 2 }
}

/**
 * Signs `action` with `signers` (keys of `signingSet`), the fee paid by `payer`, publishing
 * `data` beside the contract; `dataIfExecuted` is published too when this call is the one
 * that makes the action happen (a round's or a recommit's leaves, where the cranks look for
 * them). The outcome is computed as the contract computes it first, so a call it would
 * refuse is refused here with its reason, before anything is signed or paid.
 */
export async function submitApproval (ctx: DivvyContext, token: TokenRecord, located: LocatedDividend & { version: 2 }, o: {
  action: DividendAction
  signingSet: OperatorSet
  signers: readonly string[]
  payer: string
  data?: bsv.Script[]
  dataIfExecuted?: bsv.Script[]
  mine: boolean
}): Promise<ActionResult> {
  const keys = o.signers.map(n => ctx.key(n))
  const utxo = utxoOf(located)
  const preview: ApprovalOutcome = approvalOutcome(dividendState(located.contract), o.action, o.signingSet, keys.map(k => slotOf(o.signingSet, k.publicKey.toString())), BigInt(utxo.satoshis))
  const data = [...(o.data ?? []), ...(preview.executes ? o.dataIfExecuted ?? [] : [])]
  const { tx, outcome } = approve(located.contract, utxo, { action: o.action, signingSet: o.signingSet, signers: keys, data }, await feeWallet(ctx, o.payer))
  await submitCall(ctx, token, tx, o.mine)
  return { action: o.action, executed: outcome.executes, count: outcome.count, needed: outcome.needed, txid: tx.id, located: dividendAt(tx, 0, 2) as LocatedDividend & { version: 2 } }
}

/** One line on what an approval did. */
export function approvalLine (r: ActionResult, token: TokenRecord): string {
  const what = describeAction(r.action)
  return r.executed
    ? `${what}: done in ${r.txid} (${r.count} of ${r.needed} approvals)`
    : `${what}: ${r.count} of ${r.needed} approvals, recorded in ${r.txid}; the other operators run 'divvy approve --token ${token.tokenId}' in their homes`
}
