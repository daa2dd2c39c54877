import type { ContractDecl, Expr, FunctionDecl, Loc, Stmt } from '../syntax/ast'
import { CompileError } from '../diagnostics/CompileError'
import { IR, constBool, ops } from '../ir/ir'
import { BOOL, BYTES, INT, SType } from '../semantic/types'
import { castType } from '../semantic/builtinTypes'
import { Value, defaultValue, leaves, scalar } from './values'
import * as F from '../ir/fold'
import { callBuiltin, isBuiltin } from './builtins'
import { WRITE_VARINT } from './StateCodec'
import { assignedNames, containsReturn } from './scan'
import { normalizeReturns } from './returns'
import { parseAsm } from './asm'
import { ThisCtx, MAX_INLINE_DEPTH } from './LoweringState'
import type { CallsPart, Parts } from './parts'
import type { LoweringState } from './LoweringState'

/** Calls: built-in functions, inlining of contract and library functions, library construction, the state script. */
export class Calls implements CallsPart {
  constructor (private readonly l: Parts) {}

  private get s (): LoweringState { return this.l.state }

  call (e: Extract<Expr, { kind: 'call' }>, expected?: SType): Value {
    const callee = e.callee
    if (callee.kind === 'ident') {
      if (callee.name === 'exit') throw new CompileError('structure', 'exit() is a statement, not a value', e.loc)
      // a function of the same contract or library, named alone
      const decl = this.s.current
      const own = decl.functions.find((f) => f.name === callee.name)
      if (own) {
        const ctx = own.isStatic ? null : this.s.requireThis(callee.loc)
        const env = ctx?.env ?? this.s.typeEnv
        return this.callFunction(ctx?.decl ?? decl, callee.name, this.l.expressions.seq(e.args, this.paramTypes(decl, callee.name, env)), ctx, e.loc, env) ?? scalar(BOOL, constBool(true))
      }
      if (isBuiltin(callee.name)) {
        // repeat({ ... }, n): the element takes the element type the array is expected to have
        const hints = callee.name === 'repeat' && expected?.kind === 'array' ? [expected.elem] : []
        return callBuiltin(callee.name, this.l.expressions.seq(e.args, hints), e, (name) => castType(name), (x) => F.staticLength(x, this.s.lengthFacts))
      }
      throw new CompileError('undefined', `unknown function '${callee.name}'`, callee.loc)
    }
    if (callee.kind === 'member') {
      if (callee.object.kind === 'this') {
        const ctx = this.s.requireThis(callee.loc)
        if (callee.name === 'getStateScript' && e.args.length === 0 && ctx.decl.kind === 'Contract') {
          if (ctx.instance) throw new CompileError('unsupported', `getStateScript of an instance of '${ctx.decl.name}' (only the contract being compiled has a state script)`, e.loc)
          return this.stateScript(ctx, e.loc)
        }
        return this.callFunction(ctx.decl, callee.name, this.l.expressions.seq(e.args, this.paramTypes(ctx.decl, callee.name, ctx.env)), ctx, e.loc) ?? scalar(BOOL, constBool(true))
      }
      if (callee.object.kind === 'ident' && !this.s.lookup(callee.object.name) && this.s.contracts.has(callee.object.name)) {
        const decl = this.s.contracts.get(callee.object.name)!
        if (decl.name === 'Utils' && callee.name === 'buildOutput') {
          const shared = this.stateOutput(e)
          if (shared) return shared
        }
        const typeArgs = (callee.object.typeArgs ?? []).map((t) => this.s.resolveType(t))
        const env = new Map(decl.typeParams.map((p, i) => [p, typeArgs[i]]))
        return this.callFunction(decl, callee.name, this.l.expressions.seq(e.args, this.paramTypes(decl, callee.name, env)), null, e.loc, env) ?? scalar(BOOL, constBool(true))
      }
      // a method of a library instance (it may change the instance only if the instance may change)
      // (on a value that is not stored, such as a call's result, the method works on a copy)
      const locs = isStorage(callee.object)
        ? this.l.storage.locations(callee.object, false)
        : [{ conds: [], node: this.l.storage.materialize(this.l.expressions.expr(callee.object), true) }]
      if (locs.length !== 1 || locs[0].conds.length !== 0 || !locs[0].node) throw new CompileError('unsupported', 'unsupported method call', callee.loc)
      const node = locs[0].node
      if (node.kind !== 'struct' || node.type.kind !== 'library') throw new CompileError('type', `'${callee.name}' is not a method`, callee.loc)
      const decl = this.s.contracts.get(node.type.name)!
      const props = new Map<string, Value | undefined>()
      decl.properties.forEach((p, i) => props.set(p.name, node.fields[i]))
      const env = new Map(decl.typeParams.map((p, i) => [p, (node.type as { typeArgs?: SType[] }).typeArgs![i]]))
      // (a public function of another contract's instance is true when its requires pass)
      return this.callFunction(decl, callee.name, this.l.expressions.seq(e.args, this.paramTypes(decl, callee.name, env)), { decl, props, env, instance: true }, e.loc) ?? scalar(BOOL, constBool(true))
    }
    throw new CompileError('unsupported', 'unsupported call', e.loc)
  }

