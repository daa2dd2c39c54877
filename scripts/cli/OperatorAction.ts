import { bsv } from 'scrypt-ts'
import { approvalOutcome, type ApprovalOutcome } from '../../contracts/offchain/approvalTally'
import { describeAction, type DividendAction } from '../../contracts/offchain/dividendAction'
import { approve } from '../../contracts/offchain/dividendCalls'
import { dividendState } from '../../contracts/offchain/dividendState'
import { slotOf, type OperatorSet } from '../../contracts/offchain/operatorSet'
import { feeWallet, submitCall } from './CallSubmission'
import type { DivvyContext } from './DivvyContext'
import { onCurrentOutput } from './ContractMoves'
import { followOn, locateDividend, utxoOf, type FollowedV2 } from './DividendLocator'
import type { TokenRecord } from './TokenRegistry'

export interface ActionResult {
  action: DividendAction
  /** The action happened in this call; else it waits as the pending proposal. */
  executed: boolean
  count: number
  needed: number
  txid: string
  located: FollowedV2
}

/**
 * Signs `action` with `signers` (keys of `signingSet`), the fee paid by `payer`, publishing
 * `data` beside the contract; `dataIfExecuted` is published too when this call is the one
 * that makes the action happen (a round's or a recommit's leaves, where the cranks look for
 * them). The outcome is computed as the contract computes it first, so a call it would
 * refuse is refused here with its reason, before anything is signed or paid.
 */
export async function submitApproval (ctx: DivvyContext, token: TokenRecord, located: FollowedV2, o: {
  action: DividendAction
  signingSet: OperatorSet
  signers: readonly string[]
  payer: string
  data?: bsv.Script[]
  dataIfExecuted?: bsv.Script[]
  mine: boolean
}): Promise<ActionResult> {
  const keys = o.signers.map(n => ctx.key(n))
  // An approval is never invalidated by the contract moving: when a deposit (or another
  // approver) spends its output first, it is made again on the new output.
  return await onCurrentOutput({
    what: `the $${token.symbol} dividend contract`,
    retry: true,
    progress: ctx.say,
    locate: async attempt => {
      if (attempt === 1) return located
      await ctx.sync()
      const now = await locateDividend(ctx, token)
      if (now.version !== 2) throw new Error('internal: the contract changed version')
      return now
    },
    call: async (at: FollowedV2) => {
      const utxo = utxoOf(at)
      const preview: ApprovalOutcome = approvalOutcome(dividendState(at.contract), o.action, o.signingSet, keys.map(k => slotOf(o.signingSet, k.publicKey.toString())), BigInt(utxo.satoshis))
      const data = [...(o.data ?? []), ...(preview.executes ? o.dataIfExecuted ?? [] : [])]
      const { tx, outcome } = approve(at.contract, utxo, { action: o.action, signingSet: o.signingSet, signers: keys, data }, await feeWallet(ctx, o.payer, { paysFor: [at.txid] }))
      await submitCall(ctx, token, tx, o.mine)
      return { action: o.action, executed: outcome.executes, count: outcome.count, needed: outcome.needed, txid: tx.id, located: followOn(at, tx) as FollowedV2 }
    }
  })
}

/** One line on what an approval did. */
export function approvalLine (r: ActionResult, token: TokenRecord): string {
  const what = describeAction(r.action)
  return r.executed
    ? `${what}: done in ${r.txid} (${r.count} of ${r.needed} approvals)`
    : `${what}: ${r.count} of ${r.needed} approvals, recorded in ${r.txid}; the other operators run 'divvy approve --token ${token.tokenId}' in their homes`
}
