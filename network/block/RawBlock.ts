import { Hash, Transaction, Utils } from '@bsv/sdk'

/** The 80-byte block header, with the block hash in the usual reversed hex. */
export interface BlockHeader extends BlockHeaderFields {
  hash: string
}

/** The fields a header serializes (hashes in the usual reversed hex). */
export interface BlockHeaderFields {
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

/** The 80-byte serialized header (hashes given in the usual reversed hex). */
export function serializeBlockHeader (header: BlockHeaderFields): number[] {
  const writer = new Utils.Writer()
  writer.writeUInt32LE(header.version)
  writer.write(Utils.toArray(header.prevHash, 'hex').reverse())
  writer.write(Utils.toArray(header.merkleRoot, 'hex').reverse())
  writer.writeUInt32LE(header.time)
  writer.writeUInt32LE(header.bits)
  writer.writeUInt32LE(header.nonce)
  return writer.toArray()
}

/** Serializes a block: the 80-byte header, the transaction count, then the raw transactions. */
export function serializeRawBlock (header: number[], rawTransactions: Uint8Array[]): Uint8Array {
  if (header.length !== 80) throw new Error(`a block header has 80 bytes, got ${header.length}`)
  const count = new Utils.Writer()
  count.writeVarIntNum(rawTransactions.length)
  const countBytes = count.toArray()
  let size = 80 + countBytes.length
  for (const tx of rawTransactions) size += tx.length
  const block = new Uint8Array(size)
  block.set(header, 0)
  block.set(countBytes, 80)
  let offset = 80 + countBytes.length
  for (const tx of rawTransactions) {
    block.set(tx, offset)
    offset += tx.length
  }
  return block
}
