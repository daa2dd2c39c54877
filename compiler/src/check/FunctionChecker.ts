import type { ContractDecl, Expr, FunctionDecl, Loc, Stmt } from '../syntax/ast'
import { fail } from '../diagnostics/CompileError'
import type { ConstValue, Declarations } from '../semantic/Declarations'
import { BOOL, BYTES, INT, SType, assignable, typeName } from '../semantic/types'
import { binaryType, compoundOperator, isCondition, unaryType } from '../semantic/operators'
import { builtinType, isBuiltin } from '../semantic/builtinTypes'
import { isUntypedLiteral } from '../semantic/literals'

/** A name in scope: a parameter, local variable or loop index. */
interface Local { type: SType; isConst: boolean; isCtc: boolean }

/** Where the code being checked sits. */
export interface FunctionContext {
  decl: ContractDecl
  fn: FunctionDecl
  isConstructor: boolean
  /** The generic parameters of the declaring library, standing for themselves. */
  env: Map<string, SType>
}

/**
 * Checks one function (or constructor) body: every name declared, every expression typed,
 * every assignment allowed, every constant where one is required. Stops at the first error
 * (reported with its location); the caller moves on to the next function.
 */
export class FunctionChecker {
  private scopes: Map<string, Local>[] = []
  private readonly returnType: SType | null

  constructor (private readonly decls: Declarations, private readonly ctx: FunctionContext) {
    this.returnType = ctx.fn.returnType ? this.type(ctx.fn.returnType) : null
  }

  check (): void {
    const { fn } = this.ctx
    const params = new Map<string, Local>()
    for (const p of fn.params) {
      if (params.has(p.name)) fail('redefinition', `parameter '${p.name}' is declared twice`, p.loc)
      const type = this.type(p.type)
      if (p.isStatic && type.kind !== 'int') fail('type', 'a static const parameter must be an int', p.loc)
      params.set(p.name, { type, isConst: p.isConst === true, isCtc: p.isStatic === true })
    }
    this.scopes = [params, new Map()]
    if (fn.visibility === 'Public' && this.ctx.decl.kind === 'Contract' && fn.returnType) {
      fail('structure', `public function '${fn.name}' cannot return a value`, fn.returnType.loc)
    }
    this.stmts(fn.body)
    const isAsm = fn.body.length === 1 && fn.body[0].kind === 'asm'
    if (this.returnType && !this.ctx.isConstructor && !isAsm && !alwaysReturns(fn.body)) {
      fail('structure', `function '${fn.name}' must end with a return`, fn.loc)
    }
  }

  private type (t: Parameters<Declarations['resolveType']>[0]): SType {
    return this.decls.resolveType(t, { contract: this.ctx.decl, env: this.ctx.env })
  }

  private get isStatic (): boolean { return this.ctx.fn.isStatic }

