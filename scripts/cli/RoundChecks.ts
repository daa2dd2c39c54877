import { paidSoFar } from '../../contracts/offchain/distributionPlan'
import { uneconomicRound } from '../../contracts/offchain/roundCost'
import { commitLeaves, EMPTY_COMMITMENT, type Leaf } from '../../contracts/offchain/snapshot'
import type { DivvyContext } from './DivvyContext'
import type { FollowedDividend, LocatedDividend } from './DividendLocator'
import { readSteps, type ReadStep } from './DividendSteps'
import { homeSnapshot, type HomeSnapshot } from './HomeSnapshot'
import { depthAtStart } from './SnapshotDepth'
import { snapshotDifferences } from './SnapshotDiff'
import type { TokenRecord } from './TokenRegistry'

/**
 * Why starting a round that pays `payouts` from this contract is not worth it (its payouts
 * would not cover the fees of its own calls), or undefined: the check `divvy distribute`
 * makes before proposing a round, for a service's policy to make too.
 */
export async function dustRoundReason (ctx: DivvyContext, located: LocatedDividend, payouts: readonly bigint[], batchSize: number): Promise<string | undefined> {
  return uneconomicRound(payouts, { scriptBytes: located.contract.lockingScript.toBuffer().length, batchSize, feePerKb: await ctx.provider.getFeePerKb() })
}

/** The steps of the running (or last) round: its start and everything after it. */
function roundSteps (followed: FollowedDividend): ReadStep[] {
  const steps = readSteps(followed.lineage, followed.version)
  let start = steps.length - 1
  while (start > 0 && steps[start].kind !== 'start') start--
  return start > 0 ? steps.slice(start) : []
}

/** What a crank finds when it checks a round against its own index. */
export interface RoundCheck {
  /** The snapshot this home computes at the round's height for its pool (undefined when it cannot be computed). */
  snapshot: HomeSnapshot | undefined
  /** One line per way the round differs from what the snapshot rules give; empty when it matches. */
  problems: string[]
}

/**
 * Checks the running round the way every crank must before paying it: the snapshot its
 * operators committed at its start must be the one this home's own index computes at the
 * round's snapshot height for its pool, and that height must have been `depth` blocks deep
 * when the round started; every recommit since must have committed the fold of the leaves
 * not paid yet (or C_n, ending the round). The operators promise these, no script enforces
 * them, so a round that breaks them pays whoever the operators chose.
 */
export async function checkRound (ctx: DivvyContext, token: TokenRecord, followed: FollowedDividend, depth: number): Promise<RoundCheck> {
  const steps = roundSteps(followed)
  const start = steps[0]
  if (start === undefined) return { snapshot: undefined, problems: [`no start of round ${followed.contract.round} is in the contract's lineage`] }
  const round = start.state.round
  const height = Number(start.state.snapshotHeight)
  const pool = start.state.roundPool
  const problems: string[] = []
  const startedAt = start.step.height ?? (await ctx.indexedHeight()) + 1
  const deep = depthAtStart(height, startedAt)
  if (deep < depth) problems.push(`round ${round}'s snapshot at height ${height} was ${Math.max(0, deep)} block(s) deep when the round started (block ${startedAt}); a snapshot must be ${depth} deep`)
  const tip = await ctx.indexedHeight()
  if (height > tip) {
    problems.push(`round ${round}'s snapshot height ${height} is above this home's index (height ${tip}): it cannot be checked`)
    return { snapshot: undefined, problems }
  }
  const snapshot = await homeSnapshot(ctx, token, height, pool)
  if (snapshot.commitment !== start.state.cursor) {
    problems.push(`round ${round} committed ${start.state.cursor} at height ${height} for a pool of ${pool}, but this home's snapshot there is ${snapshot.commitment} (${snapshot.leaves.length} holders)`)
  }
  for (const s of steps.slice(1)) {
    if (s.kind !== 'recommit' || s.before === undefined || s.state.cursor === EMPTY_COMMITMENT) continue
    const paid = paidSoFar(snapshot.leaves, s.before.cursor)
    const fold = paid >= 0 ? commitLeaves(snapshot.leaves.slice(paid)) : undefined
    if (fold !== s.state.cursor) problems.push(`round ${round} was recommitted in ${s.step.tx.id} to ${s.state.cursor}, which is not the fold of its unpaid leaves${fold !== undefined ? ` (${fold})` : ''}`)
  }
  return { snapshot, problems }
}

/** The lines that say how `committed` (published leaves) differ from this home's snapshot, for a refusal's detail. */
export function leafDifferences (ctx: DivvyContext, check: RoundCheck, committed: readonly Leaf[]): string[] {
  return check.snapshot !== undefined ? snapshotDifferences(check.snapshot.leaves, committed, ctx.settings.addressFormat) : []
}
