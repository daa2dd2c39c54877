/**
 * The LevelDB key space. Heights are zero-padded so that keys sort by height; outpoints
 * are `<txid>:<vout>`. Everything a block writes is undone from its `undo` record.
 */
const h10 = (height: number): string => height.toString().padStart(10, '0')
const op = (txid: string, vout: number): string => `${txid}:${vout.toString().padStart(6, '0')}`

export const Keys = {
  /** { height, hash } of the last applied block. */
  tip: 'm:tip',
  /** The height indexing started at (fixed by the first run). */
  start: 'm:start',
  /** The layout of the index's keys (INDEX_FORMAT) when its first block was applied. */
  format: 'm:format',
  block: (height: number) => `b:${h10(height)}`,
  undo: (height: number) => `u:${h10(height)}`,
  /** Every unspent output we know: OutputRecord. */
  output: (txid: string, vout: number) => `o:${op(txid, vout)}`,
  /** Plain P2PKH outputs by pkh: AddressEntry. */
  address: (pkh: string, txid: string, vout: number) => `a:${pkh}:${op(txid, vout)}`,
  addressPrefix: (pkh: string) => `a:${pkh}:`,
  /** Every output by sha256 of its locking script: AddressEntry. */
  scriptHash: (hash: string, txid: string, vout: number) => `s:${hash}:${op(txid, vout)}`,
  scriptHashPrefix: (hash: string) => `s:${hash}:`,
  /** Token info: TokenInfoRecord. */
  token: (id: string) => `k:${id}`,
  tokenPrefix: 'k:',
  /** Unspent token outputs of a token: TokenUtxoRecord. */
  tokenUtxo: (id: string, txid: string, vout: number) => `tu:${id}:${op(txid, vout)}`,
  tokenUtxoPrefix: (id: string) => `tu:${id}:`,
  /** Every token output ever, with the heights it was created and spent at: TokenHistoryRecord. */
  tokenOutput: (id: string, txid: string, vout: number) => `th:${id}:${op(txid, vout)}`,
  tokenOutputPrefix: (id: string) => `th:${id}:`,
  /** Unspent token outputs by owner pkh (P2PKH owner or OrdLock seller): TokenUtxoRecord. */
  ownerToken: (pkh: string, id: string, txid: string, vout: number) => `ta:${pkh}:${id}:${op(txid, vout)}`,
  ownerTokenPrefix: (pkh: string) => `ta:${pkh}:`,
  /** Open OrdLock listings of a token: ListingRecord. */
  listing: (id: string, txid: string, vout: number) => `tl:${id}:${op(txid, vout)}`,
  listingPrefix: (id: string) => `tl:${id}:`,
  /** Token events in chain order: TokenEventRecord. */
  event: (id: string, height: number, txIndex: number) => `te:${id}:${h10(height)}:${txIndex.toString().padStart(7, '0')}`,
  eventPrefix: (id: string) => `te:${id}:`,
  /** Contract watchers' own keys. */
  watcher: (name: string, key: string) => `w:${name}:${key}`
}

/**
 * The layout of the keys the pipeline writes. An index written with another layout (by an
 * earlier version) cannot be read, only rebuilt: 2 keys contracts by their lineage's origin.
 */
export const INDEX_FORMAT = 2

/** The outpoint at the end of a key built with `op()`. */
export function outpointOfKey (key: string): { txid: string, vout: number } {
  const vout = Number(key.slice(-6))
  const txid = key.slice(-6 - 1 - 64, -7)
  return { txid, vout }
}

/** The upper bound of a prefix scan. */
export const prefixEnd = (prefix: string): string => prefix + '\xff'