  private lookup (name: string): Local | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const v = this.scopes[i].get(name)
      if (v) return v
    }
    return undefined
  }

  private declare (name: string, local: Local, at: Loc): void {
    const scope = this.scopes[this.scopes.length - 1]
    if (scope.has(name)) fail('redefinition', `'${name}' is already declared`, at)
    scope.set(name, local)
  }

  private scoped (fn: () => void): void {
    this.scopes.push(new Map())
    try { fn() } finally { this.scopes.pop() }
  }

  // statements

  private stmts (list: Stmt[]): void {
    for (const s of list) this.stmt(s)
  }

  private stmt (s: Stmt): void {
    switch (s.kind) {
      case 'block': this.scoped(() => this.stmts(s.body)); return
      case 'var': {
        const declared = s.type ? this.type(s.type) : undefined
        const t = this.expr(s.init, declared)
        if (declared) this.expectAssignable(declared, t, s.init.loc)
        this.declare(s.name, { type: declared ?? t, isConst: s.isConst, isCtc: false }, s.loc)
        return
      }
      case 'assign': {
        const target = this.lvalue(s.target)
        const v = this.expr(s.value, target)
        const result = s.op === '=' ? v : binaryType(compoundOperator(s.op), target, v)
        if (!result) fail('type', `operator ${s.op} cannot be applied to ${typeName(target)} and ${typeName(v)}`, s.loc)
        this.expectAssignable(target, result, s.value.loc)
        return
      }
      case 'expr':
        if (s.expr.kind === 'call' && s.expr.callee.kind === 'ident' && s.expr.callee.name === 'exit' && !this.lookup('exit')) {
          if (s.expr.args.length !== 1) fail('arguments', `exit takes 1 argument but got ${s.expr.args.length}`, s.expr.loc)
          this.condition(s.expr.args[0], true)
          return
        }
        this.expr(s.expr)
        return
      case 'codeSeparator': return
      case 'asm':
        if (this.ctx.fn.body.length !== 1 || this.ctx.isConstructor) fail('structure', 'an asm block must be the whole body of a function', s.loc)
        return
      case 'require': this.condition(s.cond, true); return
      case 'if':
        this.condition(s.cond, false)
        this.scoped(() => this.stmts(s.then))
        if (s.else) this.scoped(() => this.stmts(s.else!))
        return
      case 'loop': {
        const n = this.expr(s.count)
        if (n.kind !== 'int') fail('type', `a loop count must be an int, not ${typeName(n)}`, s.count.loc)
        if (!this.isCtc(s.count)) fail('constant', 'a loop count must be a compile-time constant', s.count.loc)
        const v = this.constValue(s.count)
        if (typeof v === 'bigint' && v < 0n) fail('constant', 'a loop count must not be negative', s.count.loc)
        this.scoped(() => {
          if (s.index) this.declare(s.index, { type: INT, isConst: true, isCtc: true }, s.loc)
          this.scoped(() => this.stmts(s.body))
        })
        return
      }
      case 'return': {
        if (this.ctx.isConstructor) fail('structure', 'a constructor cannot return', s.loc)
        if (!s.value) {
          if (this.returnType) fail('type', `function '${this.ctx.fn.name}' must return ${typeName(this.returnType)}`, s.loc)
          return
        }
        if (!this.returnType) fail('type', `function '${this.ctx.fn.name}' returns nothing`, s.value.loc)
        this.expectAssignable(this.returnType, this.expr(s.value, this.returnType), s.value.loc)
      }
    }
  }

  /** A condition: `require` takes a bool; `if` also an int or bytes (zero is false). */
  private condition (e: Expr, strict: boolean): void {
    const t = this.expr(e)
    if (strict ? t.kind !== 'bool' : !isCondition(t)) fail('type', `expecting bool but got ${typeName(t)}`, e.loc)
  }

  private expectAssignable (to: SType, from: SType, at: Loc): void {
    if (!assignable(to, from)) fail('type', `type mismatch: expecting ${typeName(to)} but got ${typeName(from)}`, at)
  }

  /** The type of an assignable expression (reporting what cannot be assigned). */
  private lvalue (e: Expr): SType {
    if (e.kind === 'ident') {
      const local = this.lookup(e.name)
      if (!local) {
        const st = this.decls.static(this.ctx.decl, e.name)
        if (st && !st.isConst) return this.decls.resolveType(st.type, { contract: this.ctx.decl })
        if (st) fail('assignment', `cannot assign static constant '${e.name}'`, e.loc)
        fail('undefined', `undeclared variable '${e.name}'`, e.loc)
      }
      if (local.isConst) fail('assignment', `cannot assign const '${e.name}'`, e.loc)
      return local.type
    }
    if (e.kind === 'member' && e.object.kind === 'this') {
      this.requireThis(e.loc)
      const prop = this.ctx.decl.properties.find((p) => p.name === e.name)
      if (!prop) {
        const st = this.decls.static(this.ctx.decl, e.name)
        if (st && !st.isConst) return this.decls.resolveType(st.type, { contract: this.ctx.decl })
        if (st) fail('assignment', `cannot assign static constant '${e.name}'`, e.loc)
        fail('undefined', `unknown property '${e.name}'`, e.loc)
      }
      if (prop.isConst && !this.ctx.isConstructor) fail('assignment', `cannot assign const property '${e.name}' outside the constructor`, e.loc)
      return this.type(prop.type)
    }
    if (e.kind === 'member' && e.object.kind === 'ident' && !this.lookup(e.object.name) && this.decls.contracts.has(e.object.name)) {
      const decl = this.decls.contracts.get(e.object.name)!
      const st = this.decls.static(decl, e.name)
      if (!st) fail('undefined', `'${decl.name}' has no static '${e.name}'`, e.loc)
      if (st.isConst) fail('assignment', `cannot assign static constant '${decl.name}.${e.name}'`, e.loc)
      return this.decls.resolveType(st.type, { contract: decl })
    }
    if (e.kind === 'member') {
      const t = this.lvalue(e.object)
      return this.field(t, e.name, e.loc)
    }
    if (e.kind === 'index') {
      const t = this.lvalue(e.object)
      return this.indexed(t, e)
    }
    fail('assignment', 'expression is not assignable', e.loc)
  }

  private requireThis (at: Loc): void {
    if (this.isStatic) fail('structure', "'this' is not available in a static function", at)
  }

  // expressions

  private isCtc (e: Expr): boolean {
    switch (e.kind) {
      case 'int': case 'bool': case 'bytes': return true
      case 'ident': {
        const local = this.lookup(e.name)
        return local ? local.isCtc : this.decls.static(this.ctx.decl, e.name) !== undefined
      }
      case 'member':
        if (e.object.kind === 'this') return this.decls.static(this.ctx.decl, e.name) !== undefined
        return e.object.kind === 'ident' && !this.lookup(e.object.name) && this.decls.contracts.has(e.object.name) &&
          this.decls.static(this.decls.contracts.get(e.object.name)!, e.name) !== undefined
      case 'unary': return this.isCtc(e.operand)
      case 'binary': return this.isCtc(e.left) && this.isCtc(e.right)
      case 'ternary': return this.isCtc(e.cond) && this.isCtc(e.then) && this.isCtc(e.else)
      case 'call': return e.callee.kind === 'ident' && e.args.length === 1 && isBuiltin(e.callee.name) && this.isCtc(e.args[0])
      default: return false
    }
  }

  private constValue (e: Expr): ConstValue | undefined {
    return this.decls.constValue(e, { contract: this.ctx.decl })
  }

  expr (e: Expr, expected?: SType): SType {
    switch (e.kind) {
      case 'int': return INT
      case 'bool': return BOOL
      case 'bytes': return BYTES
      case 'ident': {
        const local = this.lookup(e.name)
        if (local) return local.type
        const st = this.decls.static(this.ctx.decl, e.name)
        if (st) return this.decls.resolveType(st.type, { contract: this.ctx.decl })
        if (this.decls.contracts.has(e.name)) fail('type', `'${e.name}' is not a value`, e.loc)
        fail('undefined', `undeclared identifier '${e.name}'`, e.loc)
      }
      // eslint-disable-next-line no-fallthrough
      case 'this':
        // a library's instance (`return this;` for chained calls)
        if (this.ctx.decl.kind === 'Library' && !this.isStatic && !this.ctx.isConstructor) {
          return this.decls.libraryType(this.ctx.decl, this.ctx.decl.typeParams.map((p) => this.ctx.env.get(p)!), e.loc)
        }
        fail('type', "'this' cannot be used as a value", e.loc)
      // eslint-disable-next-line no-fallthrough
      case 'member': return this.member(e)
      case 'index': {
        // an array literal of untyped struct literals, indexed: its elements have the expected type
        const literal = expected && e.object.kind === 'arrayLit' && isUntypedLiteral(e.object)
          ? { kind: 'array' as const, elem: expected, size: e.object.items.length }
          : undefined
        return this.indexed(this.expr(e.object, literal), e)
      }
      case 'slice': {
        const b = this.expr(e.object)
        if (b.kind !== 'bytes') fail('type', `only byte strings can be sliced, not ${typeName(b)}`, e.loc)
        for (const x of [e.start, e.end]) {
          if (x && this.expr(x).kind !== 'int') fail('type', 'slice bounds must be ints', x.loc)
        }
        return BYTES
      }
      case 'call': return this.call(e, expected)
      case 'new': return this.newLibrary(e, expected)
      case 'unary': {
        const t = this.expr(e.operand)
        const r = unaryType(e.op, t)
        if (!r) fail('type', `operator ${e.op} cannot be applied to ${typeName(t)}`, e.loc)
        return r
      }
      case 'incdec': {
        const t = this.lvalue(e.target)
        if (t.kind !== 'int') fail('type', `${e.op} needs an int, not ${typeName(t)}`, e.loc)
        return INT
      }
      case 'binary': {
        // an untyped struct literal compared with a value takes that value's type
        const equality = e.op === '==' || e.op === '!='
        const leftFirst = !(equality && isUntypedLiteral(e.left) && !isUntypedLiteral(e.right))
        const r0 = leftFirst ? undefined : this.expr(e.right)
        const l = this.expr(e.left, r0)
        const r = r0 ?? this.expr(e.right, equality ? l : undefined)
        const t = binaryType(e.op, l, r)
        if (!t) fail('type', `operator ${e.op} cannot be applied to ${typeName(l)} and ${typeName(r)}`, e.loc)
        return t
      }
      case 'ternary': {
        const c = this.expr(e.cond)
        if (!isCondition(c)) fail('type', `expecting bool but got ${typeName(c)}`, e.cond.loc)
        const a = this.expr(e.then, expected)
        const b = this.expr(e.else, expected ?? a)
        if (assignable(a, b)) return a
        if (assignable(b, a)) return b
        fail('type', `branches have different types: ${typeName(a)} and ${typeName(b)}`, e.loc)
      }
      // eslint-disable-next-line no-fallthrough
      case 'structLit': {
        if (!expected || expected.kind !== 'struct') fail('type', 'cannot tell the struct type of this literal', e.loc)
        if (expected.fields.length !== e.fields.length) {
          fail('type', `${typeName(expected)} has ${expected.fields.length} field${expected.fields.length === 1 ? '' : 's'}, the literal ${e.fields.length}`, e.loc)
        }
        e.fields.forEach((f, i) => this.expectAssignable(expected.fields[i].type, this.expr(f, expected.fields[i].type), f.loc))
        return expected
      }
      case 'arrayLit': {
        if (e.items.length === 0) fail('type', 'empty array literal', e.loc)
        const elem = expected && expected.kind === 'array' ? expected.elem : undefined
        const first = this.expr(e.items[0], elem)
        const elemType = elem ?? first
        this.expectAssignable(elemType, first, e.items[0].loc)
        e.items.slice(1).forEach((x) => this.expectAssignable(elemType, this.expr(x, elemType), x.loc))
        return { kind: 'array', elem: elemType, size: e.items.length }
      }
    }
  }

  private indexed (t: SType, e: Extract<Expr, { kind: 'index' }>): SType {
    if (t.kind !== 'array') fail('type', `indexing a value that is not an array (${typeName(t)})`, e.loc)
    const i = this.expr(e.index)
    if (i.kind !== 'int') fail('type', `an array index must be an int, not ${typeName(i)}`, e.index.loc)
    const k = this.isCtc(e.index) ? this.constValue(e.index) : undefined
    if (typeof k === 'bigint' && (k < 0n || k >= BigInt(t.size))) fail('bounds', `index ${k} out of bounds (size ${t.size})`, e.index.loc)
    return t.elem
  }

  private field (t: SType, name: string, at: Loc): SType {
    if (t.kind !== 'struct' && t.kind !== 'library') fail('type', `'${name}' is not a member of ${typeName(t)}`, at)
    const f = t.fields.find((x) => x.name === name)
    if (!f) fail('undefined', `no field '${name}' in ${typeName(t)}`, at)
    return f.type
  }

  private member (e: Extract<Expr, { kind: 'member' }>): SType {
    if (e.object.kind === 'this') {
      this.requireThis(e.loc)
      const prop = this.ctx.decl.properties.find((p) => p.name === e.name)
      if (prop) return this.type(prop.type)
      const st = this.decls.static(this.ctx.decl, e.name)
      if (st) return this.decls.resolveType(st.type, { contract: this.ctx.decl })
      fail('undefined', `unknown property '${e.name}'`, e.loc)
    }
    if (e.object.kind === 'ident' && !this.lookup(e.object.name) && this.decls.contracts.has(e.object.name)) {
      const decl = this.decls.contracts.get(e.object.name)!
      const st = this.decls.static(decl, e.name)
      if (!st) fail('undefined', `'${decl.name}' has no static constant '${e.name}'`, e.loc)
      return this.decls.resolveType(st.type, { contract: decl })
    }
    return this.field(this.expr(e.object), e.name, e.loc)
  }

  private args (list: Expr[], types: (SType | undefined)[] = []): SType[] {
    return list.map((a, i) => this.expr(a, types[i]))
  }

  private call (e: Extract<Expr, { kind: 'call' }>, expected?: SType): SType {
    const callee = e.callee
    if (callee.kind === 'ident') {
      if (this.lookup(callee.name)) fail('type', `'${callee.name}' is not a function`, callee.loc)
      if (callee.name === 'exit') fail('structure', 'exit() is a statement, not a value', e.loc)
      // a function of the same contract or library, named alone
      const own = this.ctx.decl.functions.find((f) => f.name === callee.name)
      if (own) {
        if (!own.isStatic) this.requireThis(callee.loc)
        return this.callFunction(this.ctx.decl, callee.name, e, this.ctx.env, !own.isStatic)
      }
      if (!isBuiltin(callee.name)) fail('undefined', `unknown function '${callee.name}'`, callee.loc)
      // repeat's element takes the element type the result is expected to have
      const hint = callee.name === 'repeat' && expected?.kind === 'array' ? [expected.elem] : []
      const args = this.args(e.args, hint)
      return builtinType({
        name: callee.name,
        at: e.loc,
        args,
        argLoc: (i) => e.args[i].loc,
        constArg: (i) => (this.isCtc(e.args[i]) ? this.constValue(e.args[i]) : undefined),
        isConstArg: (i) => this.isCtc(e.args[i]),
      })
    }
    if (callee.kind !== 'member') fail('type', 'this expression cannot be called', e.loc)
    if (callee.object.kind === 'this') {
      this.requireThis(callee.loc)
      if (callee.name === 'getStateScript' && this.ctx.decl.kind === 'Contract' && !this.ctx.decl.functions.some((f) => f.name === 'getStateScript')) {
        if (e.args.length > 0) fail('arguments', 'getStateScript takes no arguments', e.loc)
        if (!this.ctx.decl.properties.some((p) => p.state)) fail('structure', 'getStateScript needs a @state property', e.loc)
        return BYTES
      }
      return this.callFunction(this.ctx.decl, callee.name, e, this.ctx.env, true)
    }
    if (callee.object.kind === 'ident' && !this.lookup(callee.object.name) && this.decls.contracts.has(callee.object.name)) {
      const decl = this.decls.contracts.get(callee.object.name)!
      // a generic library's static function: `Lib<int, bool>.f(...)`
      const typeArgs = (callee.object.typeArgs ?? []).map((t) => this.type(t))
      if (decl.typeParams.length > 0 && typeArgs.length === 0) fail('type', `a static function of the generic library '${decl.name}' needs its type arguments (${decl.name}<${decl.typeParams.join(', ')}>.${callee.name})`, callee.loc)
      this.decls.libraryType(decl, typeArgs, callee.object.loc)
      return this.callFunction(decl, callee.name, e, new Map(decl.typeParams.map((p, i) => [p, typeArgs[i]])), false)
    }
    const obj = this.expr(callee.object)
    if (obj.kind !== 'library') fail('type', `'${callee.name}' is not a method of ${typeName(obj)}`, callee.loc)
    const decl = this.decls.contracts.get(obj.name)!
    const env = new Map(decl.typeParams.map((p, i) => [p, obj.typeArgs![i]]))
    // a public function of another contract's instance: true when its requires pass
    return this.callFunction(decl, callee.name, e, env, true, true)
  }

  /** A call of a function of a contract or library; `onInstance` when called on `this` or an instance. */
  private callFunction (decl: ContractDecl, name: string, e: Extract<Expr, { kind: 'call' }>, env: Map<string, SType>, onInstance: boolean, onOther = false): SType {
    const fn = decl.functions.find((f) => f.name === name)
    if (!fn) fail('undefined', `'${decl.name}' has no function '${name}'`, e.callee.loc)
    if (fn.visibility === 'Public' && decl.kind === 'Contract' && !onOther) fail('structure', `public function '${name}' cannot be called`, e.loc)
    if (!fn.isStatic && !onInstance) fail('structure', `'${name}' is not static`, e.loc)
    if (e.args.length !== fn.params.length) fail('arguments', `'${name}' takes ${fn.params.length} argument${fn.params.length === 1 ? '' : 's'} but got ${e.args.length}`, e.loc)
    const scope = { contract: decl, env }
    const types = fn.params.map((p) => this.decls.resolveType(p.type, scope))
    const args = this.args(e.args, types)
    fn.params.forEach((p, i) => {
      this.expectAssignable(types[i], args[i], e.args[i].loc)
      if (p.isStatic && !this.isCtc(e.args[i])) fail('constant', `argument '${p.name}' of '${name}' must be a compile-time constant`, e.args[i].loc)
    })
    if (!fn.returnType) return BOOL
    return this.decls.resolveType(fn.returnType, scope)
  }

  private newLibrary (e: Extract<Expr, { kind: 'new' }>, expected?: SType): SType {
    const lib = this.decls.contracts.get(e.name)
    if (!lib) fail('undefined', `'${e.name}' is neither a library nor a contract`, e.loc)
    let typeArgs: SType[] = (e.typeArgs ?? []).map((t) => this.type(t))
    if (lib.typeParams.length > 0 && typeArgs.length === 0) {
      // new HashedMap(b'') takes its type arguments from the declared type
      if (!expected || expected.kind !== 'library' || expected.name !== lib.name) fail('type', `cannot tell the type arguments of '${lib.name}' here (write ${lib.name}<...>)`, e.loc)
      typeArgs = expected.typeArgs ?? []
    }
    const type = this.decls.libraryType(lib, typeArgs, e.loc)
    const env = new Map(lib.typeParams.map((p, i) => [p, typeArgs[i]]))
    const params = lib.constructor
      ? lib.constructor.params.map((p) => this.decls.resolveType(p.type, { contract: lib, env }))
      : (type as Extract<SType, { kind: 'library' }>).fields.map((f) => f.type)
    if (e.args.length !== params.length) fail('arguments', `'${lib.name}' takes ${params.length} argument${params.length === 1 ? '' : 's'} but got ${e.args.length}`, e.loc)
    this.args(e.args, params).forEach((t, i) => this.expectAssignable(params[i], t, e.args[i].loc))
    return type
  }
}

/** Whether every path through the statements ends in a return (or exit). */
export function alwaysReturns (list: Stmt[]): boolean {
  const last = list[list.length - 1]
  if (!last) return false
  if (last.kind === 'return') return true
  if (last.kind === 'block') return alwaysReturns(last.body)
  if (last.kind === 'if') return last.else !== null && alwaysReturns(last.then) && alwaysReturns(last.else)
  return false
}
