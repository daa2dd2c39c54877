import type { ContractDecl, Expr, Loc } from '../syntax/ast'
import { CompileError } from '../diagnostics/CompileError'
import { IR, IRStmt, constBool, ops } from '../ir/ir'
import { BOOL, BYTES, INT, SType, assignable, typeName } from '../semantic/types'
import { isUntypedLiteral } from '../semantic/literals'
import { Value, cloneIR, leaves, mapLeaves, scalar, unflatten } from './values'
import * as F from '../ir/fold'
import { mayFail } from '../ir/effects'
import { ArithmeticContext, bytesTruth, intBitwiseOp, intInvertOp, intTruth, shiftLeft, shiftRight } from './arithmetic'
import type { ExpressionsPart, Parts } from './parts'
import type { LoweringState } from './LoweringState'

/** A variable, a property, or a field or constant index of one: storage a read can reach without evaluating anything. */
function isPath (e: Expr): boolean {
  if (e.kind === 'ident') return true
  if (e.kind === 'member') return e.object.kind === 'this' || isPath(e.object)
  if (e.kind === 'index') return e.index.kind === 'int' && isPath(e.object)
  return false
}

/** Expressions: operands in order, operators, constant folding, run-time choices (?:, &&, ||, a[i]), members and statics. */
export class Expressions implements ExpressionsPart {
  constructor (private readonly l: Parts) {}

  private get s (): LoweringState { return this.l.state }

  constInt (e: Expr): bigint {
    const saved = this.s.out
    this.s.out = []
    const v = this.expr(e)
    this.s.out = saved
    if (v.kind !== 'scalar' || v.ir.k !== 'const' || typeof v.ir.v !== 'bigint') {
      throw new CompileError('constant', 'expecting a compile-time constant integer', e.loc)
    }
    return v.ir.v
  }

  /** Whether a path starts at a variable in scope or at a property of `this` (not at a static). */
  private isStored (e: Expr): boolean {
    let root = e
    while (root.kind === 'member' || root.kind === 'index') {
      if (root.kind === 'member' && root.object.kind === 'this') {
        const name = root.name
        return this.s.thisCtx !== null && this.s.thisCtx.decl.properties.some((p) => p.name === name) && this.s.thisCtx.props.get(name) !== undefined
      }
      root = root.object
    }
    return root.kind === 'ident' && this.s.lookup(root.name) !== undefined
  }

  /** The value of an index that is an int literal or a name bound to a constant (nothing to evaluate). */
  private constantIndex (e: Expr): number | undefined {
    if (e.kind === 'int') return Number(e.value)
    if (e.kind !== 'ident') return undefined
    const v = this.s.lookup(e.name)
    return v && v.kind === 'scalar' && v.ir.k === 'const' && typeof v.ir.v === 'bigint' ? Number(v.ir.v) : undefined
  }

  /** A condition: a bool, or an int or byte string standing for one (0 and all-zero bytes are false). */
  boolExpr (e: Expr): IR {
    return this.truth(this.expr(e), e.loc)
  }

  private truth (v: Value, at: Loc): IR {
    if (v.kind === 'scalar' && v.type.kind === 'bool') return v.ir
    if (v.kind === 'scalar' && v.type.kind === 'int') return intTruth(v.ir)
    if (v.kind === 'scalar' && v.type.kind === 'bytes') return bytesTruth(v.ir)
    throw new CompileError('type', `expecting bool but got ${typeName(v.type)}`, at)
  }

  /** What the int operators built of several opcodes need. */
  private get arithmetic (): ArithmeticContext {
    return {
      temp: (ir) => { const t = this.l.storage.temp(ir); return () => cloneIR(t) },
      verify: (c) => { this.s.out.push({ k: 'verify', e: c }) },
    }
  }

  intExpr (e: Expr): IR {
    const v = this.expr(e)
    if (v.kind !== 'scalar' || v.type.kind !== 'int') throw new CompileError('type', `expecting int but got ${typeName(v.type)}`, e.loc)
    return v.ir
  }

