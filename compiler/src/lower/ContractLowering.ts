import type { ContractDecl, FunctionDecl, Loc, Stmt } from '../syntax/ast'
import { CompileError } from '../diagnostics/CompileError'
import { IR, IRContract, IRMethod, IRStmt, constBool, ops } from '../ir/ir'
import { SType, bytesOf, flattenType } from '../semantic/types'
import { Value, cloneIR, defaultValue, leaves, scalar, unflatten } from './values'
import { assignedNames, usesState } from './scan'
import { parseAsm } from './asm'
import type { ContractLoweringPart, Parts } from './parts'
import type { LoweringState } from './LoweringState'
import type { SharedPrologue } from './LoweringState'

/** A constructor argument's value, or how to build it (a library instance built by its own constructor). */
type CtorValue = Value | (() => Value)

/** Whether a code separator comes before the first statement that checks a preimage. */
function separatorBeforeCheck (body: Stmt[]): boolean {
  const check = body.findIndex((s) => s.kind === 'require' && s.cond.kind === 'call' && s.cond.callee.kind === 'member' &&
    s.cond.callee.object.kind === 'ident' && s.cond.callee.object.name === 'Tx')
  const sep = body.findIndex((s) => s.kind === 'codeSeparator')
  return sep >= 0 && (check < 0 || sep < check)
}

/**
 * Lowers a contract to straight-line code: every function call is inlined, every loop
 * unrolled, structs and arrays are split into scalar variables and constants are folded.
 * This level lowers the contract itself: constructor values, the shared prologue, each public function.
 */
export class ContractLowering implements ContractLoweringPart {
  constructor (private readonly l: Parts) {}

  private get s (): LoweringState { return this.l.state }

  lowerContract (main: ContractDecl): IRContract {
    if (main.kind !== 'Contract') throw new CompileError('structure', 'the last declaration must be a contract', main.loc)
    this.s.current = main
    const ctorParams = main.constructor
      ? main.constructor.params.map((p) => ({ name: p.name, type: this.s.resolveType(p.type) }))
      : main.properties.map((p) => ({ name: p.name, type: this.s.resolveType(p.type) }))
    const placeholders: { id: number; name: string }[] = []
    const ctorValues = new Map<string, CtorValue>()
    for (const p of ctorParams) {
      const lib = p.type.kind === 'library' ? this.s.contracts.get(p.type.name) : undefined
      if (lib?.constructor) {
        // scryptlib takes the library's constructor arguments (placeholders <lib.ctor.x>); its
        // constructor builds the instance where the contract's constructor runs
        const libCtor = lib.constructor
        const env = new Map(lib.typeParams.map((t, i) => [t, (p.type as { typeArgs?: SType[] }).typeArgs![i]]))
        const args = libCtor.params.map((cp) => {
          const type = this.s.decls.resolveType(cp.type, { contract: lib, env })
          const irs = flattenType(type, `${p.name}.ctor.${cp.name}`).map((leaf) => {
            const id = this.s.nextId++
            placeholders.push({ id, name: leaf.path })
            return { k: 'var', id } as IR
          })
          return unflatten(type, irs)
        })
        ctorValues.set(p.name, () => this.l.calls.construct(lib, args.map((a) => this.l.storage.read(a)), main.loc, p.type))
        continue
      }
      const irs = flattenType(p.type, p.name).map((leaf) => {
        const id = this.s.nextId++
        placeholders.push({ id, name: leaf.path })
        return { k: 'var', id } as IR
      })
      ctorValues.set(p.name, unflatten(p.type, irs))
    }
    const publics = main.functions.filter((f) => f.visibility === 'Public')
    if (publics.length === 0) throw new CompileError('structure', `contract '${main.name}' has no public function`, main.loc)
    // When every public function starts by checking its preimage, one check (and one reading
    // of the state) placed before the dispatch serves them all.
    const checks = publics.map((f) => this.leadingPreimageCheck(f))
    const shared = checks.every((c) => c !== null) ? this.lowerPrologue(main, ctorValues) : null
    const methods = publics.map((f, i) => {
      const m = this.lowerMethod(main, f, ctorValues, shared)
      if (shared) { m.preimageIndex = checks[i]!.index; m.sighashType = checks[i]!.type }
      return m
    })
    const prologue = shared
      ? { body: shared.body, preimage: shared.preimage, sighashType: shared.sighashType, outputs: shared.outputs }
      : undefined
    return { placeholders, methods, prologue }
  }

