import { acceptanceOf, ActionKind, type DividendAction } from '../../../contracts/offchain/dividendAction'
import { normalizeOperatorSet, operatorSetHash, type OperatorSet } from '../../../contracts/offchain/operatorSet'
import { proposalDataScript } from '../../../contracts/offchain/proposalData'
import { defineCommand, type Output } from '../Command'
import type { DivvyContext } from '../DivvyContext'
import { locateDividend } from '../DividendLocator'
import { approvalLine, submitApproval, type ActionResult } from '../OperatorAction'
import { provenKeys } from '../OperatorKeys'
import { homeKeysIn, operatorSetOf, rememberSet } from '../OperatorSets'
import { UsageError } from '../options'
import { tokenOf } from '../TokenAdoption'

/** The set `setOperators` hands the role to: its keys and thresholds. */
export interface SetOperatorsOptions {
  /** Comma-separated: key names of this home, or `<public key>:<proof>` of keys held elsewhere. */
  operators: string
  m1?: number
  m2?: number
  approvalThreshold?: bigint
  mine: boolean
  progress?: Output
}

/** The operator set a command line names: its keys proven, 1 <= m1 <= m2 <= keys (defaults: m1 = 1, m2 = m1). */
export function namedSet (ctx: DivvyContext, command: string, o: { operators: string, m1?: number, m2?: number, approvalThreshold?: bigint }): { set: OperatorSet, proofs: string[] } {
  const keys = provenKeys(ctx, command, o.operators)
  const m1 = o.m1 ?? 1
  const m2 = o.m2 ?? m1
  let set: OperatorSet
  try {
    set = normalizeOperatorSet({ keys: keys.map(k => k.publicKey), m1, m2, approvalThreshold: o.approvalThreshold ?? 0n })
  } catch (e) {
    throw new UsageError(`${command}: ${(e as Error).message}`)
  }
  return { set, proofs: set.keys.map(pub => keys.find(k => k.publicKey === pub)!.proof) }
}

/**
 * Hands the operator role of a version 2 contract to a new set: the current operators'
 * keys of this home approve the handover (m2 in all; the others run 'divvy approve'); once
 * approved, every key of the new set must accept, and those this home holds accept at once.
 * The role moves when the last one has.
 */
export async function setOperators (ctx: DivvyContext, symbol: string | undefined, wallet: string, o: SetOperatorsOptions): Promise<{ handover: ActionResult, acceptance?: ActionResult, set: OperatorSet }> {
  const progress = o.progress ?? (() => {})
  const token = await tokenOf(ctx, symbol)
  const located = await locateDividend(ctx, token)
  if (located.version !== 2) throw new Error(`the $${token.symbol} dividend contract is version 1: it has one operator key, handed over with the tools of version 1`)
  const { set } = namedSet(ctx, 'set-operators', o)
  const current = await operatorSetOf(ctx, token, located, located.contract.operators)
  const signers = homeKeysIn(ctx, current)
  if (signers.length === 0) throw new Error(`no key of this home is an operator of $${token.symbol}: only its operators hand the role over`)
  rememberSet(ctx, token, set)
  const action: DividendAction = { kind: ActionKind.SetOperators, commitment: operatorSetHash(set), height: 0n, pool: 0n }
  const handover = await submitApproval(ctx, token, located, { action, signingSet: current, signers, payer: wallet, data: [proposalDataScript(action, set)], mine: o.mine })
  progress(approvalLine(handover, token))
  const accepting = homeKeysIn(ctx, set)
  if (!handover.executed || accepting.length === 0) return { handover, set }
  const acceptance = await submitApproval(ctx, token, handover.located, { action: acceptanceOf(action), signingSet: set, signers: accepting, payer: wallet, mine: o.mine })
  progress(approvalLine(acceptance, token))
  return { handover, acceptance, set }
}

export const setOperatorsCommand = defineCommand({
  name: 'set-operators',
  description: `Hands the operator role of the token's dividend contract (version 2) to a new set of up to 5
keys with thresholds m1 <= m2 and an approval threshold. The current operators approve it (m2
of them: the keys of this home sign, the others run 'divvy approve'); then every key of the
new set accepts (those of this home at once, the others with 'divvy approve' in their homes),
so the role never goes to a key nobody holds.`,
  options: {
    operators: { kind: 'string', value: 'keys', required: true, help: 'comma-separated: key names of this home, or <public key>:<proof> from \'divvy operator-key\'' },
    m1: { kind: 'integer', value: 'n', help: 'approvals a round below the approval threshold needs (default 1)' },
    m2: { kind: 'integer', value: 'n', help: 'approvals everything else needs (default m1)' },
    'approval-threshold': { kind: 'amount', value: 'sats', help: 'rounds paying at least this need m2 (default 0: every round m2)' }
  },
  run: async (ctx, options, common, out) => {
    const result = await setOperators(ctx, common.token, common.wallet, { operators: options.operators, m1: options.m1, m2: options.m2, approvalThreshold: options['approval-threshold'], mine: common.mine, progress: out })
    if (result.acceptance?.executed === true) out(`the operator role moved to ${result.set.keys.length} keys, m1 = ${result.set.m1}, m2 = ${result.set.m2}, approval threshold ${result.set.approvalThreshold} satoshis`)
  }
})
