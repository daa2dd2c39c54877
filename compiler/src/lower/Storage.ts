import type { Expr, Loc } from '../syntax/ast'
import { CompileError } from '../diagnostics/CompileError'
import { IR, IRStmt, ops } from '../ir/ir'
import { INT, SType, typeName } from '../semantic/types'
import { Value, cloneIR, leaves, mapLeaves, scalar } from './values'
import * as F from '../ir/fold'
import type { StoragePart, Parts } from './parts'
import type { LoweringState } from './LoweringState'

/** Storage: values kept in variables, lvalues (fields, constant and run-time array indexes), assignment, branch capture. */
export class Storage implements StoragePart {
  constructor (private readonly l: Parts) {}

  private get s (): LoweringState { return this.l.state }

  /** Lowers code into a separate list (a branch), keeping property definitions local to it. */
  capture (fn: () => void): IRStmt[] {
    const saved = this.s.out
    const props = this.s.thisCtx ? new Map(this.s.thisCtx.props) : null
    const facts = new Map(this.s.lengthFacts)
    this.s.out = []
    this.s.branchDepth++
    try {
      fn()
      return this.s.out
    } finally {
      this.s.branchDepth--
      this.s.out = saved
      this.s.lengthFacts = facts
      if (this.s.thisCtx && props) {
        // a property first assigned inside a branch is not defined after it
        for (const [k, v] of this.s.thisCtx.props) if (props.get(k) === undefined && v !== undefined) this.s.thisCtx.props.set(k, undefined)
      }
    }
  }

  /** After require(len(x) == n && ...), x's length is known for the rest of the block. */
  learnLengths (c: IR): void {
    if (c.k !== 'ops') return
    if (c.code.length === 1 && c.code[0] === 'OP_BOOLAND') { c.args.forEach((a) => this.learnLengths(a)); return }
    if (c.code.length !== 1 || c.code[0] !== 'OP_NUMEQUAL') return
    const [a, b] = c.args
    const sized = (x: IR) => (x.k === 'ops' && x.code.length === 2 && x.code[0] === 'OP_SIZE' && x.code[1] === 'OP_NIP' && x.args[0].k === 'var' ? x.args[0].id : undefined)
    for (const [x, n] of [[a, b], [b, a]]) {
      const id = sized(x)
      if (id !== undefined && !this.s.mutableVars.has(id) && n.k === 'const' && typeof n.v === 'bigint') this.s.lengthFacts.set(id, n.v)
    }
  }

  /** Gives a value its own variables (or keeps constants / unchangeable variables when it is never assigned). */
  materialize (v: Value, mutable: boolean): Value {
    return mapLeaves(v, (ir) => {
      if (!mutable && (ir.k === 'const' || (ir.k === 'var' && !this.s.mutableVars.has(ir.id)))) return ir
      const id = this.s.nextId++
      this.s.out.push({ k: 'let', id, e: ir })
      if (mutable) this.s.mutableVars.add(id)
      else this.keepLength(id, ir)
      return { k: 'var', id }
    })
  }

  private keepLength (id: number, ir: IR): void {
    const n = F.staticLength(ir, this.s.lengthFacts)
    if (n !== undefined) this.s.lengthFacts.set(id, n)
  }

  /** A readable copy of stored value (fresh nodes for every variable read). */
  read (v: Value): Value {
    return mapLeaves(v, (ir) => cloneIR(ir))
  }

