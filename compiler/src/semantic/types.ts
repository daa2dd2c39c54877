// Semantic types: what a value is after aliases, generics and array sizes are resolved.

/** Byte-string types of sCrypt: all are `bytes` on the stack, differing only in the checker. */
export const BYTES_TYPES = ['bytes', 'PubKey', 'Sig', 'Ripemd160', 'Sha1', 'Sha256', 'SigHashType', 'SigHashPreimage', 'OpCodeType', 'PubKeyHash']

export interface Field { name: string; type: SType }

export type SType =
  | { kind: 'int'; name: 'int' | 'PrivKey' }
  | { kind: 'bool' }
  | { kind: 'bytes'; name: string }
  /** typeArgs: the arguments of a generic struct (`SortedItem<int>`). */
  | { kind: 'struct'; name: string; fields: Field[]; typeArgs?: SType[] }
  | { kind: 'array'; elem: SType; size: number }
  | { kind: 'library'; name: string; fields: Field[]; typeArgs?: SType[] }
  /** A generic type parameter, inside the generic library or struct that declares it. */
  | { kind: 'param'; name: string }

export const INT: SType = { kind: 'int', name: 'int' }
export const BOOL: SType = { kind: 'bool' }
export const BYTES: SType = { kind: 'bytes', name: 'bytes' }
export const bytesOf = (name: string): SType => ({ kind: 'bytes', name })

export function isScalar (t: SType): boolean {
  return t.kind === 'int' || t.kind === 'bool' || t.kind === 'bytes'
}

/** The type's name as sCrypt and scryptlib's ABI write it, e.g. `Leaf[2][3]`, `HashedMap<int,bytes>`. */
export function typeName (t: SType): string {
  switch (t.kind) {
    case 'int': return t.name
    case 'bool': return 'bool'
    case 'bytes': return t.name
    case 'param': return t.name
    case 'struct':
    case 'library': return t.typeArgs && t.typeArgs.length > 0 ? `${t.name}<${t.typeArgs.map(typeName).join(',')}>` : t.name
    case 'array': {
      let base: SType = t
      let dims = ''
      while (base.kind === 'array') { dims += `[${base.size}]`; base = base.elem }
      return typeName(base) + dims
    }
  }
}

/** Whether a value of type `from` may be used where `to` is expected (byte types convert freely, ints too). */
export function assignable (to: SType, from: SType): boolean {
  // sCrypt's byte-string subtypes convert freely between each other in the code the transpiler writes.
  if (to.kind === 'bytes' && from.kind === 'bytes') return true
  if (to.kind === 'int' && from.kind === 'int') return true
  if (to.kind === 'array' && from.kind === 'array') return to.size === from.size && assignable(to.elem, from.elem)
  if ((to.kind === 'struct' || to.kind === 'library') && to.kind === from.kind && to.name === from.name) {
    const ta = to.typeArgs ?? []
    const fa = (from as { typeArgs?: SType[] }).typeArgs ?? []
    return ta.length === fa.length && ta.every((a, i) => sameType(a, fa[i]))
  }
  return sameType(to, from)
}

export function sameType (a: SType, b: SType): boolean {
  if (a.kind !== b.kind) return false
  switch (a.kind) {
    case 'int': return true
    case 'bool': return true
    case 'bytes': return a.name === (b as typeof a).name
    case 'param': return a.name === (b as typeof a).name
    case 'struct':
    case 'library': {
      const o = b as typeof a
      const ta = a.typeArgs ?? []
      const tb = o.typeArgs ?? []
      return a.name === o.name && ta.length === tb.length && ta.every((x, i) => sameType(x, tb[i]))
    }
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

/** Whether the type mentions a generic type parameter. */
export function isGeneric (t: SType): boolean {
  if (t.kind === 'param') return true
  if (t.kind === 'array') return isGeneric(t.elem)
  if (t.kind === 'struct' || t.kind === 'library') return (t.typeArgs ?? []).some(isGeneric) || t.fields.some((f) => isGeneric(f.type))
  return false
}
