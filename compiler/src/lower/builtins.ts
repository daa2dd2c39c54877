import { Expr } from '../syntax/ast'
import { CompileError } from '../diagnostics/CompileError'
import { IR, Op, ops } from '../ir/ir'
import { BOOL, BYTES, INT, SType, bytesOf, typeName } from '../semantic/types'
import { Value, cloneIR, leaves, mapLeaves, scalar } from './values'
import * as F from '../ir/fold'
import { encodeNum } from '../ir/scriptNumber'

// The global functions of sCrypt, each mapped to script operations.

const HASH_FUNCTIONS: Record<string, [string, string]> = {
  sha256: ['OP_SHA256', 'Sha256'],
  sha1: ['OP_SHA1', 'Sha1'],
  ripemd160: ['OP_RIPEMD160', 'Ripemd160'],
  hash160: ['OP_HASH160', 'Ripemd160'],
  hash256: ['OP_HASH256', 'Sha256'],
}

const NAMES = new Set([
  ...Object.keys(HASH_FUNCTIONS), 'len', 'num2bin', 'unpack', 'bin2num', 'pack', 'reverseBytes', 'checkSig', 'checkMultiSig',
  'abs', 'min', 'max', 'within', 'repeat', 'int', 'bool', 'bytes', 'PrivKey', 'PubKey', 'Sig', 'Ripemd160', 'PubKeyHash', 'Sha1', 'Sha256',
  'SigHashType', 'SigHashPreimage', 'OpCodeType', 'flattenSha256',
])

/**
 * What a HashedMap / HashedSet keeps of a value (scryptlib's flattenSha256): the sha256 of a
 * scalar's bytes (an int minimal, a bool 01 or empty), of the concatenated sha256s of each scalar
 * otherwise (a single-scalar struct hashes like its scalar).
 */
function flattenSha256 (v: Value): IR {
  const leafBytes = (l: Extract<Value, { kind: 'scalar' }>): IR => {
    const c = l.ir.k === 'const' ? l.ir.v : undefined
    if (l.type.kind === 'int') return typeof c === 'bigint' ? { k: 'const', v: encodeNum(c) } : ops([l.ir], 'OP_BIN2NUM')
    if (l.type.kind === 'bool') return typeof c === 'boolean' ? { k: 'const', v: c ? '01' : '' } : ops([l.ir], 'OP_0NOTEQUAL')
    return l.ir
  }
  const hashes = leaves(v).map((l) => F.hash('OP_SHA256', leafBytes(l)))
  if (hashes.length === 1) return hashes[0]
  return F.hash('OP_SHA256', hashes.reduce((a, b) => F.concat(a, b)))
}

export function isBuiltin (name: string): boolean {
  return NAMES.has(name)
}

/** Reverses the first n bytes of a byte string (n known at compile time). */
export function reverseCode (n: number): Op[] {
  const code: Op[] = []
  for (let i = 1; i < n; i++) code.push('OP_1', 'OP_SPLIT')
  for (let i = 1; i < n; i++) code.push('OP_SWAP', 'OP_CAT')
  return code
}

export function callBuiltin (
  name: string, args: Value[], call: Extract<Expr, { kind: 'call' }>, castType: (n: string) => SType | undefined, lengthOf: (e: IR) => bigint | undefined
): Value {
  const at = call.loc
  const arity = (n: number) => {
    if (args.length !== n) throw new CompileError('arguments', `${name} takes ${n} argument${n === 1 ? '' : 's'}`, at)
  }
  const kindOf = (i: number, kind: SType['kind']): IR => {
    const v = args[i]
    if (v.kind !== 'scalar' || v.type.kind !== kind) throw new CompileError('type', `argument ${i + 1} of ${name} must be ${kind === 'bytes' ? 'a byte string' : kind === 'int' ? 'an int' : kind}, not ${typeName(v.type)}`, call.args[i].loc)
    return v.ir
  }
  if (HASH_FUNCTIONS[name]) {
    arity(1)
    const [op, type] = HASH_FUNCTIONS[name]
    return scalar(bytesOf(type), F.hash(op, kindOf(0, 'bytes')))
  }
  const cast = castType(name)
  if (cast) {
    arity(1)
    const v = args[0]
    if (v.kind !== 'scalar' || v.type.kind !== cast.kind) throw new CompileError('type', `cannot convert ${typeName(v.type)} to ${name}`, at)
    return scalar(cast, v.ir)
  }
  switch (name) {
    case 'len':
      arity(1)
      return scalar(INT, F.size(kindOf(0, 'bytes'), lengthOf))
    case 'num2bin':
      arity(2)
      return scalar(BYTES, F.toBin(kindOf(0, 'int'), kindOf(1, 'int')))
    case 'unpack':
    case 'bin2num':
      arity(1)
      return scalar(INT, F.toNum(kindOf(0, 'bytes')))
    case 'pack':
      arity(1)
      return scalar(BYTES, F.numBytes(kindOf(0, 'int')))
    case 'reverseBytes': {
      arity(2)
      const b = kindOf(0, 'bytes')
      const n = kindOf(1, 'int')
      if (n.k !== 'const') throw new CompileError('constant', 'reverseBytes needs a compile-time constant size', call.args[1].loc)
      const size = Number(n.v as bigint)
      if (b.k === 'const' && typeof b.v === 'string' && b.v.length === size * 2) {
        return scalar(BYTES, { k: 'const', v: (b.v.match(/../g) ?? []).reverse().join('') })
      }
      return scalar(BYTES, size <= 1 ? b : ops([b], ...reverseCode(size)))
    }
    case 'checkSig':
      arity(2)
      return scalar(BOOL, ops([kindOf(0, 'bytes'), kindOf(1, 'bytes')], 'OP_CHECKSIG'))
    case 'checkMultiSig': {
      arity(2)
      const [sigs, keys] = args
      if (sigs.kind !== 'array' || keys.kind !== 'array') throw new CompileError('type', 'checkMultiSig takes an array of signatures and an array of public keys', at)
      const s = leaves(sigs).map((l) => l.ir)
      const k = leaves(keys).map((l) => l.ir)
      const dummy: IR = { k: 'const', v: '' }
      return scalar(BOOL, ops([dummy, ...s, { k: 'const', v: BigInt(s.length) }, ...k, { k: 'const', v: BigInt(k.length) }], 'OP_CHECKMULTISIG'))
    }
    case 'flattenSha256':
      arity(1)
      return scalar(bytesOf('Sha256'), flattenSha256(args[0]))
    case 'repeat': {
      arity(2)
      const n = kindOf(1, 'int')
      if (n.k !== 'const' || (n.v as bigint) < 1n) throw new CompileError('constant', 'repeat needs a compile-time constant count of at least 1', call.args[1].loc)
      const size = Number(n.v as bigint)
      return { kind: 'array', type: { kind: 'array', elem: args[0].type, size }, items: Array.from({ length: size }, () => mapLeaves(args[0], cloneIR)) }
    }
    case 'abs':
      arity(1)
      return scalar(INT, ops([kindOf(0, 'int')], 'OP_ABS'))
    case 'min':
    case 'max':
      arity(2)
      return scalar(INT, ops([kindOf(0, 'int'), kindOf(1, 'int')], name === 'min' ? 'OP_MIN' : 'OP_MAX'))
    case 'within':
      arity(3)
      return scalar(BOOL, ops([kindOf(0, 'int'), kindOf(1, 'int'), kindOf(2, 'int')], 'OP_WITHIN'))
  }
  throw new CompileError('undefined', `unknown function '${name}'`, at)
}