  /** The parameter types of a function, read in its own declaration (and generic environment). */
  private paramTypes (decl: ContractDecl, name: string, env: Map<string, SType> = new Map()): (SType | undefined)[] {
    const fn = decl.functions.find((f) => f.name === name)
    return fn ? fn.params.map((p) => this.s.decls.resolveType(p.type, { contract: decl, env })) : []
  }

  /** The argument types of `new Lib(...)` (its constructor's parameters, or its properties), and its type. */
  constructorTypes (lib: ContractDecl, e: Extract<Expr, { kind: 'new' }>, expected?: SType): SType[] {
    const { env } = this.instanceType(lib, e, expected)
    if (lib.constructor) return lib.constructor.params.map((p) => this.s.decls.resolveType(p.type, { contract: lib, env }))
    return lib.properties.map((p) => this.s.decls.resolveType(p.type, { contract: lib, env }))
  }

  /** The type `new Lib<...>(...)` builds: its type arguments written, or taken from the expected type. */
  private instanceType (lib: ContractDecl, e: Extract<Expr, { kind: 'new' }>, expected?: SType): { type: SType; env: Map<string, SType> } {
    let typeArgs = (e.typeArgs ?? []).map((t) => this.s.resolveType(t))
    if (lib.typeParams.length > 0 && typeArgs.length === 0 && expected && expected.kind === 'library' && expected.name === lib.name) typeArgs = expected.typeArgs ?? []
    const type = this.s.decls.libraryType(lib, typeArgs, e.loc)
    return { type, env: new Map(lib.typeParams.map((p, i) => [p, typeArgs[i]])) }
  }

  /** The type of an instance built without a `new` (a constructor parameter): the expected one's type arguments. */
  private expectedInstanceType (lib: ContractDecl, at: Loc, expected?: SType): { type: SType; env: Map<string, SType> } {
    const typeArgs = expected && expected.kind === 'library' && expected.name === lib.name ? expected.typeArgs ?? [] : []
    const type = this.s.decls.libraryType(lib, typeArgs, at)
    return { type, env: new Map(lib.typeParams.map((p, i) => [p, typeArgs[i]])) }
  }

  /** An asm loop's count named by a static constant of the declaration. */
  private asmConstant (decl: ContractDecl, name: string): bigint | undefined {
    const v = this.s.decls.constValue({ kind: 'ident', name, loc: decl.loc }, { contract: decl })
    return typeof v === 'bigint' ? v : undefined
  }