  /** Storage locations an lvalue may denote, each with the runtime condition selecting it. */
  locations (e: Expr, forWrite = true): { conds: IR[]; node: Value | null; define?: (v: Value) => void }[] {
    if (e.kind === 'ident') {
      const v = this.s.lookup(e.name) ?? this.l.expressions.staticStorage(this.s.current, e.name)
      if (!v) throw new CompileError('undefined', `undeclared variable '${e.name}'`, e.loc)
      return [{ conds: [], node: v }]
    }
    if (e.kind === 'member' && e.object.kind === 'this') {
      const ctx = this.s.requireThis(e.loc)
      const prop = ctx.decl.properties.find((p) => p.name === e.name)
      const st = prop ? undefined : this.l.expressions.staticStorage(ctx.decl, e.name)
      if (st) return [{ conds: [], node: st }]
      if (!prop) throw new CompileError('undefined', `unknown property '${e.name}'`, e.loc)
      if (forWrite && prop.isConst && ctx.props.get(e.name) !== undefined) throw new CompileError('assignment', `cannot assign const property '${e.name}'`, e.loc)
      const node = ctx.props.get(e.name)
      if (node === undefined) return [{ conds: [], node: null, define: (v) => ctx.props.set(e.name, this.materialize(v, true)) }]
      return [{ conds: [], node }]
    }
    if (e.kind === 'member' && e.object.kind === 'ident' && !this.s.lookup(e.object.name) && this.s.contracts.has(e.object.name)) {
      // Contract.st: a static that is not const
      const st = this.l.expressions.staticStorage(this.s.contracts.get(e.object.name)!, e.name)
      if (!st) throw new CompileError('assignment', `cannot assign static constant '${e.object.name}.${e.name}'`, e.loc)
      return [{ conds: [], node: st }]
    }
    if (e.kind === 'member') {
      return this.locations(e.object, forWrite).map((loc) => {
        const node = this.definedNode(loc, e.object.loc)
        if (node.kind !== 'struct') throw new CompileError('type', `'${e.name}' is not a field`, e.loc)
        const i = (node.type as { fields: { name: string }[] }).fields.findIndex((f) => f.name === e.name)
        if (i < 0) throw new CompileError('undefined', `no field '${e.name}' in ${typeName(node.type)}`, e.loc)
        return { conds: loc.conds, node: node.fields[i] }
      })
    }
    if (e.kind === 'index') {
      const idx = this.l.expressions.intExpr(e.index)
      const bases = this.locations(e.object, forWrite)
      const out: { conds: IR[]; node: Value | null }[] = []
      for (const loc of bases) {
        const node = this.definedNode(loc, e.object.loc)
        if (node.kind !== 'array') throw new CompileError('type', 'indexing a value that is not an array', e.loc)
        if (idx.k === 'const') {
          const k = Number(idx.v as bigint)
          if (k < 0 || k >= node.items.length) throw new CompileError('bounds', `index ${k} out of bounds (size ${node.items.length})`, e.index.loc)
          out.push({ conds: loc.conds, node: node.items[k] })
        } else {
          const iv = this.temp(idx)
          this.s.out.push({ k: 'verify', e: ops([cloneIR(iv), { k: 'const', v: 0n }, { k: 'const', v: BigInt(node.items.length) }], 'OP_WITHIN') })
          node.items.forEach((item, k) => out.push({ conds: [...loc.conds, F.intBinary('==', cloneIR(iv), { k: 'const', v: BigInt(k) })], node: item }))
        }
      }
      return out
    }
    throw new CompileError('assignment', 'expression is not assignable', e.loc)
  }

  private definedNode (loc: { node: Value | null }, at: Loc): Value {
    if (!loc.node) throw new CompileError('structure', 'property used before it is assigned', at)
    return loc.node
  }

  assign (target: Expr, v: Value): void {
    const locs = this.locations(target)
    if (locs.length === 1 && locs[0].conds.length === 0) {
      const loc = locs[0]
      if (!loc.node) { loc.define!(v); return }
      this.store(loc.node, v, target.loc)
      return
    }
    // runtime index: keep the new value in variables, then store it where the index points
    const val = this.materialize(v, false)
    for (const loc of locs) {
      const cond = loc.conds.reduce((a, b) => F.boolAnd(a, b))
      const code = this.capture(() => this.store(loc.node!, this.read(val), target.loc))
      this.s.out.push({ k: 'if', c: cond, then: code, else: [] })
    }
  }

  private store (node: Value, v: Value, at: Loc): void {
    const dst = leaves(node)
    let src = leaves(v).map((l) => l.ir)
    if (dst.length !== src.length) throw new CompileError('type', 'type mismatch in assignment', at)
    const ids = new Set(dst.map((d) => (d.ir.k === 'var' ? d.ir.id : -1)))
    if (dst.length > 1 && src.some((s) => readsAny(s, ids))) src = src.map((s) => (s.k === 'const' ? s : this.temp(s)))
    dst.forEach((d, i) => {
      if (d.ir.k !== 'var' || !this.s.mutableVars.has(d.ir.id)) throw new CompileError('assignment', 'assignment to a value that cannot change', at)
      this.s.out.push({ k: 'set', id: d.ir.id, e: src[i] })
    })
  }

  temp (ir: IR): IR {
    if (ir.k === 'const' || (ir.k === 'var' && !this.s.mutableVars.has(ir.id))) return ir
    const id = this.s.nextId++
    this.s.out.push({ k: 'let', id, e: ir })
    this.keepLength(id, ir)
    return { k: 'var', id }
  }

  typeOfLvalue (e: Expr): SType {
    if (e.kind === 'member' && e.object.kind === 'this') {
      const ctx = this.s.requireThis(e.loc)
      const prop = ctx.decl.properties.find((p) => p.name === e.name)
      if (!prop) throw new CompileError('undefined', `unknown property '${e.name}'`, e.loc)
      return this.s.resolveType(prop.type)
    }
    const saved = this.s.out
    this.s.out = []
    try {
      return this.l.expressions.expr(e).type
    } finally {
      this.s.out = saved
    }
  }

  incdec (target: Expr, op: '++' | '--', at: Loc): Value {
    const cur = this.l.expressions.expr(target)
    if (cur.kind !== 'scalar' || cur.type.kind !== 'int') throw new CompileError('type', `${op} needs an int`, at)
    return scalar(INT, F.intBinary(op === '++' ? '+' : '-', cur.ir, { k: 'const', v: 1n }))
  }
}

function readsAny (e: IR, ids: Set<number>): boolean {
  if (e.k === 'var') return ids.has(e.id)
  if (e.k === 'ops') return e.args.some((a) => readsAny(a, ids))
  return false
}
