// Semantic types: what a value is after aliases and array sizes are resolved.

/** Byte-string types of sCrypt: all are `bytes` on the stack, differing only in the checker. */
export const BYTES_TYPES = ['bytes', 'PubKey', 'Sig', 'Ripemd160', 'Sha1', 'Sha256', 'SigHashType', 'SigHashPreimage', 'OpCodeType', 'PubKeyHash']

export type SType =
  | { kind: 'int'; name: 'int' | 'PrivKey' }
  | { kind: 'bool' }
  | { kind: 'bytes'; name: string }
  | { kind: 'struct'; name: string; fields: { name: string; type: SType }[] }
  | { kind: 'array'; elem: SType; size: number }
  | { kind: 'library'; name: string; fields: { name: string; type: SType }[] }

export const INT: SType = { kind: 'int', name: 'int' }
export const BOOL: SType = { kind: 'bool' }
export const BYTES: SType = { kind: 'bytes', name: 'bytes' }
export const bytesOf = (name: string): SType => ({ kind: 'bytes', name })

export function isScalar (t: SType): boolean {
  return t.kind === 'int' || t.kind === 'bool' || t.kind === 'bytes'
}

/** The type's name as sCrypt and scryptlib's ABI write it, e.g. `Leaf[2][3]`. */
export function typeName (t: SType): string {
  switch (t.kind) {
    case 'int': return t.name
    case 'bool': return 'bool'
    case 'bytes': return t.name
    case 'struct':
    case 'library': return t.name
    case 'array': {
      let base: SType = t
      let dims = ''
      while (base.kind === 'array') { dims += `[${base.size}]`; base = base.elem }
      return typeName(base) + dims
    }
  }
}

/** Whether a value of type `from` may be used where `to` is expected (byte types convert to `bytes`, not back). */
export function assignable (to: SType, from: SType): boolean {
  // sCrypt's byte-string subtypes convert freely between each other in the code the transpiler writes.
  if (to.kind === 'bytes' && from.kind === 'bytes') return true
  if (to.kind === 'int' && from.kind === 'int') return true
  if (to.kind === 'array' && from.kind === 'array') return to.size === from.size && assignable(to.elem, from.elem)
  return sameType(to, from)
}

export function sameType (a: SType, b: SType): boolean {
  if (a.kind !== b.kind) return false
  switch (a.kind) {
    case 'int': return true
    case 'bool': return true
    case 'bytes': return a.name === (b as typeof a).name
    case 'struct':
    case 'library': return a.name === (b as typeof a).name
    case 'array': return a.size === (b as typeof a).size && sameType(a.elem, (b as typeof a).elem)
  }
}

/** Scalar leaves of a type in scryptlib's flattening order, with their path suffixes (`[0].pkh`). */
export function flattenType (t: SType, prefix = ''): { path: string; type: SType }[] {
  if (t.kind === 'array') {
    const out: { path: string; type: SType }[] = []
    for (let i = 0; i < t.size; i++) out.push(...flattenType(t.elem, `${prefix}[${i}]`))
    return out
  }
  if (t.kind === 'struct' || t.kind === 'library') return t.fields.flatMap((f) => flattenType(f.type, `${prefix}.${f.name}`))
  return [{ path: prefix, type: t }]
}
