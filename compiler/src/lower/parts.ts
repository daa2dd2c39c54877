import type { ContractDecl, Expr, Loc, Stmt } from '../syntax/ast'
import type { IR, IRContract, IRStmt } from '../ir/ir'
import type { SType } from '../semantic/types'
import type { Value } from './values'
import type { LoweringState, ThisCtx } from './LoweringState'

// The parts the lowering is composed of, as interfaces: what each part offers the others. A
// part reaches the others (and the shared state) through Parts, so no part imports another.

/** Values in variables, lvalues, assignment, branches lowered apart (Storage.ts). */
export interface StoragePart {
  read (v: Value): Value
  capture (fn: () => void): IRStmt[]
  materialize (v: Value, mutable: boolean): Value
  temp (ir: IR): IR
  assign (target: Expr, v: Value): void
  incdec (target: Expr, op: '++' | '--', at: Loc): Value
  typeOfLvalue (e: Expr): SType
  locations (e: Expr, forWrite?: boolean): { conds: IR[]; node: Value | null; define?: (v: Value) => void }[]
  learnLengths (c: IR): void
}

/** Expressions: operators, constants, choices at run time, members and statics (Expressions.ts). */
export interface ExpressionsPart {
  expr (e: Expr, expected?: SType): Value
  seq (list: Expr[], expected?: (SType | undefined)[]): Value[]
  boolExpr (e: Expr): IR
  intExpr (e: Expr): IR
  constInt (e: Expr): bigint
  conditional (c: IR, thenFn: () => Value, elseFn: () => Value, at: Loc): Value
  binary (op: string, l: Value, r: Value, at: Loc): Value
  staticStorage (decl: ContractDecl, name: string): Value | undefined
}

/** Calls: built-ins, inlined functions, library instances, the state script (Calls.ts). */
export interface CallsPart {
  call (e: Extract<Expr, { kind: 'call' }>, expected?: SType): Value
  callFunction (decl: ContractDecl, name: string, args: Value[], ctx: ThisCtx | null, at: Loc): Value | null
  construct (lib: ContractDecl, args: Value[], at: Loc, expected?: SType, e?: Extract<Expr, { kind: 'new' }>): Value
  constructorTypes (lib: ContractDecl, e: Extract<Expr, { kind: 'new' }>, expected?: SType): SType[]
}

/** Statements (Statements.ts). */
export interface StatementsPart {
  stmts (list: Stmt[]): void
}

/** The contract: constructor values, the shared prologue, each public function (ContractLowering.ts). */
export interface ContractLoweringPart {
  lowerContract (main: ContractDecl): IRContract
}

/** The whole lowering: the shared state and every part. */
export interface Parts {
  readonly state: LoweringState
  readonly storage: StoragePart
  readonly expressions: ExpressionsPart
  readonly calls: CallsPart
  readonly statements: StatementsPart
  readonly contract: ContractLoweringPart
}