  /** `require(Tx.checkPreimage[SigHashType](p[, SigHashType(b'..')]))` as a function's first statement. */
  private leadingPreimageCheck (f: FunctionDecl): { index: number; type: string } | null {
    const first = f.body[0]
    if (!first || first.kind !== 'require' || first.cond.kind !== 'call') return null
    const call = first.cond
    if (call.callee.kind !== 'member' || call.callee.object.kind !== 'ident' || call.callee.object.name !== 'Tx' || this.s.lookup('Tx')) return null
    let type: string
    if ((call.callee.name === 'checkPreimage' || call.callee.name === 'checkPreimageOpt') && call.args.length === 1) type = '41'
    else if (call.callee.name === 'checkPreimageSigHashType' && call.args.length === 2) {
      const t = call.args[1]
      if (t.kind !== 'call' || t.callee.kind !== 'ident' || t.callee.name !== 'SigHashType' || t.args.length !== 1 || t.args[0].kind !== 'bytes') return null
      type = t.args[0].value
      if (type.length !== 2) return null
    } else return null
    const arg = call.args[0]
    if (arg.kind !== 'ident') return null
    let index = 0
    for (const p of f.params) {
      if (p.name === arg.name) {
        return p.type.kind === 'named' && p.type.name === 'SigHashPreimage' ? { index, type } : null
      }
      index += flattenType(this.s.resolveType(p.type)).length
    }
    return null
  }

  private lowerPrologue (main: ContractDecl, ctorValues: Map<string, CtorValue>): SharedPrologue {
    this.s.out = []
    this.s.mutableVars = new Set()
    this.s.lengthFacts = new Map()
    this.s.method = { codePart: null, stateScriptCalls: 0 }
    this.s.current = main
    const preimage = this.s.nextId++
    const sighashType = this.s.nextId++
    const props = new Map<string, Value | undefined>()
    this.s.thisCtx = { decl: main, props }
    const genesis = this.evalConstructor(main, ctorValues, props)
    this.s.scopes = [new Map()]
    const ok = this.l.calls.callFunction(this.s.contracts.get('Tx')!, 'checkPreimageSigHashType',
      [scalar(bytesOf('SigHashPreimage'), { k: 'var', id: preimage }), scalar(bytesOf('SigHashType'), { k: 'var', id: sighashType })], null, main.loc)!
    this.s.out.push({ k: 'verify', e: (ok as { ir: IR }).ir })
    const outputs: number[] = []
    let codePart: number | null = null
    const state = new Map<string, Value>()
    if (main.properties.some((p) => p.state)) {
      const decoded = this.decodeState(main, { k: 'var', id: preimage }, genesis, main.loc)
      codePart = decoded.codePart
      outputs.push(codePart)
      for (const [name, v] of decoded.values) {
        state.set(name, v)
        for (const l of leaves(v)) outputs.push((l.ir as { id: number }).id)
      }
    }
    return { body: this.withPrelude(), preimage, sighashType, outputs, codePart, state }
  }