  /** Inlines a function of a contract or library; returns its result (null for no result). */
  callFunction (decl: ContractDecl, name: string, args: Value[], ctx: ThisCtx | null, at: Loc, staticEnv?: Map<string, SType>): Value | null {
    const fn = decl.functions.find((f) => f.name === name)
    if (!fn) throw new CompileError('undefined', `'${decl.name}' has no function '${name}'`, at)
    if (fn.visibility === 'Public' && decl.kind === 'Contract' && !ctx?.instance) throw new CompileError('structure', `public function '${name}' cannot be called`, at)
    if (!fn.isStatic && !ctx) throw new CompileError('structure', `'${name}' is not static`, at)
    if (args.length !== fn.params.length) throw new CompileError('arguments', `'${name}' takes ${fn.params.length} arguments but got ${args.length}`, at)
    if (++this.s.depth > MAX_INLINE_DEPTH) throw new CompileError('unsupported', `recursion in '${name}' is not supported`, at)
    const saved = { scopes: this.s.scopes, thisCtx: this.s.thisCtx, current: this.s.current, assigned: this.s.assigned, typeEnv: this.s.typeEnv }
    try {
      const env = ctx?.env ?? staticEnv ?? new Map<string, SType>()
      const assigned = assignedNames(fn.body)
      const scope = new Map<string, Value>()
      const types = fn.params.map((p) => this.s.decls.resolveType(p.type, { contract: decl, env }))
      fn.params.forEach((p, i) => {
        const type = types[i]
        this.s.check(type, args[i], at)
        const mutable = assigned.has(p.name) || type.kind === 'library'
        scope.set(p.name, this.l.storage.materialize(this.s.retype(args[i], type), mutable))
      })
      this.s.scopes = [scope]
      this.s.thisCtx = fn.isStatic ? null : ctx
      this.s.current = decl
      this.s.assigned = assigned
      this.s.typeEnv = env
      const type = fn.returnType ? this.s.resolveType(fn.returnType) : undefined
      if (fn.body.length === 1 && fn.body[0].kind === 'asm') {
        // the function's arguments are on the stack, in order; its asm leaves the result
        const code = parseAsm(fn.body[0].text, `${decl.name}.${fn.name}`, fn.body[0].loc, (n) => this.asmConstant(decl, n))
        const inputs = fn.params.flatMap((p) => leaves(scope.get(p.name)!).map((l) => l.ir))
        return scalar(type ?? BOOL, ops(inputs, ...code))
      }
      this.s.scopes.push(new Map())
      const v = this.tail(normalizeReturns(fn.body, (c) => this.l.expressions.constInt(c)), type)
      if (!v) return null
      if (type) this.s.check(type, v, fn.loc)
      return type ? this.s.retype(v, type) : v
    } finally {
      this.s.depth--
      this.s.scopes = saved.scopes
      this.s.thisCtx = saved.thisCtx
      this.s.current = saved.current
      this.s.assigned = saved.assigned
      this.s.typeEnv = saved.typeEnv
    }
  }

  /** Lowers a body whose returns are all in tail position; returns the returned value (null for none). */
  private tail (body: Stmt[], type: SType | undefined): Value | null {
    const last = body[body.length - 1]
    if (!last || !containsReturn(last)) { this.l.statements.stmts(body); return null }
    this.l.statements.stmts(body.slice(0, -1))
    if (last.kind === 'return') return last.value ? this.l.expressions.expr(last.value, type) : null
    if (last.kind === 'block') {
      this.s.scopes.push(new Map())
      try { return this.tail(last.body, type) } finally { this.s.scopes.pop() }
    }
    if (last.kind !== 'if') throw new CompileError('internal', 'a return left inside a loop', last.loc)
    const c = this.l.expressions.boolExpr(last.cond)
    const branch = (list: Stmt[]) => () => {
      this.s.scopes.push(new Map())
      try { return this.tail(list, type) } finally { this.s.scopes.pop() }
    }
    if (c.k === 'const') return branch(c.v ? last.then : last.else ?? [])()
    if (!type) {
      // nothing is returned: an if statement
      const thenCode = this.l.storage.capture(() => { branch(last.then)() })
      const elseCode = this.l.storage.capture(() => { branch(last.else ?? [])() })
      this.s.out.push({ k: 'if', c, then: thenCode, else: elseCode })
      return null
    }
    return this.l.expressions.conditional(c, () => branch(last.then)()!, () => branch(last.else ?? [])()!, last.loc)
  }

