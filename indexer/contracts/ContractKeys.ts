import { Keys } from '../store/Keys'

/** The stateful contract watcher's name: its keys live under `w:stateful:`. */
export const STATEFUL_WATCHER = 'stateful'

const h10 = (n: number): string => n.toString().padStart(10, '0')
const op = (txid: string, vout: number): string => `${txid}:${vout.toString().padStart(6, '0')}`

/**
 * Keys of the stateful contract watcher, relative to its namespace (the watcher store adds
 * the prefix); `full` gives the key in the whole index, for queries. Contracts are keyed by
 * origin (`<txid>_<vout>`, the output that started the lineage).
 */
export const ContractKeys = {
  /** A lineage: its code hash, where it stands, how many history entries: LineageRecord. */
  lineage: (origin: string) => `l:${origin}`,
  /** The origins whose current (unspent) output this is: string[] (several only when lineages merge). */
  current: (txid: string, vout: number) => `o:${op(txid, vout)}`,
  /** The n-th transaction of a lineage, n from 0 (its origin) in chain order: LineageEventRecord. */
  event: (origin: string, n: number) => `h:${origin}:${h10(n)}`,
  eventPrefix: (origin: string) => `h:${origin}:`,
  /** The origins of lineages with a code hash: OriginRecord. */
  byCode: (codeHash: string, origin: string) => `c:${codeHash}:${origin}`,
  byCodePrefix: (codeHash: string) => `c:${codeHash}:`,
  full: (key: string) => Keys.watcher(STATEFUL_WATCHER, key)
}
