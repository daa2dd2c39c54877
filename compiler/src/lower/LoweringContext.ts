import type { ContractDecl, Expr, Loc, Stmt, TypeNode } from '../syntax/ast'
import type { Declarations } from '../semantic/Declarations'
import { CompileError } from '../diagnostics/CompileError'
import type { IR, IRStmt } from '../ir/ir'
import { SType, assignable, typeName } from '../semantic/types'
import type { Value } from './values'
import { StateCodec } from './StateCodec'

export interface ThisCtx {
  decl: ContractDecl;
  props: Map<string, Value | undefined>;
  /** A generic library instance's type arguments, by parameter (K -> int). */
  env?: Map<string, SType>;
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
  protected readonly state: StateCodec
  /** Static constants already lowered, by `Declaration.name`. */
  protected readonly statics = new Map<string, Value>()
  /** Generic type parameters bound while a generic library's function is inlined (K -> int). */
  protected typeEnv = new Map<string, SType>()
  /** The statement being lowered: where an internal error is reported. */
  lastLoc: Loc | null = null

  constructor (readonly decls: Declarations) {
    this.state = new StateCodec()
  }

  protected get contracts (): Map<string, ContractDecl> { return this.decls.contracts }

  /** Fresh variable ids for later passes. */
  idAllocator (): () => number {
    return () => this.nextId++
  }

  resolveType (t: TypeNode): SType {
    return this.decls.resolveType(t, { contract: this.current, env: this.typeEnv })
  }

  protected constInt (e: Expr): bigint {
    const saved = this.out
    this.out = []
    const v = this.expr(e)
    this.out = saved
    if (v.kind !== 'scalar' || v.ir.k !== 'const' || typeof v.ir.v !== 'bigint') {
      throw new CompileError('constant', 'expecting a compile-time constant integer', e.loc)
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
    if (!this.thisCtx) throw new CompileError('structure', "'this' is not available in a static function", at)
    return this.thisCtx
  }

  protected check (expected: SType, v: Value, at: Loc): void {
    if (!assignable(expected, v.type)) throw new CompileError('type', `type mismatch: expecting ${typeName(expected)} but got ${typeName(v.type)}`, at)
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
  protected abstract call (e: Extract<Expr, { kind: 'call' }>, expected?: SType): Value
  protected abstract construct (lib: ContractDecl, args: Value[], at: Loc, expected?: SType, e?: Extract<Expr, { kind: 'new' }>): Value
  protected abstract constructorTypes (lib: ContractDecl, e: Extract<Expr, { kind: 'new' }>, expected?: SType): SType[]
  abstract callFunction (decl: ContractDecl, name: string, args: Value[], ctx: ThisCtx | null, at: Loc): Value | null
  protected abstract materialize (v: Value, mutable: boolean): Value
  protected abstract read (v: Value): Value
}
