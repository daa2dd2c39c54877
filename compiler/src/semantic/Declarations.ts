import type { AliasDecl, ContractDecl, Expr, Loc, Program, StaticDecl, StructDecl, TypeNode } from '../syntax/ast'
import { CompileError, fail } from '../diagnostics/CompileError'
import { BOOL, BYTES_TYPES, Field, SType, bytesOf } from './types'
import { evalBinary, evalUnary } from './constants'

/** Where a type or constant is read: the declaration around it and the generic parameters in scope. */
export interface DeclScope {
  contract?: ContractDecl
  /** Generic type parameters bound in this scope (K -> int), or left as parameters (K -> K). */
  env?: Map<string, SType>
}

export type ConstValue = bigint | boolean | string

/**
 * Every declaration of a program and of the standard library, by name: structs, aliases,
 * contracts and libraries. Resolves type expressions (aliases, generics, array sizes) and
 * evaluates compile-time constants, for the checker, the lowering and the AST output alike.
 */
export class Declarations {
  readonly structs = new Map<string, StructDecl>()
  readonly aliases = new Map<string, AliasDecl>()
  readonly contracts = new Map<string, ContractDecl>()
  private readonly evaluating = new Set<string>()
  private readonly resolving = new Set<string>()
  private readonly staticValues = new Map<string, ConstValue | null>()

  constructor (program: Program, std: Program) {
    for (const p of [std, program]) {
      for (const a of p.aliases) {
        if (this.aliases.has(a.name)) fail('redefinition', `type '${a.name}' is already defined`, a.loc)
        this.aliases.set(a.name, a)
      }
      for (const c of p.contracts) {
        if (this.contracts.has(c.name)) fail('redefinition', `'${c.name}' is already defined`, c.loc)
        this.contracts.set(c.name, c)
      }
      for (const s of p.structs) {
        if (this.structs.has(s.name)) fail('redefinition', `struct '${s.name}' is already defined`, s.loc)
        this.structs.set(s.name, s)
      }
    }
    for (const c of this.contracts.values()) {
      for (const st of c.statics) {
        if (st.type.kind === 'named' && st.type.name === 'auto') st.type = { kind: 'named', name: this.autoType(c, st), loc: st.type.loc }
      }
    }
  }

  /** The type of `static auto x = value`: that of its compile-time constant value. */
  private autoType (decl: ContractDecl, st: StaticDecl): string {
    const v = this.staticValue(decl, st)
    if (typeof v === 'bigint') return 'int'
    if (typeof v === 'boolean') return 'bool'
    if (typeof v === 'string') {
      const cast = st.value.kind === 'call' && st.value.callee.kind === 'ident' ? st.value.callee.name : ''
      return BYTES_TYPES.includes(cast as never) ? cast : 'bytes'
    }
    return fail('constant', `the value of static '${st.name}' must be a compile-time constant to give its type (auto)`, st.value.loc)
  }

  /** A library declaration by name. */
  library (name: string): ContractDecl | undefined {
    const c = this.contracts.get(name)
    return c && c.kind === 'Library' ? c : undefined
  }

  resolveType (t: TypeNode, scope: DeclScope = {}): SType {
    if (t.kind === 'array') {
      const size = this.constValue(t.size, scope)
      if (typeof size !== 'bigint') fail('constant', 'array size must be a compile-time constant integer', t.size.loc)
      if (size <= 0n) fail('constant', 'array size must be positive', t.size.loc)
      return { kind: 'array', elem: this.resolveType(t.elem, scope), size: Number(size) }
    }
    const name = t.name
    const args = (t.typeArgs ?? []).map((a) => this.resolveType(a, scope))
    const noArgs = () => { if (args.length > 0) fail('type', `'${name}' is not generic`, t.loc) }
    const param = scope.env?.get(name)
    if (param) { noArgs(); return param }
    if (name === 'int' || name === 'PrivKey') { noArgs(); return { kind: 'int', name } }
    if (name === 'bool') { noArgs(); return BOOL }
    if (BYTES_TYPES.includes(name)) { noArgs(); return bytesOf(name) }
    const s = this.structs.get(name)
    if (s) return this.structType(s, args, t.loc)
    const alias = this.aliases.get(name)
    if (alias) {
      noArgs()
      if (this.resolving.has(`alias:${name}`)) fail('type', `type alias '${name}' refers to itself`, t.loc)
      this.resolving.add(`alias:${name}`)
      try { return this.resolveType(alias.type, {}) } finally { this.resolving.delete(`alias:${name}`) }
    }
    const lib = this.library(name)
    if (lib) return this.libraryType(lib, args, t.loc)
    // another contract used as a type: its instances are built and called like a library's
    const contract = this.contracts.get(name)
    if (contract) return this.libraryType(contract, args, t.loc)
    fail('undefined', `unknown type '${name}'`, t.loc)
  }