  /** Lowers operands left to right; if a later one emits statements, earlier ones are saved first. */
  seq (list: Expr[], expected: (SType | undefined | ((earlier: Value[]) => SType))[] = []): Value[] {
    const vals: Value[] = []
    const marks: number[] = []
    list.forEach((e, i) => {
      const before = this.s.out.length
      const x = expected[i]
      const v = this.expr(e, typeof x === 'function' ? x(vals) : x)
      if (this.s.out.length > before) {
        for (let j = vals.length - 1; j >= 0; j--) {
          const inserted: IRStmt[] = []
          vals[j] = mapLeaves(vals[j], (ir) => {
            if (ir.k === 'const' || (ir.k === 'var' && !this.s.mutableVars.has(ir.id))) return ir
            const id = this.s.nextId++
            inserted.push({ k: 'let', id, e: ir })
            return { k: 'var', id }
          })
          this.s.out.splice(marks[j], 0, ...inserted)
        }
      }
      vals.push(v)
      marks.push(this.s.out.length)
    })
    return vals
  }

  expr (e: Expr, expected?: SType): Value {
    switch (e.kind) {
      case 'int': return scalar(INT, { k: 'const', v: e.value })
      case 'bool': return scalar(BOOL, { k: 'const', v: e.value })
      case 'bytes': return scalar(BYTES, { k: 'const', v: e.value })
      case 'ident': {
        const v = this.s.lookup(e.name)
        if (v) return this.l.storage.read(v)
        const st = this.staticOf(this.s.current, e.name)
        if (st) return st
        throw new CompileError('undefined', `undeclared identifier '${e.name}'`, e.loc)
      }
      case 'this': {
        // a library's instance (`return this;` for chained calls): its properties as they are now
        const ctx = this.s.thisCtx
        if (!ctx || ctx.decl.kind !== 'Library') throw new CompileError('type', "'this' cannot be used as a value", e.loc)
        const typeArgs = ctx.decl.typeParams.map((p) => ctx.env?.get(p) as SType)
        const type = this.s.decls.libraryType(ctx.decl, typeArgs, e.loc)
        const fields = ctx.decl.properties.map((p) => {
          const v = ctx.props.get(p.name)
          if (!v) throw new CompileError('structure', `property '${p.name}' is used before it is assigned`, e.loc)
          return this.l.storage.read(v)
        })
        return { kind: 'struct', type, fields }
      }
      case 'member': return this.member(e)
      case 'index': {
        // a[k] of a stored array with a constant k: only the element is read (arrays of many
        // thousand values are indexed in unrolled loops; reading the whole array each time is quadratic)
        const k = this.constantIndex(e.index)
        if (k !== undefined && isPath(e.object) && this.isStored(e.object)) {
          const locs = this.l.storage.locations(e.object, false)
          const node = locs.length === 1 && locs[0].conds.length === 0 ? locs[0].node : null
          if (node && node.kind === 'array') {
            if (k < 0 || k >= node.items.length) throw new CompileError('bounds', `index ${k} out of bounds (size ${node.items.length})`, e.index.loc)
            return this.l.storage.read(node.items[k])
          }
        }
        // an array literal of untyped struct literals, indexed: its elements have the expected type
        const literal = expected && e.object.kind === 'arrayLit' && isUntypedLiteral(e.object)
          ? { kind: 'array' as const, elem: expected, size: e.object.items.length }
          : undefined
        const [obj, idx] = this.seq([e.object, e.index], [literal])
        if (obj.kind !== 'array') throw new CompileError('type', 'indexing a value that is not an array', e.loc)
        if (idx.kind !== 'scalar' || idx.type.kind !== 'int') throw new CompileError('type', 'array index must be an int', e.index.loc)
        if (idx.ir.k === 'const') {
          const k = Number(idx.ir.v as bigint)
          if (k < 0 || k >= obj.items.length) throw new CompileError('bounds', `index ${k} out of bounds (size ${obj.items.length})`, e.index.loc)
          return obj.items[k]
        }
        return this.select(obj, idx.ir)
      }
      case 'slice': {
        const parts = [e.object, ...(e.start ? [e.start] : []), ...(e.end ? [e.end] : [])]
        const vals = this.seq(parts)
        const b = vals[0]
        if (b.kind !== 'scalar' || b.type.kind !== 'bytes') throw new CompileError('type', 'only byte strings can be sliced', e.loc)
        let k = 1
        const start = e.start ? this.asInt(vals[k++], e.start.loc) : undefined
        const end = e.end ? this.asInt(vals[k++], e.end.loc) : undefined
        return scalar(BYTES, F.slice(b.ir, start, end))
      }
      case 'call': return this.l.calls.call(e, expected)
      case 'new': {
        const lib = this.s.contracts.get(e.name)
        if (!lib) throw new CompileError('undefined', `'${e.name}' is neither a library nor a contract`, e.loc)
        const args = this.seq(e.args, this.l.calls.constructorTypes(lib, e, expected))
        return this.l.calls.construct(lib, args, e.loc, expected, e)
      }
      case 'unary': {
        const v = this.expr(e.operand)
        if (v.kind !== 'scalar') throw new CompileError('type', `operator ${e.op} needs a scalar`, e.loc)
        if (e.op === '-' && v.type.kind === 'int') return scalar(INT, F.negate(v.ir))
        if (e.op === '!') return scalar(BOOL, F.not(this.truth(v, e.loc)))
        if (e.op === '~' && v.type.kind === 'bytes') return scalar(v.type, ops([v.ir], 'OP_INVERT'))
        if (e.op === '~' && v.type.kind === 'int') return scalar(INT, intInvertOp(v.ir))
        throw new CompileError('type', `operator ${e.op} cannot be applied to ${typeName(v.type)}`, e.loc)
      }
      case 'incdec': {
        const old = this.expr(e.target)
        const saved = e.prefix ? null : this.l.storage.materialize(old, false)
        const next = this.l.storage.incdec(e.target, e.op, e.loc)
        this.l.storage.assign(e.target, next)
        return e.prefix ? this.expr(e.target) : this.l.storage.read(saved!)
      }
      case 'binary': {
        if (e.op === '&&' || e.op === '||') return this.logical(e.op, e.left, e.right, e.loc)
        // an untyped struct literal compared with a value takes that value's type
        if (e.op === '==' || e.op === '!=') {
          const typeOfOther = (earlier: Value[]) => earlier[0].type
          if (isUntypedLiteral(e.left) && !isUntypedLiteral(e.right)) {
            const [r, l] = this.seq([e.right, e.left], [undefined, typeOfOther])
            return this.binary(e.op, l, r, e.loc)
          }
          const [l, r] = this.seq([e.left, e.right], [undefined, typeOfOther])
          return this.binary(e.op, l, r, e.loc)
        }
        const [l, r] = this.seq([e.left, e.right])
        return this.binary(e.op, l, r, e.loc)
      }
      case 'ternary': {
        const c = this.boolExpr(e.cond)
        if (c.k === 'const') return this.expr(c.v ? e.then : e.else, expected)
        return this.conditional(c, () => this.expr(e.then, expected), () => this.expr(e.else, expected), e.loc)
      }
      case 'structLit': {
        if (!expected || expected.kind !== 'struct') throw new CompileError('type', 'cannot tell the struct type of this literal', e.loc)
        if (expected.fields.length !== e.fields.length) throw new CompileError('type', `${expected.name} has ${expected.fields.length} fields`, e.loc)
        const vals = this.seq(e.fields, expected.fields.map((f) => f.type))
        vals.forEach((v, i) => this.s.check(expected.fields[i].type, v, e.fields[i].loc))
        return { kind: 'struct', type: expected, fields: vals.map((v, i) => this.s.retype(v, expected.fields[i].type)) }
      }
      case 'arrayLit': {
        const elem = expected && expected.kind === 'array' ? expected.elem : undefined
        const vals = this.seq(e.items, e.items.map(() => elem))
        if (vals.length === 0) throw new CompileError('type', 'empty array literal', e.loc)
        const elemType = elem ?? vals[0].type
        vals.forEach((v, i) => this.s.check(elemType, v, e.items[i].loc))
        return { kind: 'array', type: { kind: 'array', elem: elemType, size: vals.length }, items: vals.map((v) => this.s.retype(v, elemType)) }
      }
    }
  }

