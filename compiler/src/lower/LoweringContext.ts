import type { ContractDecl, Expr, Loc, Program, Stmt, TypeNode } from '../syntax/ast'
import { CompileError } from '../syntax/CompileError'
import type { IR, IRStmt } from '../ir/ir'
import { BOOL, BYTES_TYPES, SType, assignable, bytesOf, typeName } from '../semantic/types'
import type { Value } from './values'
import { StateCodec } from './StateCodec'

export interface ThisCtx {
  decl: ContractDecl;
  props: Map<string, Value | undefined>;
}

export interface SharedPrologue {
  body: IRStmt[];
  preimage: number;
  sighashType: number;
  /** Variables the prologue leaves for the functions: the code part, then the state scalars. */
  outputs: number[];
  codePart: number | null;
  state: Map<string, Value>;
}

interface MethodState {
  /** The locking script's code part up to and including OP_RETURN (for getStateScript). */
  codePart: number | null;
  /** The variable of the one getStateScript() computed unconditionally, if there is exactly one. */
  stateScript?: number;
  stateScriptCalls: number;
}

export const MAX_INLINE_DEPTH = 64

/**
 * What lowering works on: the declarations and their resolved types, the scopes, `this`, the
 * statements being emitted and what is known about them. The lowering itself is split by concern
 * into the subclasses: StorageLowering, ExpressionLowering, CallLowering, StatementLowering and Lowerer.
 */
export abstract class LoweringContext {
  protected nextId = 1
  protected out: IRStmt[] = []
  protected scopes: Map<string, Value>[] = []
  protected thisCtx: ThisCtx | null = null
  protected current!: ContractDecl
  protected assigned = new Set<string>()
  /** Variables that are storage of something assignable (their value can change). */
  protected mutableVars = new Set<number>()
  protected depth = 0
  protected method: MethodState = { codePart: null, stateScriptCalls: 0 }
  /** How many branches (if, ?:, short-circuit) enclose the code being lowered. */
  protected branchDepth = 0
  /** Lengths of byte strings established by earlier require(len(x) == n) statements. */
  protected lengthFacts = new Map<number, bigint>()
  protected readonly structs = new Map<string, SType>()
  protected readonly contracts = new Map<string, ContractDecl>()
  protected readonly aliases = new Map<string, TypeNode>()
  protected readonly statics = new Map<string, Value>()
  protected readonly state: StateCodec

  constructor (private readonly program: Program, std: Program) {
    for (const p of [std, program]) {
      for (const a of p.aliases) this.aliases.set(a.name, a.type)
      for (const c of p.contracts) {
        if (this.contracts.has(c.name)) throw new CompileError(`'${c.name}' is already defined`, c.loc)
        this.contracts.set(c.name, c)
      }
    }
    for (const s of [...std.structs, ...program.structs]) {
      if (this.structs.has(s.name)) throw new CompileError(`struct '${s.name}' is already defined`, s.loc)
      this.structs.set(s.name, { kind: 'struct', name: s.name, fields: [] })
    }
    for (const s of [...std.structs, ...program.structs]) {
      const t = this.structs.get(s.name) as Extract<SType, { kind: 'struct' }>
      t.fields = s.fields.map((f) => ({ name: f.name, type: this.resolveType(f.type) }))
    }
    this.state = new StateCodec()
  }

  /** Fresh variable ids for later passes. */
  idAllocator (): () => number {
    return () => this.nextId++
  }

  resolveType (t: TypeNode): SType {
    if (t.kind === 'array') {
      const size = this.constInt(t.size)
      if (size < 0n) throw new CompileError('array size must not be negative', t.loc)
      return { kind: 'array', elem: this.resolveType(t.elem), size: Number(size) }
    }
    const name = t.name
    if (name === 'int' || name === 'PrivKey') return { kind: 'int', name }
    if (name === 'bool') return BOOL
    if (BYTES_TYPES.includes(name)) return bytesOf(name)
    const s = this.structs.get(name)
    if (s) return s
    const alias = this.aliases.get(name)
    if (alias) return this.resolveType(alias)
    const lib = this.contracts.get(name)
    if (lib && lib.kind === 'Library') {
      return { kind: 'library', name, fields: lib.properties.map((p) => ({ name: p.name, type: this.resolveType(p.type) })) }
    }
    throw new CompileError(`unknown type '${name}'`, t.loc)
  }

  protected constInt (e: Expr): bigint {
    const saved = this.out
    this.out = []
    const v = this.expr(e)
    this.out = saved
    if (v.kind !== 'scalar' || v.ir.k !== 'const' || typeof v.ir.v !== 'bigint') {
      throw new CompileError('expecting a compile-time constant integer', e.loc)
    }
    return v.ir.v
  }

  protected lookup (name: string): Value | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const v = this.scopes[i].get(name)
      if (v) return v
    }
    return undefined
  }

  protected requireThis (at: Loc): ThisCtx {
    if (!this.thisCtx) throw new CompileError("'this' is not available in a static function", at)
    return this.thisCtx
  }

  protected check (expected: SType, v: Value, at: Loc): void {
    if (!assignable(expected, v.type)) throw new CompileError(`type mismatch: expecting ${typeName(expected)} but got ${typeName(v.type)}`, at)
  }

  protected retype (v: Value, type: SType): Value {
    if (v.kind === 'scalar') return { ...v, type }
    if (v.kind === 'array' && type.kind === 'array') return { kind: 'array', type, items: v.items.map((x) => this.retype(x, type.elem)) }
    if (v.kind === 'struct' && (type.kind === 'struct' || type.kind === 'library')) return { kind: 'struct', type, fields: v.fields.map((x, i) => this.retype(x, type.fields[i].type)) }
    return v
  }

  // implemented by the subclasses, which all lower through one another

  abstract expr (e: Expr, expected?: SType): Value
  abstract boolExpr (e: Expr): IR
  abstract intExpr (e: Expr): IR
  protected abstract stmts (list: Stmt[]): void
  protected abstract call (e: Extract<Expr, { kind: 'call' }>): Value
  protected abstract construct (lib: ContractDecl, args: Value[], at: Loc): Value
  abstract callFunction (decl: ContractDecl, name: string, args: Value[], ctx: ThisCtx | null, at: Loc): Value | null
  protected abstract materialize (v: Value, mutable: boolean): Value
  protected abstract read (v: Value): Value
}
