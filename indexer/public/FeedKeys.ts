/**
 * The public-network feeder's own keys in the index's LevelDB (prefix `p:`), beside the
 * block-by-block index it feeds. They are written as the feeder learns things, so that a
 * killed run resumes from them without asking the services again; none of them is part of
 * a block's batch or undo record (re-orgs are handled by the feeder itself).
 */
const h10 = (n: number): string => n.toString().padStart(10, '0')
const op = (txid: string, vout: number): string => `${txid}:${vout.toString().padStart(6, '0')}`

export const FeedKeys = {
  /** A followed token: FollowedToken. */
  root: (tokenId: string) => `p:root:${tokenId}`,
  rootPrefix: 'p:root:',
  /** A verified header by height: ChainHeader. */
  header: (height: number) => `p:hdr:${h10(height)}`,
  headerPrefix: 'p:hdr:',
  /** Height of a verified header by its hash. */
  headerHash: (hash: string) => `p:hh:${hash}`,
  /** Raw hex of a transaction that hashed to its txid. */
  tx: (txid: string) => `p:tx:${txid}`,
  /** Where a merkle proof (checked against a verified header) puts a transaction: TxPosition. */
  position: (txid: string) => `p:at:${txid}`,
  /** The transactions positioned in the block at a height, by position: txid. */
  inBlock: (height: number, index: number) => `p:blk:${h10(height)}:${index.toString().padStart(9, '0')}`,
  inBlockPrefix: (height: number) => `p:blk:${h10(height)}:`,
  inBlockAll: 'p:blk:',
  /** A transaction a service named (a spender) that is still to be fetched. */
  want: (txid: string) => `p:want:${txid}`,
  wantPrefix: 'p:want:',
  /** A known transaction without a verified position yet (unconfirmed, or its proof not yet given). */
  pending: (txid: string) => `p:pend:${txid}`,
  pendingPrefix: 'p:pend:',
  /** An output the feeder follows: Candidate. */
  candidate: (txid: string, vout: number) => `p:c:${op(txid, vout)}`,
  /** A followed output whose spend is not known yet (the discovery frontier). */
  frontier: (txid: string, vout: number) => `p:f:${op(txid, vout)}`,
  frontierPrefix: 'p:f:',
  /** Who spent a followed output: SpendRecord. */
  spend: (txid: string, vout: number) => `p:sp:${op(txid, vout)}`,
  /** A disagreement between services about an output: Disagreement. */
  disagreement: (txid: string, vout: number) => `p:dis:${op(txid, vout)}`,
  disagreementPrefix: 'p:dis:'
}

/** The outpoint at the end of a key built with `op()`. */
export function outpointOf (key: string): { txid: string, vout: number } {
  return { txid: key.slice(-71, -7), vout: Number(key.slice(-6)) }
}

export interface FollowedToken {
  tokenId: string
  /** The dividend contract's origin outpoint (`<txid>_<vout>`), when the token has one. */
  contractOrigin?: string
}

export interface TxPosition { block: string, height: number, index: number }

/** A followed output: a possible carrier of a token (`t`: its id) or an output of a contract's lineage (`c`: its code hash). */
export type Candidate = { t: string } | { c: string }

export interface SpendRecord { txid: string, vin: number }

/** Two services disagreeing about one output, and what came of it. */
export interface Disagreement {
  outpoint: string
  /** What each service said: a spending txid, or '' for unspent. */
  woc: string
  oneSat: string
  /** 'proven': the spend was verified from its raw transaction and merkle proof and applied; 'unresolved': nothing could be proven. */
  outcome: 'proven' | 'unresolved'
  detail: string
}
