import { Keys } from '../store/Keys'

/** The stateful contract watcher's name: its keys live under `w:stateful:`. */
export const STATEFUL_WATCHER = 'stateful'

const h10 = (n: number): string => n.toString().padStart(10, '0')
const op = (txid: string, vout: number): string => `${txid}:${vout.toString().padStart(6, '0')}`

/**
 * Keys of the stateful contract watcher, relative to its namespace (the watcher store adds
 * the prefix); `full` gives the key in the whole index, for queries.
 */
export const ContractKeys = {
  /** Unspent contract outputs: ContractUtxoRecord. */
  utxo: (codeHash: string, txid: string, vout: number) => `u:${codeHash}:${op(txid, vout)}`,
  utxoPrefix: (codeHash: string) => `u:${codeHash}:`,
  /** Number of history entries of a code hash (absent: never seen). */
  count: (codeHash: string) => `n:${codeHash}`,
  /** The n-th transaction touching a code hash, n from 0 in chain order: ContractEventRecord. */
  event: (codeHash: string, n: number) => `h:${codeHash}:${h10(n)}`,
  eventPrefix: (codeHash: string) => `h:${codeHash}:`,
  full: (key: string) => Keys.watcher(STATEFUL_WATCHER, key)
}
