import type { ParsedTx } from '../chain/ParsedBlock'
import type { OutputRecord } from '../store/Records'

/**
 * Storage a contract watcher gets for one block: keys are namespaced per watcher, and every
 * write joins the block's atomic batch and its undo record, so re-orgs and crashes roll
 * watcher state back with everything else.
 */
export interface WatcherStore {
  get: <T>(key: string) => Promise<T | undefined>
  put: (key: string, value: unknown) => Promise<void>
  del: (key: string) => Promise<void>
}

export interface WatchedTransaction {
  height: number
  blockHash: string
  txIndex: number
  tx: ParsedTx
  /** The outputs the inputs spend, when the indexer knows them (same order as tx.inputs). */
  spent: Array<OutputRecord | undefined>
}

/**
 * A place in the block pipeline for contract-specific state (the dividend contract's rounds
 * and payouts): called for every transaction of every block, in chain order, after the
 * UTXO and token indexes have seen it.
 */
export interface ContractWatcher {
  readonly name: string
  onTransaction: (store: WatcherStore, watched: WatchedTransaction) => Promise<void>
}
