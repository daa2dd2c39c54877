import { createHash } from 'crypto'
import { IR, Op, ops } from '../ir/ir'
import { decodeNum, encodeNum, num2bin } from './scriptNumber'
import { mayFail } from './effects'

// Builders of scalar operations that fold constants at compile time when the script
// would certainly compute the same value (never when it would fail, e.g. on division by 0).

const isInt = (e: IR): e is { k: 'const'; v: bigint } => e.k === 'const' && typeof e.v === 'bigint'
const isBytes = (e: IR): e is { k: 'const'; v: string } => e.k === 'const' && typeof e.v === 'string'
const isBool = (e: IR): e is { k: 'const'; v: boolean } => e.k === 'const' && typeof e.v === 'boolean'

const INT_OPS: Record<string, [string, (a: bigint, b: bigint) => bigint | boolean | undefined]> = {
  '+': ['OP_ADD', (a, b) => a + b],
  '-': ['OP_SUB', (a, b) => a - b],
  '*': ['OP_MUL', (a, b) => a * b],
  '/': ['OP_DIV', (a, b) => (b === 0n ? undefined : a / b)],
  '%': ['OP_MOD', (a, b) => (b === 0n ? undefined : a % b)],
  '<': ['OP_LESSTHAN', (a, b) => a < b],
  '<=': ['OP_LESSTHANOREQUAL', (a, b) => a <= b],
  '>': ['OP_GREATERTHAN', (a, b) => a > b],
  '>=': ['OP_GREATERTHANOREQUAL', (a, b) => a >= b],
  '==': ['OP_NUMEQUAL', (a, b) => a === b],
  '!=': ['OP_NUMNOTEQUAL', (a, b) => a !== b],
}

export function intBinary (op: string, a: IR, b: IR): IR {
  const [opcode, f] = INT_OPS[op]
  if (isInt(a) && isInt(b)) {
    const v = f(a.v, b.v)
    if (v !== undefined) return { k: 'const', v }
  }
  // cheaper forms for small constants
  if (op === '+' && isInt(b) && b.v === 1n) return ops([a], 'OP_1ADD')
  if (op === '-' && isInt(b) && b.v === 1n) return ops([a], 'OP_1SUB')
  if ((op === '+' || op === '-') && isInt(b) && b.v === 0n) return a
  if (op === '+' && isInt(a) && a.v === 0n) return b
  if (op === '*' && isInt(b) && b.v === 1n) return a
  return ops([a, b], opcode)
}

export function bytesEqual (a: IR, b: IR, negate: boolean): IR {
  if (isBytes(a) && isBytes(b)) return { k: 'const', v: (a.v === b.v) !== negate }
  return negate ? ops([a, b], 'OP_EQUAL', 'OP_NOT') : ops([a, b], 'OP_EQUAL')
}

export function boolEqual (a: IR, b: IR, negate: boolean): IR {
  if (isBool(a) && isBool(b)) return { k: 'const', v: (a.v === b.v) !== negate }
  return negate ? ops([a, b], 'OP_EQUAL', 'OP_NOT') : ops([a, b], 'OP_EQUAL')
}

export function concat (a: IR, b: IR): IR {
  if (isBytes(a) && isBytes(b)) return { k: 'const', v: a.v + b.v }
  if (isBytes(a) && a.v === '') return b
  if (isBytes(b) && b.v === '') return a
  return ops([a, b], 'OP_CAT')
}

export function boolAnd (a: IR, b: IR): IR {
  if (isBool(a) && isBool(b)) return { k: 'const', v: a.v && b.v }
  if (isBool(a)) return a.v ? b : a
  return ops([a, b], 'OP_BOOLAND')
}

export function boolOr (a: IR, b: IR): IR {
  if (isBool(a) && isBool(b)) return { k: 'const', v: a.v || b.v }
  if (isBool(a)) return a.v ? a : b
  return ops([a, b], 'OP_BOOLOR')
}

export function not (a: IR): IR {
  if (isBool(a)) return { k: 'const', v: !a.v }
  return ops([a], 'OP_NOT')
}

export function negate (a: IR): IR {
  if (isInt(a)) return { k: 'const', v: -a.v }
  return ops([a], 'OP_NEGATE')
}

const HASHES: Record<string, (b: Buffer) => Buffer> = {
  OP_SHA256: (b) => createHash('sha256').update(b).digest(),
  OP_SHA1: (b) => createHash('sha1').update(b).digest(),
  OP_RIPEMD160: (b) => createHash('ripemd160').update(b).digest(),
  OP_HASH160: (b) => createHash('ripemd160').update(createHash('sha256').update(b).digest()).digest(),
  OP_HASH256: (b) => createHash('sha256').update(createHash('sha256').update(b).digest()).digest(),
}