  private asInt (v: Value, at: Loc): IR {
    if (v.kind !== 'scalar' || v.type.kind !== 'int') throw new CompileError('type', `expecting int but got ${typeName(v.type)}`, at)
    return v.ir
  }

  /** a[i] with an index known only at run time. */
  private select (arr: Extract<Value, { kind: 'array' }>, idx: IR): Value {
    const i = this.l.storage.temp(idx)
    const n = arr.items.length
    const build = (k: number): Value => {
      if (k === n - 1) {
        this.s.out.push({ k: 'verify', e: F.intBinary('==', cloneIR(i), { k: 'const', v: BigInt(k) }) })
        return arr.items[k]
      }
      return this.conditional(F.intBinary('==', cloneIR(i), { k: 'const', v: BigInt(k) }), () => arr.items[k], () => build(k + 1), { line: 0, column: 0, endLine: 0, endColumn: 0 })
    }
    return build(0)
  }

  /** A value chosen at run time: an if statement whose branches leave the value's scalars. */
  conditional (c: IR, thenFn: () => Value, elseFn: () => Value, at: Loc): Value {
    let thenV: Value | undefined
    let elseV: Value | undefined
    const thenCode = this.l.storage.capture(() => { thenV = thenFn() })
    const elseCode = this.l.storage.capture(() => { elseV = elseFn() })
    if (!assignable(thenV!.type, elseV!.type) && !assignable(elseV!.type, thenV!.type)) {
      throw new CompileError('type', `branches have different types: ${typeName(thenV!.type)} and ${typeName(elseV!.type)}`, at)
    }
    const outs = leaves(thenV!).map(() => this.s.nextId++)
    this.s.out.push({ k: 'if', c, then: thenCode, else: elseCode, outs, thenVals: leaves(thenV!).map((l) => l.ir), elseVals: leaves(elseV!).map((l) => l.ir) } as IRStmt)
    return unflatten(thenV!.type, outs.map((id) => ({ k: 'var', id }) as IR))
  }