  /** Runs the constructor: fills the non-state properties, returns the state properties' genesis values. */
  private evalConstructor (main: ContractDecl, ctorValues: Map<string, CtorValue>, props: Map<string, Value | undefined>): Map<string, Value> {
    const genesis = new Map<string, Value>()
    const values = new Map<string, Value>([...ctorValues].map(([k, v]) => [k, typeof v === 'function' ? v() : v]))
    if (main.constructor) {
      this.s.scopes = [values, new Map()]
      this.s.assigned = assignedNames(main.constructor.body)
      const body = main.constructor.body.filter((s) => !(s.kind === 'expr' && s.expr.kind === 'call' && s.expr.callee.kind === 'ident' && s.expr.callee.name === 'super'))
      const simple = body.every((s) => s.kind === 'assign' && s.op === '=' && s.target.kind === 'member' && s.target.object.kind === 'this')
      if (simple) {
        // only property initializations: each value is kept as it is (a constructor value, mostly)
        for (const s of body as Extract<Stmt, { kind: 'assign' }>[]) {
          const prop = main.properties.find((p) => p.name === (s.target as { name: string }).name)
          if (!prop) throw new CompileError('undefined', `unknown property '${(s.target as { name: string }).name}'`, s.target.loc)
          const v = this.l.expressions.expr(s.value, this.s.resolveType(prop.type))
          if (prop.state) genesis.set(prop.name, v)
          else props.set(prop.name, this.l.storage.materialize(v, !prop.isConst))
        }
        this.defaultsOfUnassigned(main, props, genesis)
        return genesis
      }
      // any statements (require, a loop filling an array property, ...) run as in a function
      this.l.statements.stmts(body)
      this.defaultsOfUnassigned(main, props, genesis)
      // state properties start from the constructor's values only in the genesis output
      for (const p of main.properties.filter((x) => x.state)) {
        const v = props.get(p.name)
        if (v !== undefined) genesis.set(p.name, this.l.storage.read(v))
        props.set(p.name, undefined)
      }
    } else {
      for (const p of main.properties) {
        if (p.state) genesis.set(p.name, this.l.storage.read(values.get(p.name)!))
        else props.set(p.name, this.l.storage.materialize(values.get(p.name)!, !p.isConst))
      }
    }
    return genesis
  }

  /** The function's statements, after the definitions of the statics it changes (their initial values). */
  private withPrelude (): IRStmt[] {
    const prelude = this.s.method.prelude ?? []
    return prelude.length > 0 ? [...prelude, ...this.s.out] : this.s.out
  }

  /** As the official compiler: a property the constructor does not assign has its type's default value. */
  private defaultsOfUnassigned (main: ContractDecl, props: Map<string, Value | undefined>, genesis: Map<string, Value>): void {
    for (const p of main.properties) {
      if (props.get(p.name) !== undefined || genesis.has(p.name)) continue
      const v = defaultValue(this.s.resolveType(p.type))
      if (p.state) genesis.set(p.name, v)
      else props.set(p.name, this.l.storage.materialize(v, !p.isConst))
    }
  }

  /** Reads the state from the preimage's script code; the genesis output takes the constructor's values. */
  private decodeState (main: ContractDecl, preimage: IR, genesis: Map<string, Value>, at: Loc): { codePart: number; values: Map<string, Value> } {
    const stateProps = main.properties.filter((p) => p.state)
    const scriptCode = this.l.calls.callFunction(this.s.contracts.get('SigHash')!, 'scriptCode', [scalar(bytesOf('SigHashPreimage'), preimage)], null, at)!
    const types = stateProps.map((p) => this.s.resolveType(p.type))
    const decoded = this.s.codec.decode(scriptCode, types, () => this.s.nextId++, this.s.out)
    const values = new Map<string, Value>()
    // one choice for all scalars: the constructor's values in the genesis output, else the decoded ones
    const outs: number[] = []
    const thenVals: IR[] = []
    const elseVals: IR[] = []
    stateProps.forEach((p, i) => {
      const g = genesis.get(p.name)
      if (!g) throw new CompileError('structure', `the constructor does not assign state property '${p.name}'`, p.loc)
      const ids = leaves(decoded.values[i]).map(() => this.s.nextId++)
      outs.push(...ids)
      thenVals.push(...leaves(g).map((l) => l.ir))
      elseVals.push(...leaves(decoded.values[i]).map((l) => l.ir))
      values.set(p.name, unflatten(types[i], ids.map((id) => ({ k: 'var', id }) as IR)))
    })
    this.s.out.push({ k: 'if', c: { k: 'var', id: decoded.isGenesis }, then: [], else: [], outs, thenVals, elseVals })
    return { codePart: decoded.codePart, values }
  }

