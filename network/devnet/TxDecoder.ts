import { Transaction, Utils } from '@bsv/sdk'
import { RpcCode, RpcFailure } from './RpcFailure'

/** A transaction as it arrived: its bytes, the sdk's object, and its output values read as the node reads them. */
export interface DecodedTx {
  raw: Uint8Array
  tx: Transaction
  /** Output values as signed 64-bit integers (the sdk reads them unsigned). */
  values: bigint[]
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER)

/** Reads a Bitcoin varint at `pos`; answers the value and the position after it. */
function varInt (view: DataView, pos: number): [number, number] {
  const need = (n: number): void => { if (pos + n > view.byteLength) throw new Error('truncated') }
  need(1)
  const first = view.getUint8(pos)
  if (first < 0xfd) return [first, pos + 1]
  if (first === 0xfd) { need(3); return [view.getUint16(pos + 1, true), pos + 3] }
  if (first === 0xfe) { need(5); return [view.getUint32(pos + 1, true), pos + 5] }
  need(9)
  const n = view.getBigUint64(pos + 1, true)
  if (n > BigInt(view.byteLength)) throw new Error('too long')
  return [Number(n), pos + 9]
}

/** Walks the wire format, every length checked; answers where each output's 8-byte value starts. */
function valueOffsets (view: DataView): number[] {
  const skip = (pos: number, n: number): number => { if (pos + n > view.byteLength) throw new Error('truncated'); return pos + n }
  let pos = skip(0, 4)
  let count: number
  let len: number
  ;[count, pos] = varInt(view, pos)
  for (let i = 0; i < count; i++) {
    ;[len, pos] = varInt(view, skip(pos, 36))
    pos = skip(pos, len + 4)
  }
  ;[count, pos] = varInt(view, pos)
  const offsets: number[] = []
  for (let i = 0; i < count; i++) {
    offsets.push(pos)
    ;[len, pos] = varInt(view, skip(pos, 8))
    pos = skip(pos, len)
  }
  if (skip(pos, 4) !== view.byteLength) throw new Error('trailing bytes')
  return offsets
}

/**
 * Decodes a hex transaction as the node's DecodeHexTx does: the whole string must be hex
 * and exactly one transaction. Anything else is -22 "TX decode failed".
 */
export function decodeTransaction (hex: unknown): DecodedTx {
  const failed = (): RpcFailure => new RpcFailure(RpcCode.DESERIALIZATION_ERROR, 'TX decode failed')
  if (typeof hex !== 'string' || hex.length === 0 || hex.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(hex)) throw failed()
  const raw = Uint8Array.from(Buffer.from(hex, 'hex'))
  let offsets: number[]
  const view = new DataView(raw.buffer)
  try { offsets = valueOffsets(view) } catch { throw failed() }
  const values = offsets.map(at => view.getBigInt64(at, true))
  // The sdk counts satoshis in JavaScript numbers: a value it cannot hold (negative, or
  // above 2^53) is zeroed in a copy used only to build the object; the checks refuse it.
  let bytes = raw
  if (values.some(v => v < 0n || v > SAFE)) {
    bytes = Uint8Array.from(raw)
    const copy = new DataView(bytes.buffer)
    offsets.forEach((at, i) => { if (values[i] < 0n || values[i] > SAFE) copy.setBigInt64(at, 0n, true) })
  }
  try {
    const tx = Transaction.fromReader(new Utils.Reader(Array.from(bytes)))
    // Scripts are verified on the sdk's object: it must stand for exactly these bytes.
    if (Buffer.compare(Buffer.from(tx.toUint8Array()), Buffer.from(bytes)) !== 0) throw new Error('does not round-trip')
    return { raw, tx, values }
  } catch {
    throw failed()
  }
}
