import { createHash } from 'crypto'
import type { BlockHeader } from '../block/RawBlock'

/** A header of a verified chain: its height and the work of the chain up to it. */
export interface ChainHeader extends BlockHeader {
  height: number
  /** Work from the chain's checkpoint up to and including this block, decimal. */
  chainwork: string
}

const sha256d = (b: Buffer): Buffer => createHash('sha256').update(createHash('sha256').update(b).digest()).digest()
const reversedHex = (b: Buffer, at: number, n: number): string => Buffer.from(b.subarray(at, at + n)).reverse().toString('hex')

/** Parses an 80-byte header; its hash is computed from the bytes, never taken from anyone. */
export function parseHeader (bytes: Buffer): BlockHeader {
  if (bytes.length !== 80) throw new Error(`a block header has 80 bytes, got ${bytes.length}`)
  return {
    hash: sha256d(bytes).reverse().toString('hex'),
    version: bytes.readUInt32LE(0),
    prevHash: reversedHex(bytes, 4, 32),
    merkleRoot: reversedHex(bytes, 36, 32),
    time: bytes.readUInt32LE(68),
    bits: bytes.readUInt32LE(72),
    nonce: bytes.readUInt32LE(76)
  }
}

/** The 80 bytes of a header's fields. */
export function headerBytes (h: Omit<BlockHeader, 'hash'>): Buffer {
  const b = Buffer.alloc(80)
  b.writeUInt32LE(h.version >>> 0, 0)
  Buffer.from(h.prevHash, 'hex').reverse().copy(b, 4)
  Buffer.from(h.merkleRoot, 'hex').reverse().copy(b, 36)
  b.writeUInt32LE(h.time >>> 0, 68)
  b.writeUInt32LE(h.bits >>> 0, 72)
  b.writeUInt32LE(h.nonce >>> 0, 76)
  return b
}