  /** The environment binding a generic declaration's parameters to the given arguments. */
  private bind (name: string, params: string[], args: SType[], at: Loc): Map<string, SType> {
    if (params.length === 0 && args.length > 0) fail('type', `'${name}' is not generic`, at)
    if (params.length > 0 && args.length !== params.length) {
      fail('type', `'${name}' needs ${params.length} type argument${params.length === 1 ? '' : 's'} (${name}<${params.join(', ')}>)`, at)
    }
    return new Map(params.map((p, i) => [p, args[i]]))
  }

  structType (s: StructDecl, args: SType[], at: Loc): SType {
    const env = this.bind(s.name, s.typeParams, args, at)
    const key = `struct:${s.name}`
    if (this.resolving.has(key)) fail('type', `struct '${s.name}' contains itself`, at)
    this.resolving.add(key)
    try {
      const fields: Field[] = s.fields.map((f) => ({ name: f.name, type: this.resolveType(f.type, { env }) }))
      return { kind: 'struct', name: s.name, fields, ...(args.length > 0 ? { typeArgs: args } : {}) }
    } finally {
      this.resolving.delete(key)
    }
  }

  libraryType (lib: ContractDecl, args: SType[], at: Loc): SType {
    const env = this.bind(lib.name, lib.typeParams, args, at)
    const key = `library:${lib.name}`
    if (this.resolving.has(key)) fail('type', `library '${lib.name}' contains itself`, at)
    this.resolving.add(key)
    try {
      const fields: Field[] = lib.properties.map((p) => ({ name: p.name, type: this.resolveType(p.type, { contract: lib, env }) }))
      return { kind: 'library', name: lib.name, fields, ...(args.length > 0 ? { typeArgs: args } : {}) }
    } finally {
      this.resolving.delete(key)
    }
  }

  /** The environment of a generic library's own body: each parameter stands for itself. */
  ownEnv (decl: ContractDecl): Map<string, SType> {
    return new Map(decl.typeParams.map((p) => [p, { kind: 'param', name: p } as SType]))
  }

  static (decl: ContractDecl, name: string): StaticDecl | undefined {
    return decl.statics.find((s) => s.name === name)
  }

  /**
   * The value of a compile-time constant expression: literals, static constants (qualified, or
   * unqualified inside their declaration), casts, and operators over those; undefined otherwise.
   */
  constValue (e: Expr, scope: DeclScope = {}): ConstValue | undefined {
    switch (e.kind) {
      case 'int': case 'bool': case 'bytes': return e.value
      case 'ident': {
        const st = scope.contract && this.static(scope.contract, e.name)
        return st && scope.contract ? this.staticValue(scope.contract, st) : undefined
      }
      case 'member': {
        if (e.object.kind === 'this' && scope.contract) {
          const st = this.static(scope.contract, e.name)
          return st ? this.staticValue(scope.contract, st) : undefined
        }
        if (e.object.kind !== 'ident') return undefined
        const decl = this.contracts.get(e.object.name)
        const st = decl && this.static(decl, e.name)
        return st && decl ? this.staticValue(decl, st) : undefined
      }
      case 'unary': {
        const v = this.constValue(e.operand, scope)
        return v === undefined ? undefined : evalUnary(e.op, v)
      }
      case 'binary': {
        const l = this.constValue(e.left, scope)
        if (l === undefined) return undefined
        if (e.op === '&&' && l === false) return false
        if (e.op === '||' && l === true) return true
        const r = this.constValue(e.right, scope)
        return r === undefined ? undefined : evalBinary(e.op, l, r)
      }
      case 'ternary': {
        const c = this.constValue(e.cond, scope)
        if (typeof c !== 'boolean') return undefined
        return this.constValue(c ? e.then : e.else, scope)
      }
      case 'call': {
        // casts of a constant keep its value: SigHashType(b'41'), int(3)
        if (e.callee.kind !== 'ident' || e.args.length !== 1) return undefined
        const n = e.callee.name
        if (!(BYTES_TYPES.includes(n) || n === 'int' || n === 'PrivKey' || n === 'bool')) return undefined
        return this.constValue(e.args[0], scope)
      }
      default: return undefined
    }
  }

  /** The value of a static constant (null: not a compile-time scalar constant). */
  private staticValue (decl: ContractDecl, st: StaticDecl): ConstValue | undefined {
    const key = `${decl.name}.${st.name}`
    if (this.staticValues.has(key)) return this.staticValues.get(key) ?? undefined
    if (this.evaluating.has(key)) throw new CompileError('constant', `static constant '${key}' is defined by itself`, st.loc)
    this.evaluating.add(key)
    try {
      const v = this.constValue(st.value, { contract: decl })
      this.staticValues.set(key, v ?? null)
      return v
    } finally {
      this.evaluating.delete(key)
    }
  }
}