  private logical (op: '&&' | '||', left: Expr, right: Expr, at: Loc): Value {
    const l = this.boolExpr(left)
    if (l.k === 'const') {
      if (op === '&&' && l.v === false) return scalar(BOOL, l)
      if (op === '||' && l.v === true) return scalar(BOOL, l)
      return scalar(BOOL, this.boolExpr(right))
    }
    const saved = this.s.out
    const facts = new Map(this.s.lengthFacts)
    this.s.out = []
    this.s.branchDepth++
    const r = this.boolExpr(right)
    this.s.branchDepth--
    const emitted = this.s.out
    this.s.out = saved
    // what the right side's requires established holds only where it runs
    this.s.lengthFacts = facts
    if (emitted.length === 0 && !mayFail(r)) {
      return scalar(BOOL, op === '&&' ? F.boolAnd(l, r) : F.boolOr(l, r))
    }
    // short-circuit: the right side runs only when it decides the result
    const lv = this.l.storage.temp(l)
    return this.conditional(
      cloneIR(lv),
      () => (op === '&&' ? (emitted.forEach((x) => this.s.out.push(x)), scalar(BOOL, r)) : scalar(BOOL, constBool(true))),
      () => (op === '&&' ? scalar(BOOL, constBool(false)) : (emitted.forEach((x) => this.s.out.push(x)), scalar(BOOL, r))),
      at
    )
  }

  binary (op: string, l: Value, r: Value, at: Loc): Value {
    if (l.kind !== 'scalar' || r.kind !== 'scalar') {
      if ((op === '==' || op === '!=') && assignable(l.type, r.type)) {
        const ls = leaves(l)
        const rs = leaves(r)
        // structs and arrays are equal when all their scalars are
        let acc: IR = constBool(true)
        ls.forEach((x, i) => { acc = F.boolAnd(acc, (this.binary('==', x, rs[i], at) as { ir: IR }).ir) })
        return scalar(BOOL, op === '==' ? acc : F.not(acc))
      }
      throw new CompileError('type', `operator ${op} cannot be applied to ${typeName(l.type)} and ${typeName(r.type)}`, at)
    }
    const lt = l.type.kind
    const rt = r.type.kind
    if (lt === 'int' && rt === 'int') {
      if (['+', '-', '*', '/', '%'].includes(op)) return scalar(INT, F.intBinary(op, l.ir, r.ir))
      if (op === '<<') return scalar(INT, shiftLeft(l.ir, r.ir, this.arithmetic, at))
      if (op === '>>') return scalar(INT, shiftRight(l.ir, r.ir, this.arithmetic, at))
      if (op === '&' || op === '|' || op === '^') return scalar(INT, intBitwiseOp(op, l.ir, r.ir, this.arithmetic))
      if (['<', '<=', '>', '>=', '==', '!='].includes(op)) return scalar(BOOL, F.intBinary(op, l.ir, r.ir))
    }
    if (lt === 'bytes' && rt === 'int' && (op === '<<' || op === '>>')) {
      // the bits of the byte string moved, its length kept (a negative count fails)
      return scalar(l.type, ops([l.ir, r.ir], op === '<<' ? 'OP_LSHIFT' : 'OP_RSHIFT'))
    }
    if (lt === 'bytes' && rt === 'bytes') {
      if (op === '+') return scalar(l.type.kind === 'bytes' && r.type.kind === 'bytes' && (l.type as { name: string }).name === (r.type as { name: string }).name ? l.type : BYTES, F.concat(l.ir, r.ir))
      if (op === '==' || op === '!=') return scalar(BOOL, F.bytesEqual(l.ir, r.ir, op === '!='))
      if (op === '&') return scalar(l.type, ops([l.ir, r.ir], 'OP_AND'))
      if (op === '|') return scalar(l.type, ops([l.ir, r.ir], 'OP_OR'))
      if (op === '^') return scalar(l.type, ops([l.ir, r.ir], 'OP_XOR'))
    }
    if (lt === 'bool' && rt === 'bool') {
      if (op === '==' || op === '!=') return scalar(BOOL, F.boolEqual(l.ir, r.ir, op === '!='))
    }
    throw new CompileError('type', `operator ${op} cannot be applied to ${typeName(l.type)} and ${typeName(r.type)}`, at)
  }

