import { ContractDecl, Expr, Loc, Program, TypeNode } from '../syntax/ast'
import { typeName } from '../semantic/types'
import type { Declarations } from '../semantic/Declarations'

// The AST document scryptlib reads (compilerWrapper's parserAst and its get*Declaration helpers).

const src = (loc: Loc) => `${loc.file ?? 'stdin'}:${loc.line}:${loc.column}:${loc.endLine}:${loc.endColumn}`

/** A static constant's value as the AST writes it (null when it is not a scalar constant). */
function constExpr (decls: Declarations, owner: ContractDecl, e: Expr, type: string): object | null {
  const c = decls.constValue(e, { contract: owner })
  if (c === undefined) return null
  if (typeof c === 'bigint') return { nodeType: 'IntLiteral', value: c }
  if (typeof c === 'boolean') return { nodeType: 'BoolLiteral', value: c }
  const bytes = (c.match(/../g) ?? []).map((h) => parseInt(h, 16))
  if (type === 'bytes') return { nodeType: 'BytesLiteral', value: bytes }
  return { nodeType: 'FunctionCall', name: type, params: [{ nodeType: 'BytesLiteral', value: bytes }] }
}

function contractNode (c: ContractDecl, decls: Declarations): object {
  const env = decls.ownEnv(c)
  const t = (node: TypeNode) => typeName(decls.resolveType(node, { contract: c, env }))
  // An implicit constructor is written as null: scryptlib then takes the properties as its
  // parameters (and names a library's placeholders after them, not `ctor.<name>`).
  const ctor = c.constructor
    ? { nodeType: 'Constructor', params: c.constructor.params.map((p) => ({ name: p.name, type: t(p.type), src: src(p.loc) })), src: src(c.constructor.loc) }
    : null
  return {
    nodeType: c.kind,
    name: c.name,
    src: src(c.loc),
    genericTypes: c.typeParams,
    properties: c.properties.map((p) => ({ name: p.name, type: t(p.type), state: p.state, const: p.isConst, src: src(p.loc) })),
    statics: c.statics.map((s) => ({ name: s.name, type: t(s.type), const: s.isConst, expr: constExpr(decls, c, s.value, t(s.type)) ?? { nodeType: 'Unknown' }, src: src(s.loc) })),
    constructor: ctor,
    functions: c.functions.map((f) => ({
      nodeType: 'Function',
      name: f.name,
      visibility: f.visibility,
      static: f.isStatic,
      params: f.params.map((p) => ({ name: p.name, type: t(p.type), src: src(p.loc) })),
      returnType: f.returnType ? t(f.returnType) : f.visibility === 'Public' ? 'bool' : 'void',
      src: src(f.loc),
    })),
  }
}

/** The AST of one file (scryptc keys the main file `stdin`, imported ones by their path). */
export function buildScryptlibAst (program: Program, decls: Declarations): object {
  return {
    contracts: program.contracts.map((c) => contractNode(c, decls)),
    structs: program.structs.map((s) => {
      const env = new Map(s.typeParams.map((p) => [p, { kind: 'param', name: p } as const]))
      return {
        name: s.name,
        src: src(s.loc),
        genericTypes: s.typeParams,
        fields: s.fields.map((f) => ({ name: f.name, type: typeName(decls.resolveType(f.type, { env })), src: src(f.loc) })),
      }
    }),
    alias: program.aliases.map((a) => ({ alias: a.name, type: typeName(decls.resolveType(a.type)), src: src(a.loc) })),
  }
}

/** JSON with bigints written as plain (arbitrarily large) numbers, as scryptlib's JSON-bigint parser expects. */
export function toJson (value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `__bigint__${v.toString()}` : v), 1)
    .replace(/"__bigint__(-?\d+)"/g, '$1')
}
