import type { Loc } from '../syntax/ast'
import { fail } from '../diagnostics/CompileError'
import type { ConstValue } from './Declarations'
import { BOOL, BYTES, BYTES_TYPES, INT, SType, bytesOf, typeName } from './types'

// The signatures of sCrypt's global functions, for the checker.

/** What a signature can ask about the call it checks. */
export interface BuiltinCall {
  name: string
  at: Loc
  args: SType[]
  argLoc: (i: number) => Loc
  /** The value of argument i when it is a compile-time constant. */
  constArg: (i: number) => ConstValue | undefined
  isConstArg: (i: number) => boolean
}

const HASHES: Record<string, string> = { sha256: 'Sha256', sha1: 'Sha1', ripemd160: 'Ripemd160', hash160: 'Ripemd160', hash256: 'Sha256' }

function arity (c: BuiltinCall, n: number): void {
  if (c.args.length !== n) fail('arguments', `${c.name} takes ${n} argument${n === 1 ? '' : 's'} but got ${c.args.length}`, c.at)
}

function expectKind (c: BuiltinCall, i: number, kind: 'int' | 'bytes' | 'bool', what?: string): void {
  const t = c.args[i]
  if (t.kind !== kind) {
    const want = what ?? (kind === 'bytes' ? 'a byte string' : kind === 'int' ? 'an int' : 'a bool')
    fail('type', `argument ${i + 1} of ${c.name} must be ${want}, not ${typeName(t)}`, c.argLoc(i))
  }
}

function constCount (c: BuiltinCall, i: number, min: bigint): number {
  expectKind(c, i, 'int')
  const v = c.constArg(i)
  if (typeof v !== 'bigint' && !c.isConstArg(i)) fail('constant', `argument ${i + 1} of ${c.name} must be a compile-time constant`, c.argLoc(i))
  if (typeof v === 'bigint' && v < min) fail('constant', `argument ${i + 1} of ${c.name} must be at least ${min}`, c.argLoc(i))
  return typeof v === 'bigint' ? Number(v) : -1
}

type Signature = (c: BuiltinCall) => SType

const SIGNATURES: Record<string, Signature> = {
  len: (c) => { arity(c, 1); expectKind(c, 0, 'bytes'); return INT },
  num2bin: (c) => { arity(c, 2); expectKind(c, 0, 'int'); expectKind(c, 1, 'int'); return BYTES },
  unpack: (c) => { arity(c, 1); expectKind(c, 0, 'bytes'); return INT },
  bin2num: (c) => { arity(c, 1); expectKind(c, 0, 'bytes'); return INT },
  pack: (c) => { arity(c, 1); expectKind(c, 0, 'int'); return BYTES },
  reverseBytes: (c) => { arity(c, 2); expectKind(c, 0, 'bytes'); constCount(c, 1, 0n); return BYTES },
  checkSig: (c) => { arity(c, 2); expectKind(c, 0, 'bytes', 'a Sig'); expectKind(c, 1, 'bytes', 'a PubKey'); return BOOL },
  checkMultiSig: (c) => {
    arity(c, 2)
    c.args.forEach((t, i) => {
      if (t.kind !== 'array' || t.elem.kind !== 'bytes') fail('type', `argument ${i + 1} of checkMultiSig must be an array of ${i === 0 ? 'signatures' : 'public keys'}, not ${typeName(t)}`, c.argLoc(i))
    })
    return BOOL
  },
  abs: (c) => { arity(c, 1); expectKind(c, 0, 'int'); return INT },
  min: (c) => { arity(c, 2); expectKind(c, 0, 'int'); expectKind(c, 1, 'int'); return INT },
  max: (c) => { arity(c, 2); expectKind(c, 0, 'int'); expectKind(c, 1, 'int'); return INT },
  within: (c) => { arity(c, 3); [0, 1, 2].forEach((i) => expectKind(c, i, 'int')); return BOOL },
  repeat: (c) => {
    arity(c, 2)
    const n = constCount(c, 1, 1n)
    if (n < 0) fail('constant', 'the size of repeat must be a known compile-time constant', c.argLoc(1))
    return { kind: 'array', elem: c.args[0], size: n }
  },
  // the hash a HashedMap / HashedSet keeps of a value: sha256 of a scalar, of its leaves' sha256s otherwise
  flattenSha256: (c) => { arity(c, 1); return bytesOf('Sha256') },
  exit: (c) => { arity(c, 1); expectKind(c, 0, 'bool'); return BOOL },
}

for (const [name, type] of Object.entries(HASHES)) {
  SIGNATURES[name] = (c) => { arity(c, 1); expectKind(c, 0, 'bytes'); return bytesOf(type) }
}

/** The type a cast to `name` gives, if `name` is a scalar type (int(x), Sha256(b), ...). */
export function castType (name: string): SType | undefined {
  if (name === 'int' || name === 'PrivKey') return { kind: 'int', name }
  if (name === 'bool') return BOOL
  if (BYTES_TYPES.includes(name)) return bytesOf(name)
  return undefined
}

export function isBuiltin (name: string): boolean {
  return SIGNATURES[name] !== undefined || castType(name) !== undefined
}

/** The result type of a call of a global function (reporting arguments that do not fit). */
export function builtinType (c: BuiltinCall): SType {
  const cast = castType(c.name)
  if (cast) {
    arity(c, 1)
    if (c.args[0].kind !== cast.kind) fail('type', `cannot convert ${typeName(c.args[0])} to ${c.name}`, c.at)
    return cast
  }
  return SIGNATURES[c.name](c)
}