  private member (e: Extract<Expr, { kind: 'member' }>): Value {
    if (e.object.kind === 'this') {
      const ctx = this.s.requireThis(e.loc)
      const prop = ctx.decl.properties.find((p) => p.name === e.name)
      if (prop) {
        const v = ctx.props.get(e.name)
        if (v === undefined) {
          if (prop.state) throw new CompileError('structure', `state property '${e.name}' is not available here`, e.loc)
          throw new CompileError('structure', `property '${e.name}' is used before it is assigned`, e.loc)
        }
        return this.l.storage.read(v)
      }
      const st = this.staticOf(ctx.decl, e.name)
      if (st) return st
      throw new CompileError('undefined', `unknown property '${e.name}'`, e.loc)
    }
    if (e.object.kind === 'ident' && !this.s.lookup(e.object.name) && this.s.contracts.has(e.object.name)) {
      const st = this.staticOf(this.s.contracts.get(e.object.name)!, e.name)
      if (!st) throw new CompileError('undefined', `'${e.object.name}' has no static constant '${e.name}'`, e.loc)
      return st
    }
    const obj = this.expr(e.object)
    if (obj.kind === 'struct') {
      const i = (obj.type as { fields: { name: string }[] }).fields.findIndex((f) => f.name === e.name)
      if (i < 0) throw new CompileError('undefined', `no field '${e.name}' in ${typeName(obj.type)}`, e.loc)
      return obj.fields[i]
    }
    throw new CompileError('type', `'${e.name}' is not a member of ${typeName(obj.type)}`, e.loc)
  }

  private staticOf (decl: ContractDecl, name: string): Value | undefined {
    const st = decl.statics.find((s) => s.name === name)
    if (!st) return undefined
    if (!st.isConst) return this.l.storage.read(this.staticStorage(decl, name)!)
    return this.staticInitial(decl, name)
  }

  /**
   * The storage of a static that is not const: a variable of the whole public function (inlined
   * functions share it), defined at the function's start with the static's value on first use.
   */
  staticStorage (decl: ContractDecl, name: string): Value | undefined {
    const st = decl.statics.find((s) => s.name === name)
    if (!st || st.isConst) return undefined
    const m = this.s.method
    m.mutableStatics ??= new Map()
    const key = `${decl.name}.${name}`
    let v = m.mutableStatics.get(key)
    if (!v) {
      const prelude = (m.prelude ??= [])
      v = mapLeaves(this.staticInitial(decl, name)!, (ir) => {
        const id = this.s.nextId++
        prelude.push({ k: 'let', id, e: ir })
        this.s.mutableVars.add(id)
        return { k: 'var', id }
      })
      m.mutableStatics.set(key, v)
    }
    return v
  }

  /** The value a static is declared with (a compile-time constant), lowered once. */
  private staticInitial (decl: ContractDecl, name: string): Value | undefined {
    const st = decl.statics.find((s) => s.name === name)
    if (!st) return undefined
    const key = `${decl.name}.${name}`
    let v = this.s.statics.get(key)
    if (!v) {
      const savedCurrent = this.s.current
      const savedScopes = this.s.scopes
      const savedOut = this.s.out
      this.s.current = decl
      this.s.scopes = []
      this.s.out = []
      try {
        const type = this.s.resolveType(st.type)
        v = this.s.retype(this.expr(st.value, type), type)
        if (leaves(v).some((l) => l.ir.k !== 'const') || this.s.out.length > 0) throw new CompileError('constant', 'static property must be a compile-time constant', st.loc)
      } finally {
        this.s.current = savedCurrent
        this.s.scopes = savedScopes
        this.s.out = savedOut
      }
      this.s.statics.set(key, v)
    }
    return v
  }
}
