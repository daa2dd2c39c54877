/**
 * What the stateful contract watcher stores per code hash. Satoshis are decimal strings
 * (JSON has no bigint); states and scripts are hex.
 */

/** An unspent output of a contract: satoshis, confirmation height, state. */
export interface ContractUtxoRecord { s: string, h: number, st: string }

/** A contract output a transaction spends. */
export interface ContractSpendRecord { txid: string, vout: number, s: string, st: string }

/** A contract output a transaction creates (a continuation of the contract). */
export interface ContractOutputRecord { vout: number, s: string, st: string }

/** Any other output of a transaction that touches the contract. */
export interface OtherOutputRecord { vout: number, s: string, c: string }

/** One transaction touching a contract, in chain order. */
export interface ContractEventRecord {
  txid: string
  height: number
  /** The contract's outputs it spends (usually one; none for a deploy). */
  spent: ContractSpendRecord[]
  /** The contract's outputs it creates (usually one: the continuation; none for a final spend). */
  created: ContractOutputRecord[]
  /** Its other outputs in vout order, at most MAX_OTHER_OUTPUTS of them. */
  others: OtherOutputRecord[]
  /** How many other outputs it has in all (more than `others` holds when capped). */
  otherCount: number
}
