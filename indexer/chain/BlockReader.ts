import { createHash, hash as oneShot } from 'crypto'
import type { ParsedBlock, ParsedTx } from './ParsedBlock'

/**
 * Reads raw blocks and transactions straight from their bytes, with node's sha256 for the
 * ids: the indexer's hot path. (network/block/RawBlock.ts builds full @bsv/sdk
 * Transactions, which the indexer does not need; tests check both agree.)
 */
class ByteCursor {
  pos = 0
  constructor (readonly bytes: Buffer) {}

  need (n: number): void {
    if (this.pos + n > this.bytes.length) throw new Error(`truncated: needs ${n} bytes at offset ${this.pos} of ${this.bytes.length}`)
  }

  skip (n: number): void {
    this.need(n)
    this.pos += n
  }

  take (n: number): Buffer {
    this.need(n)
    const out = this.bytes.subarray(this.pos, this.pos + n)
    this.pos += n
    return out
  }

  u32 (): number {
    this.need(4)
    const v = this.bytes.readUInt32LE(this.pos)
    this.pos += 4
    return v
  }

  u64 (): bigint {
    this.need(8)
    const v = this.bytes.readBigUInt64LE(this.pos)
    this.pos += 8
    return v
  }

  varint (): number {
    this.need(1)
    const first = this.bytes[this.pos++]
    if (first < 0xfd) return first
    if (first === 0xfd) { this.need(2); const v = this.bytes.readUInt16LE(this.pos); this.pos += 2; return v }
    if (first === 0xfe) return this.u32()
    const v = this.u64()
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('varint too large')
    return Number(v)
  }
}

/** One-shot hashing where Node has it (20.12+): no Hash object per transaction. */
const sha256d: (b: Buffer) => Buffer = typeof oneShot === 'function'
  ? b => oneShot('sha256', oneShot('sha256', b, 'buffer'), 'buffer')
  : b => createHash('sha256').update(createHash('sha256').update(b).digest()).digest()

/** Hex of `b` in reverse byte order (txids and block hashes), through one reused buffer. */
const scratch = Buffer.allocUnsafe(32)
function reversedHexAt (b: Buffer, at: number, n: number): string {
  const out = n <= scratch.length ? scratch : Buffer.allocUnsafe(n)
  for (let i = 0; i < n; i++) out[i] = b[at + n - 1 - i]
  return out.toString('hex', 0, n)
}
const reversedHex = (b: Buffer): string => reversedHexAt(b, 0, b.length)
const NULL_TXID = '00'.repeat(32)

function readTx (c: ByteCursor): ParsedTx {
  const start = c.pos
  c.u32() // version
  const nIn = c.varint()
  const inputs: ParsedTx['inputs'] = []
  let coinbase = false
  for (let i = 0; i < nIn; i++) {
    c.need(32)
    const txid = reversedHexAt(c.bytes, c.pos, 32)
    c.pos += 32
    const vout = c.u32()
    c.skip(c.varint()) // unlocking script
    c.u32() // sequence
    if (nIn === 1 && txid === NULL_TXID && vout === 0xffffffff) coinbase = true
    else inputs.push({ txid, vout })
  }
  const nOut = c.varint()
  const outputs: ParsedTx['outputs'] = []
  for (let i = 0; i < nOut; i++) {
    const satoshis = c.u64()
    outputs.push({ satoshis, script: c.take(c.varint()) })
  }
  c.u32() // lock time
  return { txid: reversedHex(sha256d(c.bytes.subarray(start, c.pos))), inputs, outputs, coinbase }
}

/** Parses one serialized transaction. */
export function readTransaction (bytes: Buffer): ParsedTx {
  const c = new ByteCursor(bytes)
  const tx = readTx(c)
  if (c.pos !== bytes.length) throw new Error('trailing bytes after the transaction')
  return tx
}

/** A block's header bytes and its transactions, each with its own raw bytes (a view into `bytes`). */
export function readBlockRaw (bytes: Buffer): { header: Buffer, hash: string, txs: Array<{ tx: ParsedTx, raw: Buffer }> } {
  const c = new ByteCursor(bytes)
  const header = c.take(80)
  const count = c.varint()
  const txs: Array<{ tx: ParsedTx, raw: Buffer }> = []
  for (let i = 0; i < count; i++) {
    const start = c.pos
    const tx = readTx(c)
    txs.push({ tx, raw: bytes.subarray(start, c.pos) })
  }
  if (c.pos !== bytes.length) throw new Error('trailing bytes after the last transaction of the block')
  return { header, hash: reversedHex(sha256d(header)), txs }
}

/** Parses a serialized block: 80-byte header, transaction count, transactions. */
export function readBlock (bytes: Buffer): ParsedBlock {
  const c = new ByteCursor(bytes)
  const header = c.take(80)
  const hash = reversedHex(sha256d(header))
  const prevHash = reversedHex(header.subarray(4, 36))
  const count = c.varint()
  const txs: ParsedTx[] = []
  for (let i = 0; i < count; i++) txs.push(readTx(c))
  if (c.pos !== bytes.length) throw new Error('trailing bytes after the last transaction of the block')
  return { hash, prevHash, txs }
}
