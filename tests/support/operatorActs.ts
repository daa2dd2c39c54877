import { expect } from 'chai'
import type { DividendAction } from '../../contracts/offchain/dividendAction'
import { approve } from '../../contracts/offchain/dividendCalls'
import { leavesDataScript } from '../../contracts/offchain/leavesData'
import { proposalDataScript } from '../../contracts/offchain/proposalData'
import type { Leaf } from '../../contracts/offchain/snapshot'
import { feeWallet } from '../../scripts/cli/CallSubmission'
import type { DivvyContext } from '../../scripts/cli/DivvyContext'
import { locateDividend, utxoOf, type FollowedV2 } from '../../scripts/cli/DividendLocator'
import { operatorSetOf } from '../../scripts/cli/OperatorSets'
import type { TokenRecord } from '../../scripts/cli/TokenRegistry'

/** A home's version 2 contract where it stands now (its index brought up to date first). */
export async function locatedV2 (ctx: DivvyContext, token: TokenRecord): Promise<FollowedV2> {
  await ctx.sync()
  const at = await locateDividend(ctx, token)
  if (at.version !== 2) throw new Error('expected version 2')
  return at
}

/**
 * An operator (the home's default key, alone the whole operator set) approves an action by
 * hand, outside the commands, publishing `leaves` beside it as a round's start would: what a
 * dishonest operator can do, since no script checks that leaves are the holders. Mined.
 */
export async function operatorActs (ctx: DivvyContext, token: TokenRecord, action: DividendAction, leaves: Leaf[], height: number): Promise<string> {
  const at = await locatedV2(ctx, token)
  const set = await operatorSetOf(ctx, token, at, at.contract.operators)
  const data = [leavesDataScript(token.tokenId, height, leaves), proposalDataScript(action)]
  const { tx, outcome } = approve(at.contract, utxoOf(at), { action, signingSet: set, signers: [ctx.key()], data }, await feeWallet(ctx, 'default'))
  expect(outcome.executes).to.equal(true)
  await ctx.provider.sendTransaction(tx)
  await ctx.mine(1)
  return tx.id
}