  private lowerMethod (main: ContractDecl, f: FunctionDecl, ctorValues: Map<string, CtorValue>, shared: SharedPrologue | null): IRMethod {
    this.s.out = []
    this.s.mutableVars = new Set()
    this.s.lengthFacts = new Map()
    this.s.method = { codePart: null, stateScriptCalls: 0 }
    this.s.current = main
    const params: number[] = []
    const paramScope = new Map<string, Value>()
    const assignedInBody = assignedNames(f.body)
    for (const p of f.params) {
      const type = this.s.resolveType(p.type)
      const irs = flattenType(type).map(() => {
        const id = this.s.nextId++
        params.push(id)
        if (assignedInBody.has(p.name)) this.s.mutableVars.add(id)
        return { k: 'var', id } as IR
      })
      paramScope.set(p.name, unflatten(type, irs))
    }
    const props = new Map<string, Value | undefined>()
    this.s.thisCtx = { decl: main, props }
    const stateProps = main.properties.filter((p) => p.state)
    const genesis = this.evalConstructor(main, ctorValues, props)
    this.s.scopes = [paramScope]
    let values: Map<string, Value> | null = null
    if (shared) {
      this.s.method.codePart = shared.codePart
      if (shared.codePart !== null) values = shared.state
    } else if (stateProps.length > 0 && usesState(f.body, main, this.s.contracts)) {
      const pre = f.params.find((p) => p.type.kind === 'named' && p.type.name === 'SigHashPreimage')
      if (!pre) throw new CompileError('structure', `public function '${f.name}' reads the contract's state but has no SigHashPreimage parameter (use this.ctx)`, f.loc)
      const preimage = paramScope.get(pre.name) as Extract<Value, { kind: 'scalar' }>
      const decoded = this.decodeState(main, cloneIR(preimage.ir), genesis, f.loc)
      this.s.method.codePart = decoded.codePart
      values = decoded.values
    }
    if (values) {
      for (const [name, v] of values) {
        for (const l of leaves(v)) this.s.mutableVars.add((l.ir as { id: number }).id)
        props.set(name, v)
      }
    }
    this.s.assigned = assignedNames(f.body)
    if (f.body.length === 1 && f.body[0].kind === 'asm') {
      // the function's arguments are on the stack, in order; its asm leaves the result
      const count = (name: string) => { const v = this.s.decls.constValue({ kind: 'ident', name, loc: main.loc }, { contract: main }); return typeof v === 'bigint' ? v : undefined }
      const code = parseAsm(f.body[0].text, `${main.name}.${f.name}`, f.body[0].loc, count)
      return { name: f.name, params, body: this.withPrelude(), result: ops(params.map((id) => ({ k: 'var', id }) as IR), ...code) }
    }
    if (values && separatorBeforeCheck(f.body)) {
      throw new CompileError('unsupported', `'${f.name}' reads the contract's state after a code separator: its preimage holds only the script after the separator`, f.loc)
    }
    // with a shared prologue, the function's own preimage check has already run
    const body = shared ? f.body.slice(1) : [...f.body]
    const last = body[body.length - 1]
    let result: IR = constBool(true)
    this.s.scopes.push(new Map())
    if (last && last.kind === 'require') {
      body.pop()
      this.l.statements.stmts(body)
      result = this.l.expressions.boolExpr(last.cond)
    } else {
      this.l.statements.stmts(body)
    }
    const stateScript = this.s.method.stateScriptCalls === 1 ? this.s.method.stateScript : undefined
    return { name: f.name, params, body: this.withPrelude(), result, stateScript }
  }
}
