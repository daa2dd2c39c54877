import type { ContractDecl, Loc, TypeNode } from '../syntax/ast'
import type { Declarations } from '../semantic/Declarations'
import { CompileError } from '../diagnostics/CompileError'
import type { IRStmt } from '../ir/ir'
import { SType, assignable, typeName } from '../semantic/types'
import type { Value } from './values'
import { StateCodec } from './StateCodec'

export interface ThisCtx {
  decl: ContractDecl;
  props: Map<string, Value | undefined>;
  /** A generic library instance's type arguments, by parameter (K -> int). */
  env?: Map<string, SType>;
  /** An instance of another contract (built with new): its public functions may be called. */
  instance?: boolean;
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
  /** Definitions placed before the function's statements (the initial values of statics it changes). */
  prelude?: IRStmt[];
  /** Statics that are not const: variables of the whole public function, by `Declaration.name`. */
  mutableStatics?: Map<string, Value>;
}

export const MAX_INLINE_DEPTH = 64

/**
 * What lowering works on: the declarations and their resolved types, the scopes, `this`, the
 * statements being emitted and what is known about them: the state every part of the lowering
 * (Storage, Expressions, Calls, Statements, ContractLowering; see Lowering.ts) shares.
 */
export class LoweringState {
  nextId = 1
  out: IRStmt[] = []
  scopes: Map<string, Value>[] = []
  thisCtx: ThisCtx | null = null
  current!: ContractDecl
  assigned = new Set<string>()
  /** Variables that are storage of something assignable (their value can change). */
  mutableVars = new Set<number>()
  depth = 0
  method: MethodState = { codePart: null, stateScriptCalls: 0 }
  /** How many branches (if, ?:, short-circuit) enclose the code being lowered. */
  branchDepth = 0
  /** Lengths of byte strings established by earlier require(len(x) == n) statements. */
  lengthFacts = new Map<number, bigint>()
  readonly codec: StateCodec
  /** Static constants already lowered, by `Declaration.name`. */
  readonly statics = new Map<string, Value>()
  /** Generic type parameters bound while a generic library's function is inlined (K -> int). */
  typeEnv = new Map<string, SType>()
  /** The statement being lowered: where an internal error is reported. */
  lastLoc: Loc | null = null

  constructor (readonly decls: Declarations) {
    this.codec = new StateCodec()
  }

  get contracts (): Map<string, ContractDecl> { return this.decls.contracts }

  /** Fresh variable ids for later passes. */
  idAllocator (): () => number {
    return () => this.nextId++
  }

  resolveType (t: TypeNode): SType {
    return this.decls.resolveType(t, { contract: this.current, env: this.typeEnv })
  }

  lookup (name: string): Value | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const v = this.scopes[i].get(name)
      if (v) return v
    }
    return undefined
  }

  requireThis (at: Loc): ThisCtx {
    if (!this.thisCtx) throw new CompileError('structure', "'this' is not available in a static function", at)
    return this.thisCtx
  }

  check (expected: SType, v: Value, at: Loc): void {
    if (!assignable(expected, v.type)) throw new CompileError('type', `type mismatch: expecting ${typeName(expected)} but got ${typeName(v.type)}`, at)
  }

  retype (v: Value, type: SType): Value {
    if (v.kind === 'scalar') return { ...v, type }
    if (v.kind === 'array' && type.kind === 'array') return { kind: 'array', type, items: v.items.map((x) => this.retype(x, type.elem)) }
    if (v.kind === 'struct' && (type.kind === 'struct' || type.kind === 'library')) return { kind: 'struct', type, fields: v.fields.map((x, i) => this.retype(x, type.fields[i].type)) }
    return v
  }
}
