import { commitLeaves, type Leaf } from '../../contracts/offchain/snapshot'
import type { DivvyContext } from './DivvyContext'
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
