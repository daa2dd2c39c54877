import { BlockHeader } from '../block/RawBlock'

/** What the chain index keeps for each block of the active chain. */
export interface BlockIndexEntry extends BlockHeader {
  height: number
  /** Serialized size in bytes. */
  size: number
  txCount: number
  /** Cumulative chain work, 64 hex digits as bitcoind prints it. */
  chainwork: string
}

/** Where a confirmed transaction sits: its block and its byte range in the raw block. */
export interface TxLocation {
  block: string
  offset: number
  length: number
}

/** Median of the last 11 block times ending at `entries[height]`. */
export function medianTimePast (entries: BlockIndexEntry[], height: number): number {
  const times: number[] = []
  for (let h = height; h >= 0 && h > height - 11; h--) times.push(entries[h].time)
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]
}
