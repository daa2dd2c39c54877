import type { Dividend } from '../dividend'

/** The state of a version 2 dividend contract, as its props hold it (hex bytes, bigint numbers). */
export interface DividendState {
  /** sha256 of the operator set, hex. */
  operators: string
  round: bigint
  snapshotHeight: bigint
  /** 32 bytes hex; all zeros when no round runs. */
  cursor: string
  roundPool: bigint
  /** Satoshis paid in the running (or last) round. */
  roundPaid: bigint
  /** sha256 of the pending action, hex, or '' when none is pending. */
  proposal: string
  /** Bit mask of the key slots that approved it. */
  approvals: bigint
}

/** The state props of a contract instance. */
export function dividendState (c: Dividend): DividendState {
  return { operators: c.operators, round: c.round, snapshotHeight: c.snapshotHeight, cursor: c.cursor, roundPool: c.roundPool, roundPaid: c.roundPaid, proposal: c.proposal, approvals: c.approvals }
}
