// Syntax tree of the sCrypt language, as the scrypt-ts transpiler writes it.

/** A source range: 1-based lines and columns, as scryptc reports them. */
export interface Loc { line: number; column: number; endLine: number; endColumn: number; file?: string }

export type TypeNode =
  | { kind: 'named'; name: string; typeArgs?: TypeNode[]; loc: Loc }
  | { kind: 'array'; elem: TypeNode; size: Expr; loc: Loc }

export type Expr =
  | { kind: 'int'; value: bigint; loc: Loc }
  | { kind: 'bool'; value: boolean; loc: Loc }
  | { kind: 'bytes'; value: string; loc: Loc }
  | { kind: 'ident'; name: string; typeArgs?: TypeNode[]; loc: Loc }
  | { kind: 'this'; loc: Loc }
  | { kind: 'member'; object: Expr; name: string; loc: Loc }
  | { kind: 'index'; object: Expr; index: Expr; loc: Loc }
  | { kind: 'slice'; object: Expr; start?: Expr; end?: Expr; loc: Loc }
  | { kind: 'call'; callee: Expr; args: Expr[]; loc: Loc }
  | { kind: 'new'; name: string; typeArgs?: TypeNode[]; args: Expr[]; loc: Loc }
  | { kind: 'unary'; op: string; operand: Expr; loc: Loc }
  | { kind: 'incdec'; op: '++' | '--'; prefix: boolean; target: Expr; loc: Loc }
  | { kind: 'binary'; op: string; left: Expr; right: Expr; loc: Loc }
  | { kind: 'ternary'; cond: Expr; then: Expr; else: Expr; loc: Loc }
  | { kind: 'structLit'; fields: Expr[]; loc: Loc }
  | { kind: 'arrayLit'; items: Expr[]; loc: Loc }

export type Stmt =
  | { kind: 'var'; type: TypeNode | null; name: string; init: Expr; isConst: boolean; loc: Loc }
  | { kind: 'assign'; target: Expr; op: string; value: Expr; loc: Loc }
  | { kind: 'expr'; expr: Expr; loc: Loc }
  | { kind: 'require'; cond: Expr; loc: Loc }
  | { kind: 'if'; cond: Expr; then: Stmt[]; else: Stmt[] | null; loc: Loc }
  | { kind: 'loop'; count: Expr; index: string | null; body: Stmt[]; loc: Loc }
  | { kind: 'return'; value: Expr | null; loc: Loc }
  | { kind: 'block'; body: Stmt[]; loc: Loc }
  /** `***`: an OP_CODESEPARATOR (checkSig after it signs only the script that follows it). */
  | { kind: 'codeSeparator'; loc: Loc }
  /** `asm { ... }`, the whole body of a function: its text, opcodes, hex pushes and `$variables`. */
  | { kind: 'asm'; text: string; loc: Loc }

/**
 * A parameter (or struct field); `isConst` for `const int x` (never assigned), `isStatic` for
 * `static const int N` (its argument must be a compile-time constant).
 */
export interface Param { name: string; type: TypeNode; isConst?: boolean; isStatic?: boolean; loc: Loc }

export interface FunctionDecl {
  name: string;
  visibility: 'Public' | 'Private' | 'Default';
  isStatic: boolean;
  params: Param[];
  returnType: TypeNode | null;
  body: Stmt[];
  loc: Loc;
}

export interface PropertyDecl { name: string; type: TypeNode; state: boolean; isConst: boolean; loc: Loc }
export interface StaticDecl { name: string; type: TypeNode; value: Expr; isConst: boolean; loc: Loc }

export interface ContractDecl {
  kind: 'Contract' | 'Library';
  name: string;
  /** Generic type parameters of a library (`library HashedMap<K, V>`). */
  typeParams: string[];
  properties: PropertyDecl[];
  statics: StaticDecl[];
  constructor: FunctionDecl | null;
  functions: FunctionDecl[];
  loc: Loc;
}

export interface StructDecl { name: string; typeParams: string[]; fields: Param[]; loc: Loc }
export interface AliasDecl { name: string; type: TypeNode; loc: Loc }

export interface Program {
  structs: StructDecl[];
  contracts: ContractDecl[];
  aliases: AliasDecl[];
  /** `import "path";` statements, in order. */
  imports: { path: string; loc: Loc }[];
}
