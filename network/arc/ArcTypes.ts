/** ARC's transaction states (pkg/api/arc.yaml, TransactionDetails.txStatus). */
export type ArcTxStatus =
  | 'UNKNOWN' | 'QUEUED' | 'RECEIVED' | 'STORED' | 'ANNOUNCED_TO_NETWORK' | 'REQUESTED_BY_NETWORK'
  | 'SENT_TO_NETWORK' | 'ACCEPTED_BY_NETWORK' | 'SEEN_IN_ORPHAN_MEMPOOL' | 'SEEN_ON_NETWORK'
  | 'DOUBLE_SPEND_ATTEMPTED' | 'REJECTED' | 'MINED_IN_STALE_BLOCK' | 'MINED'

/**
 * States that mean the transaction will not be mined as sent, although ARC answered
 * HTTP 200. An orphan's parents are unknown to the network, so it is not accepted.
 */
export const ARC_FAILED_STATES: ReadonlySet<string> = new Set([
  'REJECTED', 'DOUBLE_SPEND_ATTEMPTED', 'SEEN_IN_ORPHAN_MEMPOOL', 'MINED_IN_STALE_BLOCK'
])

/**
 * States in which the network has the transaction: a node accepted it into its mempool, it
 * was seen from other nodes, or it is in a block. Before them (QUEUED ... SENT_TO_NETWORK)
 * ARC holds it but nobody has accepted it yet.
 */
export const ARC_ACCEPTED_STATES: ReadonlySet<string> = new Set(['ACCEPTED_BY_NETWORK', 'SEEN_ON_NETWORK', 'MINED'])

/** What ARC reports about one transaction (POST /v1/tx, GET /v1/tx/{txid}). */
export interface ArcTxInfo {
  txid: string
  txStatus: ArcTxStatus
  extraInfo: string
  /** Set once mined. */
  blockHash: string | undefined
  blockHeight: number | undefined
  /** BUMP (BRC-74) hex once mined. */
  merklePath: string | undefined
  competingTxs: string[]
}

/** ARC's RFC 7807 error body (pkg/api/arc.yaml, ErrorFields). */
export interface ArcErrorBody {
  type?: string
  title?: string
  status: number
  detail?: string
  instance?: string | null
  txid?: string | null
  extraInfo?: string | null
}
