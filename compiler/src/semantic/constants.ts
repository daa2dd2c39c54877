import { decodeNum, encodeNum } from '../ir/scriptNumber'

// Compile-time evaluation of sCrypt's operators on constants, with the script's semantics
// (integer division truncates, % takes the dividend's sign, shifts as scrypt-ts defines them).

type V = bigint | boolean | string

/** 2^n for n >= 0. */
export const pow2 = (n: bigint): bigint => 1n << n

/** scrypt-ts's rshift: x / 2^n with its own rounding of negative values. */
export function rshift (x: bigint, n: bigint): bigint {
  const ret = x / pow2(n)
  if (n === 0n) return x
  if (x % 2n === -1n) return ret - 1n
  if (x < 0n && ret === 0n) return -1n
  return ret
}

/** The byte-wise operators on ints (and, or, xor) as scryptlib defines them: both sides widened to the longer one. */
export function intBitwise (op: '&' | '|' | '^', a: bigint, b: bigint): bigint {
  const ha = encodeNum(a)
  const hb = encodeNum(b)
  const size = Math.max(ha.length, hb.length) / 2
  const x = widen(a, size)
  const y = widen(b, size)
  const out = x.map((v, i) => (op === '&' ? v & y[i] : op === '|' ? v | y[i] : v ^ y[i]))
  return decodeNum(Buffer.from(out).toString('hex'))
}

/** ~x on an int: each byte of its minimal encoding inverted. */
export function intInvert (a: bigint): bigint {
  const bytes = Buffer.from(encodeNum(a), 'hex')
  return decodeNum(Buffer.from(bytes.map((v) => ~v & 0xff)).toString('hex'))
}

/** num2bin(n, size) as bytes (n known to fit). */
function widen (n: bigint, size: number): number[] {
  const m = Buffer.from(encodeNum(n < 0n ? -n : n), 'hex')
  const out = [...m]
  while (out.length < size) out.push(0)
  if (n < 0n) out[size - 1] |= 0x80
  return out
}

export function evalUnary (op: string, v: V): V | undefined {
  if (op === '-' && typeof v === 'bigint') return -v
  if (op === '!' && typeof v === 'boolean') return !v
  if (op === '~' && typeof v === 'bigint') return intInvert(v)
  return undefined
}

export function evalBinary (op: string, l: V, r: V): V | undefined {
  if (typeof l === 'bigint' && typeof r === 'bigint') {
    switch (op) {
      case '+': return l + r
      case '-': return l - r
      case '*': return l * r
      case '/': return r === 0n ? undefined : l / r
      case '%': return r === 0n ? undefined : l % r
      case '<': return l < r
      case '<=': return l <= r
      case '>': return l > r
      case '>=': return l >= r
      case '==': return l === r
      case '!=': return l !== r
      case '<<': return r < 0n ? undefined : l * pow2(r)
      case '>>': return r < 0n ? undefined : rshift(l, r)
      case '&': case '|': case '^': return intBitwise(op, l, r)
    }
    return undefined
  }
  if (typeof l === 'string' && typeof r === 'string') {
    if (op === '+') return l + r
    if (op === '==') return l === r
    if (op === '!=') return l !== r
    return undefined
  }
  if (typeof l === 'boolean' && typeof r === 'boolean') {
    if (op === '==') return l === r
    if (op === '!=') return l !== r
    if (op === '&&') return l && r
    if (op === '||') return l || r
  }
  return undefined
}