  construct (lib: ContractDecl, args: Value[], at: Loc, expected?: SType, e?: Extract<Expr, { kind: 'new' }>): Value {
    const { type, env } = e ? this.instanceType(lib, e, expected) : this.expectedInstanceType(lib, at, expected)
    const ctx: ThisCtx = { decl: lib, props: new Map(), env, instance: lib.kind === 'Contract' }
    if (lib.constructor) {
      const ctorFn: FunctionDecl = { ...lib.constructor, name: '__ctor', isStatic: false, visibility: 'Private' }
      const tmp: ContractDecl = { ...lib, functions: [ctorFn] }
      this.callFunction(tmp, '__ctor', args, ctx, at)
    } else {
      if (args.length !== lib.properties.length) throw new CompileError('arguments', `'${lib.name}' takes ${lib.properties.length} arguments`, at)
      lib.properties.forEach((p, i) => ctx.props.set(p.name, args[i]))
    }
    const fields = lib.properties.map((p) => {
      // as the official compiler: a property its constructor does not assign has its type's default value
      const v = ctx.props.get(p.name)
      return v ? this.l.storage.read(v) : defaultValue(this.s.decls.resolveType(p.type, { contract: lib, env }))
    })
    return { kind: 'struct', type, fields }
  }

  /**
   * Utils.buildOutput(this.getStateScript(), amount) (what buildStateOutput does): the varint
   * prefix goes into the state script's own statement, so functions sharing it share that too.
   */
  private stateOutput (e: Extract<Expr, { kind: 'call' }>): Value | null {
    const [first] = e.args
    const direct = e.args.length === 2 && first.kind === 'call' && first.args.length === 0 && first.callee.kind === 'member' &&
      first.callee.object.kind === 'this' && first.callee.name === 'getStateScript'
    if (!direct || this.s.branchDepth > 0) return null
    const [script, amount] = this.l.expressions.seq(e.args, [BYTES, INT])
    const last = this.s.out[this.s.out.length - 1]
    const id = script.kind === 'scalar' && script.ir.k === 'var' ? script.ir.id : -1
    if (!last || last.k !== 'let' || last.id !== id || this.s.method.stateScript !== id) {
      return this.callFunction(this.s.contracts.get('Utils')!, 'buildOutput', [script, amount], null, e.loc)
    }
    this.s.check(INT, amount, e.args[1].loc)
    last.e = ops([last.e], ...WRITE_VARINT)
    return scalar(BYTES, F.concat(F.toBin((amount as { ir: IR }).ir, { k: 'const', v: 8n }), { k: 'var', id }))
  }

  /** this.getStateScript(): the code part followed by the serialized current state. */
  private stateScript (ctx: ThisCtx, at: Loc): Value {
    if (this.s.method.codePart === null) throw new CompileError('structure', 'getStateScript needs the contract state (a SigHashPreimage parameter)', at)
    const values = ctx.decl.properties.filter((p) => p.state).map((p) => {
      const v = ctx.props.get(p.name)
      if (!v) throw new CompileError('structure', `state property '${p.name}' is not available`, at)
      return this.l.storage.read(v)
    })
    const script = this.s.codec.encode({ k: 'var', id: this.s.method.codePart }, values)
    this.s.method.stateScriptCalls++
    if (this.s.branchDepth > 0) return scalar(BYTES, script)
    // computed here, as its own statement: functions that all do this can share the code
    const id = this.s.nextId++
    this.s.out.push({ k: 'let', id, e: script })
    this.s.method.stateScript = id
    return scalar(BYTES, { k: 'var', id })
  }
}

/** Whether an expression names stored values (a variable, a property, their fields and elements). */
function isStorage (e: Expr): boolean {
  if (e.kind === 'ident' || e.kind === 'this') return true
  if (e.kind === 'member' || e.kind === 'index') return isStorage(e.object)
  return false
}
