import { ActionKind, type DividendAction } from '../../../contracts/offchain/dividendAction'
import { paidSoFar } from '../../../contracts/offchain/distributionPlan'
import { leavesDataScript } from '../../../contracts/offchain/leavesData'
import { proposalDataScript } from '../../../contracts/offchain/proposalData'
import { commitLeaves, EMPTY_COMMITMENT } from '../../../contracts/offchain/snapshot'
import { defineCommand, type Output } from '../Command'
import type { DivvyContext } from '../DivvyContext'
import { locateDividend } from '../DividendLocator'
import { approvalLine, submitApproval, type ActionResult } from '../OperatorAction'
import { homeKeysIn, operatorSetOf } from '../OperatorSets'
import { homeSnapshot } from '../HomeSnapshot'
import { tokenOf } from '../TokenAdoption'

/**
 * The operators of this home recommit the running round (version 2): with `end`, to the empty
 * chain, ending it (what is left stays for the next round); else to the round's unpaid leaves
 * as this home's index computes them, published again for the cranks. Signed by every key of
 * this home in the operator set; it happens when they are enough (ending a round nobody has
 * been paid from needs m1, everything else m2), else it waits for 'divvy approve'.
 */
export async function recommitRound (ctx: DivvyContext, symbol: string | undefined, wallet: string, end: boolean, mine: boolean, progress: Output = () => {}): Promise<ActionResult> {
  const token = await tokenOf(ctx, symbol)
  const located = await locateDividend(ctx, token)
  if (located.version !== 2) throw new Error(`the $${token.symbol} dividend contract is version 1: recommit it with the tools of version 1`)
  const c = located.contract
  if (c.cursor === EMPTY_COMMITMENT) throw new Error(`no $${token.symbol} round is running`)
  const set = await operatorSetOf(ctx, token, located, c.operators)
  const signers = homeKeysIn(ctx, set)
  if (signers.length === 0) throw new Error(`no key of this home is an operator of $${token.symbol}`)
  let action: DividendAction = { kind: ActionKind.Recommit, commitment: EMPTY_COMMITMENT, height: 0n, pool: 0n }
  const data = []
  if (!end) {
    const round = await homeSnapshot(ctx, token, Number(c.snapshotHeight), c.roundPool)
    const paid = paidSoFar(round.leaves, c.cursor)
    if (paid < 0) throw new Error(`round ${c.round}'s cursor is not in this home's snapshot at height ${c.snapshotHeight}: its unpaid leaves are not known here ('divvy end-round' ends it)`)
    const unpaid = round.leaves.slice(paid)
    action = { ...action, commitment: commitLeaves(unpaid) }
    data.push(leavesDataScript(token.tokenId, Number(c.snapshotHeight), unpaid))
    progress(`round ${c.round}: ${paid} of ${round.leaves.length} holders paid; recommitting the ${unpaid.length} unpaid`)
  }
  return await submitApproval(ctx, token, located, { action, signingSet: set, signers, payer: wallet, data: [...data, proposalDataScript(action)], mine })
}

function recommitDefinition (name: 'recommit' | 'end-round', end: boolean): ReturnType<typeof defineCommand<Record<string, never>>> {
  return defineCommand({
    name,
    description: end
      ? `Ends the running round of the token's dividend contract (version 2): the holders not yet paid
are not paid in it, and what is left of its pool stays for the next round. The operators'
keys of this home sign; ending a round nobody has been paid from needs m1 approvals, else m2
(the other operators run 'divvy approve').`
      : `Recommits the running round of the token's dividend contract (version 2) to its unpaid leaves as
this home's index computes them, and publishes them again (for cranks that cannot find the
leaves its start published). Needs m2 approvals: the operators' keys of this home sign, the
others run 'divvy approve'.`,
    options: {},
    run: async (ctx, _options, common, out) => {
      const result = await recommitRound(ctx, common.token, common.wallet, end, common.mine, out)
      out(approvalLine(result, await tokenOf(ctx, common.token)))
    }
  })
}

export const recommitCommand = recommitDefinition('recommit', false)
export const endRoundCommand = recommitDefinition('end-round', true)
