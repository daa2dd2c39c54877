import { parseOperatorsData } from '../../contracts/offchain/operatorsData'
import { normalizeOperatorSet, operatorSetHash, type OperatorSet } from '../../contracts/offchain/operatorSet'
import { parseProposalData } from '../../contracts/offchain/proposalData'
import { walkBack } from './ContractLineage'
import type { DivvyContext } from './DivvyContext'
import type { FollowedDividend } from './DividendLocator'
import type { TokenRecord } from './TokenRegistry'

/** A set as the token registry stores it (JSON: the threshold as a decimal string). */
export function storedSet (set: OperatorSet): { keys: string[], m1: number, m2: number, approvalThreshold: string } {
  return { keys: set.keys, m1: set.m1, m2: set.m2, approvalThreshold: set.approvalThreshold.toString() }
}

/** Remembers a set in the token's record, by its hash. */
export function rememberSet (ctx: DivvyContext, token: TokenRecord, set: OperatorSet): void {
  const latest = ctx.tokens.all().find(t => t.tokenId === token.tokenId) ?? token
  ctx.tokens.add({ ...latest, operatorSets: { ...(latest.operatorSets ?? {}), [operatorSetHash(set)]: storedSet(set) } })
}

/**
 * The operator set whose hash is `hash`: from this home's record, else from the chain, where
 * it was published (the issue transaction's `divvy.operators`, or the `divvy.proposal` of
 * the handover that named it), found by walking the contract's lineage back.
 */
export async function operatorSetOf (ctx: DivvyContext, token: TokenRecord, located: FollowedDividend, hash: string): Promise<OperatorSet> {
  const stored = token.operatorSets?.[hash]
  if (stored !== undefined) return normalizeOperatorSet({ ...stored, approvalThreshold: BigInt(stored.approvalThreshold) })
  let found: OperatorSet | undefined
  await walkBack(located.lineage, ({ tx }) => {
    for (const output of tx.outputs) {
      const set = parseOperatorsData(output.script)?.set ?? parseProposalData(output.script)?.newSet
      if (set !== undefined && operatorSetHash(set) === hash) { found = set; return true }
    }
    return false
  })
  if (found === undefined) throw new Error(`the operator set ${hash} of $${token.symbol} is published nowhere in its contract's transactions`)
  rememberSet(ctx, token, found)
  return found
}

/** The key names of this home whose public keys are in `set`. */
export function homeKeysIn (ctx: DivvyContext, set: OperatorSet): string[] {
  return ctx.keys.names().filter(name => set.keys.includes(ctx.key(name).publicKey.toString()))
}
