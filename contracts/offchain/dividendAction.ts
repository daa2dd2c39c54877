import { createHash } from 'crypto'
import { num2bin } from './snapshot'

/** The actions operators approve (the contract's `approve` kinds). */
export enum ActionKind {
  StartRound = 1,
  Recommit = 2,
  SetOperators = 3,
  AcceptOperators = 4
}

/**
 * An action of the operator set, as `approve` takes it: a round over `commitment` (the
 * snapshot after block `height`, paying `pool`), a recommit of `commitment`, or a handover
 * to the set whose hash is `commitment` (then its acceptance). `height` and `pool` are 0
 * unless starting a round.
 */
export interface DividendAction {
  kind: ActionKind
  /** 32 bytes hex: the snapshot, the recommitted chain, or the new operator set's hash. */
  commitment: string
  height: bigint
  pool: bigint
}

/**
 * The hash the contract keeps for a pending action: sha256(num2bin(kind, 1) || commitment ||
 * num2bin(height, 4) || num2bin(pool, 8) || cursor), the cursor only for a recommit (its
 * approvals lapse when a batch is paid meanwhile).
 */
export function actionHash (action: DividendAction, cursor: string): string {
  const terms = [Buffer.from(action.commitment, 'hex'), num2bin(action.height, 4), num2bin(action.pool, 8)]
  if (action.kind === ActionKind.Recommit) terms.push(Buffer.from(cursor, 'hex'))
  return createHash('sha256').update(Buffer.concat([num2bin(BigInt(action.kind), 1), ...terms])).digest('hex')
}

/** The pending acceptance a handover becomes once the current set has approved it. */
export function acceptanceOf (handover: DividendAction): DividendAction {
  if (handover.kind !== ActionKind.SetOperators) throw new Error('only a handover is accepted')
  return { ...handover, kind: ActionKind.AcceptOperators }
}

/** The action in one line of words, as the commands show it to operators before they sign. */
export function describeAction (a: DividendAction): string {
  switch (a.kind) {
    case ActionKind.StartRound: return `start round over snapshot ${a.commitment} (height ${a.height}), pool ${a.pool} satoshis`
    case ActionKind.Recommit: return a.commitment === '00'.repeat(32) ? 'end the running round' : `recommit the running round to ${a.commitment}`
    case ActionKind.SetOperators: return `hand the operator role to the set ${a.commitment}`
    case ActionKind.AcceptOperators: return `accept the operator role for the set ${a.commitment}`
  }
}
