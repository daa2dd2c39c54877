/** One operation of a script read from raw bytes. */
export interface ScriptOp {
  /** The opcode byte (a push of 1..75 bytes has its length as opcode). */
  op: number
  /** The pushed bytes for push opcodes (OP_0 pushes an empty buffer), undefined otherwise. */
  data?: Buffer
  /** Byte offset of the opcode. */
  start: number
  /** Byte offset just after the operation. */
  end: number
}

export const OP_0 = 0x00
export const OP_PUSHDATA1 = 0x4c
export const OP_PUSHDATA2 = 0x4d
export const OP_PUSHDATA4 = 0x4e
export const OP_1 = 0x51
export const OP_16 = 0x60
export const OP_IF = 0x63
export const OP_ENDIF = 0x68
export const OP_RETURN = 0x6a
export const OP_DUP = 0x76
export const OP_EQUALVERIFY = 0x88
export const OP_HASH160 = 0xa9
export const OP_CHECKSIG = 0xac

/**
 * Reads the operation at `pos`, or returns undefined when the script ends there or a push
 * runs past the end. Never throws: locking scripts are arbitrary bytes that nodes accept.
 */
export function readOp (script: Buffer, pos: number): ScriptOp | undefined {
  if (pos >= script.length) return undefined
  const op = script[pos]
  let len: number
  let at = pos + 1
  if (op > 0 && op < OP_PUSHDATA1) {
    len = op
  } else if (op === OP_PUSHDATA1) {
    if (at + 1 > script.length) return undefined
    len = script[at]; at += 1
  } else if (op === OP_PUSHDATA2) {
    if (at + 2 > script.length) return undefined
    len = script.readUInt16LE(at); at += 2
  } else if (op === OP_PUSHDATA4) {
    if (at + 4 > script.length) return undefined
    len = script.readUInt32LE(at); at += 4
  } else if (op === OP_0) {
    return { op, data: script.subarray(at, at), start: pos, end: at }
  } else {
    return { op, start: pos, end: at }
  }
  if (at + len > script.length) return undefined
  return { op, data: script.subarray(at, at + len), start: pos, end: at + len }
}

/**
 * Where the operation at `pos` ends, or -1 where readOp returns undefined: the same walk
 * without allocating an operation, for scanning long scripts.
 */
export function opEnd (script: Buffer, pos: number): number {
  if (pos >= script.length) return -1
  const op = script[pos]
  let at = pos + 1
  let len: number
  if (op > 0 && op < OP_PUSHDATA1) {
    len = op
  } else if (op === OP_PUSHDATA1) {
    if (at + 1 > script.length) return -1
    len = script[at]; at += 1
  } else if (op === OP_PUSHDATA2) {
    if (at + 2 > script.length) return -1
    len = script.readUInt16LE(at); at += 2
  } else if (op === OP_PUSHDATA4) {
    if (at + 4 > script.length) return -1
    len = script.readUInt32LE(at); at += 4
  } else {
    return at
  }
  return at + len > script.length ? -1 : at + len
}
