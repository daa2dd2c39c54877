import { OP_0, OP_1, OP_16, OP_ENDIF, OP_IF, opEnd, readOp } from '../script/ScriptOps'

/**
 * A 1Sat ordinal inscription envelope:
 * `OP_FALSE OP_IF 'ord' OP_1 <content-type> OP_0 <content> OP_ENDIF`, anywhere in a
 * locking script (js-1sat-ord puts it before the P2PKH or OrdLock part; after is valid too).
 */
export interface Envelope {
  contentType: string
  content: Buffer
  /** The script before OP_FALSE OP_IF. */
  prefix: Buffer
  /** The script after OP_ENDIF. */
  suffix: Buffer
}

const ORD = Buffer.from('ord')
/** The push of 'ord' (03 'o' 'r' 'd'): every envelope contains these bytes. */
const ORD_PUSH = Buffer.from([3, ...ORD])

/** Field number of a tag push: OP_0..OP_16 or a one-byte push; undefined for other tags. */
function fieldOf (op: number, data: Buffer | undefined): number | undefined {
  if (op === OP_0) return 0
  if (op >= OP_1 && op <= OP_16) return op - OP_1 + 1
  if (data !== undefined && data.length === 1) return data[0]
  return undefined
}

/** The first well-formed envelope of `script`, or undefined. Never throws. */
export function parseEnvelope (script: Buffer): Envelope | undefined {
  // Most scripts carry no inscription: one native search instead of reading every opcode.
  if (script.indexOf(ORD_PUSH) === -1) return undefined
  for (let start = 0; ;) {
    const end = opEnd(script, start)
    if (end === -1) return undefined
    // A 3-byte push of 'ord' right after OP_0 OP_IF.
    if (end - start === 4 && script[start] === 3 && script[start + 1] === ORD[0] && script[start + 2] === ORD[1] && script[start + 3] === ORD[2] &&
      start >= 2 && script[start - 2] === OP_0 && script[start - 1] === OP_IF) {
      const found = readFields(script, end)
      if (found !== undefined) {
        return { ...found.fields, prefix: script.subarray(0, start - 2), suffix: script.subarray(found.end) }
      }
    }
    start = end
  }
}

/** Reads tag/value pairs after 'ord' up to the content (tag 0), which must be followed by OP_ENDIF. */
function readFields (script: Buffer, pos: number): { fields: { contentType: string, content: Buffer }, end: number } | undefined {
  let contentType = ''
  for (;;) {
    const tag = readOp(script, pos)
    if (tag === undefined || tag.op > OP_16) return undefined
    const value = readOp(script, tag.end)
    if (value === undefined || value.op > OP_16) return undefined
    pos = value.end
    const field = fieldOf(tag.op, tag.data)
    // A small-number opcode as a value carries no bytes (as the reference decoder reads it).
    const bytes = value.data ?? Buffer.alloc(0)
    if (field === 0) {
      const endif = readOp(script, pos)
      if (endif === undefined || endif.op !== OP_ENDIF) return undefined
      return { fields: { contentType, content: bytes }, end: endif.end }
    }
    if (field === 1) contentType = bytes.toString('utf8')
  }
}