export function hash (opcode: string, a: IR): IR {
  if (isBytes(a)) return { k: 'const', v: HASHES[opcode](Buffer.from(a.v, 'hex')).toString('hex') }
  return ops([a], opcode)
}

export function size (a: IR, lengthOf: (e: IR) => bigint | undefined = staticLength): IR {
  const known = lengthOf(a)
  if (known !== undefined && !mayFail(a)) return { k: 'const', v: known }
  return ops([a], 'OP_SIZE', 'OP_NIP')
}

const HASH_LENGTHS: Record<string, bigint> = { OP_SHA256: 32n, OP_HASH256: 32n, OP_SHA1: 20n, OP_RIPEMD160: 20n, OP_HASH160: 20n }

/** The length of a byte string known at compile time from its structure, if any. */
export function staticLength (e: IR, facts?: Map<number, bigint>): bigint | undefined {
  if (isBytes(e)) return BigInt(e.v.length / 2)
  if (e.k === 'var') return facts?.get(e.id)
  if (e.k !== 'ops') return undefined
  const code = e.code
  if (code.length === 1 && code[0] === 'OP_CAT') {
    const a = staticLength(e.args[0], facts)
    const b = staticLength(e.args[1], facts)
    return a !== undefined && b !== undefined ? a + b : undefined
  }
  if (code.length === 1 && typeof code[0] === 'string' && HASH_LENGTHS[code[0]] !== undefined) return HASH_LENGTHS[code[0]]
  if (code.length === 1 && code[0] === 'OP_NUM2BIN' && isInt(e.args[1])) return e.args[1].v
  return undefined
}

export function toNum (a: IR): IR {
  if (isBytes(a)) return { k: 'const', v: decodeNum(a.v) }
  return ops([a], 'OP_BIN2NUM')
}

/** The minimal byte encoding of an int (a no-op on the stack). */
export function numBytes (a: IR): IR {
  if (isInt(a)) return { k: 'const', v: encodeNum(a.v) }
  return a
}

export function toBin (a: IR, len: IR): IR {
  if (isInt(a) && isInt(len)) {
    const r = num2bin(a.v, Number(len.v))
    if (r !== undefined) return { k: 'const', v: r }
  }
  return ops([a, len], 'OP_NUM2BIN')
}

/** b[start:end] with Bitcoin's split semantics (fails when out of range). */
export function slice (b: IR, start: IR | undefined, end: IR | undefined): IR {
  if (isBytes(b) && (!start || isInt(start)) && (!end || isInt(end))) {
    const n = BigInt(b.v.length / 2)
    const s = start ? (start as { v: bigint }).v : 0n
    const e = end ? (end as { v: bigint }).v : n
    if (s >= 0n && s <= e && e <= n) return { k: 'const', v: b.v.slice(Number(s) * 2, Number(e) * 2) }
  }
  // b[s:len(b)] (how the transpiler writes slice(b, s)): splitting at the length is a no-op
  if (end && end.k === 'ops' && end.code.length === 2 && end.code[0] === 'OP_SIZE' && end.code[1] === 'OP_NIP' &&
    sameIR(end.args[0], b)) end = undefined
  let cur = b
  const code: Op[] = []
  const args: IR[] = [b]
  if (end) { args.push(end); code.push('OP_SPLIT', 'OP_DROP') }
  cur = code.length ? ops(args, ...code) : b
  if (start && !(isInt(start) && start.v === 0n)) cur = ops([cur, start], 'OP_SPLIT', 'OP_NIP')
  return cur
}

/** The value of a constant expression, if it is one. */
export function constValue (e: IR): bigint | boolean | string | undefined {
  return e.k === 'const' ? e.v : undefined
}

/** Whether two expressions are the same tree. */
export function sameIR (a: IR, b: IR): boolean {
  if (a.k !== b.k) return false
  if (a.k === 'const') return b.k === 'const' && a.v === b.v
  if (a.k === 'var') return b.k === 'var' && a.id === b.id
  if (b.k !== 'ops' || a.args.length !== b.args.length || a.code.length !== b.code.length) return false
  for (let i = 0; i < a.code.length; i++) {
    const x = a.code[i]
    const y = b.code[i]
    if (typeof x === 'string' || typeof y === 'string' ? x !== y : JSON.stringify(x, big) !== JSON.stringify(y, big)) return false
  }
  return a.args.every((x, i) => sameIR(x, b.args[i]))
}

const big = (_k: string, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)
