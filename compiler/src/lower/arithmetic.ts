import { IR, Op, constInt, ops } from '../ir/ir'
import * as F from '../ir/fold'
import { intBitwise, intInvert, pow2, rshift } from '../semantic/constants'
import { fail } from '../diagnostics/CompileError'
import type { Loc } from '../syntax/ast'

// The int operators that are not one opcode: shifts, byte-wise and / or / xor / ~ on ints, and
// ints or byte strings used as conditions. Each folds when its operands are constants.

/** What these builders need from the lowering: a variable for a value read more than once, and a check. */
export interface ArithmeticContext {
  /** The value kept in a variable (or a constant): each call of the answer is a fresh read of it. */
  temp: (ir: IR) => () => IR
  verify: (cond: IR) => void
}

const isInt = (e: IR): e is { k: 'const'; v: bigint } => e.k === 'const' && typeof e.v === 'bigint'

/** [n] -> [2^n] for 0 <= n: byte n / 8 of the number has bit n % 8 set (one more 00 byte keeps it positive). */
const POW2: Op[] = [
  'OP_DUP', { num: 8n }, 'OP_DIV', 'OP_SWAP', { num: 8n }, 'OP_MOD',
  { push: '0102040810204080' }, 'OP_SWAP', 'OP_SPLIT', 'OP_NIP', 'OP_1', 'OP_SPLIT', 'OP_DROP',
  'OP_SWAP', 'OP_0', 'OP_SWAP', 'OP_NUM2BIN', 'OP_SWAP', 'OP_CAT', { push: '00' }, 'OP_CAT', 'OP_BIN2NUM',
]

function nonNegative (n: IR, ctx: ArithmeticContext, at: Loc): IR {
  if (isInt(n)) {
    if (n.v < 0n) fail('constant', `shift by a negative number of bits (${n.v})`, at)
    return n
  }
  const v = ctx.temp(n)
  ctx.verify(F.intBinary('>=', v(), constInt(0n)))
  return v()
}

/** a << n: a * 2^n (the script fails for n < 0). */
export function shiftLeft (a: IR, n: IR, ctx: ArithmeticContext, at: Loc): IR {
  const k = nonNegative(n, ctx, at)
  if (isInt(k)) {
    if (isInt(a)) return constInt(a.v * pow2(k.v))
    return k.v === 0n ? a : F.intBinary('*', a, constInt(pow2(k.v)))
  }
  return ops([a, ops([k], ...POW2)], 'OP_MUL')
}

/**
 * a >> n as scrypt-ts's rshift computes it: a / 2^n (truncated), one less for an odd negative a
 * or a negative a whose quotient is 0; a itself for n = 0 (the script fails for n < 0).
 */
export function shiftRight (a: IR, n: IR, ctx: ArithmeticContext, at: Loc): IR {
  const k = nonNegative(n, ctx, at)
  if (isInt(k) && isInt(a)) return constInt(rshift(a.v, k.v))
  if (isInt(k) && k.v === 0n) return a
  const x = ctx.temp(a)
  const n0 = ctx.temp(k)
  const d = isInt(k) ? constInt(pow2(k.v)) : ops([n0()], ...POW2)
  const q = ctx.temp(F.intBinary('/', x(), d))
  const oddNegative = F.intBinary('==', F.intBinary('%', x(), constInt(2n)), constInt(-1n))
  const negativeZero = F.boolAnd(F.intBinary('<', x(), constInt(0n)), F.intBinary('==', q(), constInt(0n)))
  let correction = F.boolOr(oddNegative, negativeZero)
  if (!isInt(k)) correction = F.boolAnd(F.intBinary('!=', n0(), constInt(0n)), correction)
  return F.intBinary('-', q(), correction)
}

/** a & b, a | b, a ^ b on ints: both widened to the longer one's size, the result made minimal again. */
export function intBitwiseOp (op: '&' | '|' | '^', a: IR, b: IR, ctx: ArithmeticContext): IR {
  if (isInt(a) && isInt(b)) return constInt(intBitwise(op, a.v, b.v))
  const opcode = op === '&' ? 'OP_AND' : op === '|' ? 'OP_OR' : 'OP_XOR'
  const x = ctx.temp(a)
  const y = ctx.temp(b)
  const size = ctx.temp(ops([F.size(x()), F.size(y())], 'OP_MAX'))
  return ops([ops([x(), size()], 'OP_NUM2BIN'), ops([y(), size()], 'OP_NUM2BIN')], opcode, 'OP_BIN2NUM')
}

/** ~a on an int: every byte of its minimal encoding inverted. */
export function intInvertOp (a: IR): IR {
  if (isInt(a)) return constInt(intInvert(a.v))
  return ops([a], 'OP_INVERT', 'OP_BIN2NUM')
}

/** An int as a condition: false exactly when it is 0. */
export function intTruth (a: IR): IR {
  if (isInt(a)) return { k: 'const', v: a.v !== 0n }
  return ops([a], 'OP_0NOTEQUAL')
}

/** A byte string as a condition: false exactly when every byte is 00 (the empty string too). */
export function bytesTruth (a: IR): IR {
  if (a.k === 'const' && typeof a.v === 'string') return { k: 'const', v: /[1-9a-f]/.test(a.v) }
  return ops([a], 'OP_SIZE', 'OP_0', 'OP_SWAP', 'OP_NUM2BIN', 'OP_EQUAL', 'OP_NOT')
}
