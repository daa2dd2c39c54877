import { Hash, Transaction, Utils } from '@bsv/sdk'

/** The 80-byte block header, with the block hash in the usual reversed hex. */
export interface BlockHeader {
  hash: string
  version: number
  prevHash: string
  merkleRoot: string
  time: number
  bits: number
  nonce: number
}

/** A block as it travels between nodes: header, then the transaction count, then the transactions. */
export interface RawBlock {
  header: BlockHeader
  transactions: Transaction[]
}

const toHexReversed = (bytes: number[]): string => Utils.toHex(bytes.slice().reverse())

/** Parses the 80-byte header at the reader's position. */
export function readBlockHeader (reader: Utils.Reader): BlockHeader {
  const start = reader.pos
  const version = reader.readUInt32LE()
  const prevHash = toHexReversed(reader.read(32))
  const merkleRoot = toHexReversed(reader.read(32))
  const time = reader.readUInt32LE()
  const bits = reader.readUInt32LE()
  const nonce = reader.readUInt32LE()
  const headerBytes = reader.bin.slice(start, start + 80)
  const hash = toHexReversed(Hash.hash256(Array.from(headerBytes)))
  return { hash, version, prevHash, merkleRoot, time, bits, nonce }
}

/** Parses a serialized block (hex or bytes) into its header and transactions. */
export function parseRawBlock (block: string | number[]): RawBlock {
  const bytes = typeof block === 'string' ? Utils.toArray(block, 'hex') : block
  if (bytes.length < 81) throw new Error(`a block needs at least 81 bytes, got ${bytes.length}`)
  const reader = new Utils.Reader(bytes)
  const header = readBlockHeader(reader)
  const count = reader.readVarIntNum()
  const transactions: Transaction[] = []
  for (let i = 0; i < count; i++) transactions.push(Transaction.fromReader(reader))
  if (!reader.eof()) throw new Error('trailing bytes after the last transaction of the block')
  return { header, transactions }
}
