/**
 * What the stateful contract watcher stores per lineage. Satoshis are decimal strings
 * (JSON has no bigint); states and scripts are hex.
 */

/** A contract output: outpoint, satoshis, confirmation height, state. */
export interface ContractOutputRecord { txid: string, vout: number, s: string, h: number, st: string }

/** A lineage: the code hash of its contract, its current unspent output (null once it ended), its history length. */
export interface LineageRecord { code: string, at: ContractOutputRecord | null, n: number }

/** Any other output of a transaction of the lineage. */
export interface OtherOutputRecord { vout: number, s: string, c: string }

/** One transaction of a lineage, in chain order: its origin, or a spend of the lineage's output. */
export interface LineageEventRecord {
  txid: string
  height: number
  /** The input that spent the lineage's previous output; null for the origin. */
  input: number | null
  /** The lineage's output it spent; null for the origin. */
  spent: { txid: string, vout: number, s: string, st: string } | null
  /** The lineage's output it created (its continuation, or the origin); null when the contract ended. */
  output: { vout: number, s: string, st: string } | null
  /** Its other outputs in vout order, at most MAX_OTHER_OUTPUTS of them. */
  others: OtherOutputRecord[]
  /** How many other outputs it has in all (more than `others` holds when capped). */
  otherCount: number
}

/** An origin as listed under its code hash: the height of the transaction that created it. */
export interface OriginRecord { h: number }
