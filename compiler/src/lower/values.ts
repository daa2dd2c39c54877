import { IR } from '../ir/ir'
import { SType } from '../semantic/types'

/** A value during lowering: a scalar stack value, or a struct / array / library instance of them. */
export type Value =
  | { kind: 'scalar'; type: SType; ir: IR }
  | { kind: 'struct'; type: SType; fields: Value[] }
  | { kind: 'array'; type: SType; items: Value[] }

export function scalar (type: SType, ir: IR): Value {
  return { kind: 'scalar', type, ir }
}

/** Scalar leaves in scryptlib's flattening order. */
export function leaves (v: Value): Extract<Value, { kind: 'scalar' }>[] {
  if (v.kind === 'scalar') return [v]
  if (v.kind === 'struct') return v.fields.flatMap(leaves)
  return v.items.flatMap(leaves)
}

/** Rebuilds a value of the given type from a sequence of scalar IRs (the inverse of leaves). */
export function unflatten (type: SType, irs: IR[], pos = { i: 0 }): Value {
  if (type.kind === 'array') {
    const items: Value[] = []
    for (let k = 0; k < type.size; k++) items.push(unflatten(type.elem, irs, pos))
    return { kind: 'array', type, items }
  }
  if (type.kind === 'struct' || type.kind === 'library') {
    return { kind: 'struct', type, fields: type.fields.map((f) => unflatten(f.type, irs, pos)) }
  }
  return { kind: 'scalar', type, ir: irs[pos.i++] }
}

/** Replaces every leaf through f, keeping the shape. */
export function mapLeaves (v: Value, f: (ir: IR, type: SType) => IR): Value {
  if (v.kind === 'scalar') return { kind: 'scalar', type: v.type, ir: f(v.ir, v.type) }
  if (v.kind === 'struct') return { kind: 'struct', type: v.type, fields: v.fields.map((x) => mapLeaves(x, f)) }
  return { kind: 'array', type: v.type, items: v.items.map((x) => mapLeaves(x, f)) }
}

/** A copy of an IR tree with fresh nodes (each variable read must be its own node). */
export function cloneIR (e: IR): IR {
  if (e.k === 'var') return { k: 'var', id: e.id }
  if (e.k === 'ops') return { k: 'ops', args: e.args.map(cloneIR), code: e.code }
  return e
}

/** The value a property the constructor leaves unassigned has (0, false, empty bytes, throughout). */
export function defaultValue (type: SType): Value {
  switch (type.kind) {
    case 'int': return { kind: 'scalar', type, ir: { k: 'const', v: 0n } }
    case 'bool': return { kind: 'scalar', type, ir: { k: 'const', v: false } }
    case 'bytes': return { kind: 'scalar', type, ir: { k: 'const', v: '' } }
    case 'array': return { kind: 'array', type, items: Array.from({ length: type.size }, () => defaultValue(type.elem)) }
    case 'struct': case 'library': return { kind: 'struct', type, fields: type.fields.map((f) => defaultValue(f.type)) }
    default: throw new Error(`no default value of a ${type.kind}`)
  }
}
