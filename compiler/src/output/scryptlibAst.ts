import { ContractDecl, Expr, Loc, Program } from '../syntax/ast'
import { typeName } from '../semantic/types'
import { Lowerer } from '../lower/Lowerer'

// The AST document scryptlib reads (compilerWrapper's parserAst and its get*Declaration helpers).

const src = (loc: Loc) => `${loc.file ?? 'stdin'}:${loc.line}:${loc.column}:${loc.endLine}:${loc.endColumn}`

function constExpr (lowerer: Lowerer, e: Expr, type: string): object | null {
  try {
    const v = lowerer.expr(e)
    if (v.kind !== 'scalar' || v.ir.k !== 'const') return null
    const c = v.ir.v
    if (typeof c === 'bigint') return { nodeType: 'IntLiteral', value: c }
    if (typeof c === 'boolean') return { nodeType: 'BoolLiteral', value: c }
    const bytes = (c.match(/../g) ?? []).map((h) => parseInt(h, 16))
    if (type === 'bytes') return { nodeType: 'BytesLiteral', value: bytes }
    return { nodeType: 'FunctionCall', name: type, params: [{ nodeType: 'BytesLiteral', value: bytes }] }
  } catch {
    return null
  }
}

function contractNode (c: ContractDecl, lowerer: Lowerer): object {
  const t = (node: Parameters<Lowerer['resolveType']>[0]) => typeName(lowerer.resolveType(node))
  // An implicit constructor is written as null: scryptlib then takes the properties as its
  // parameters (and names a library's placeholders after them, not `ctor.<name>`).
  const ctor = c.constructor
    ? { nodeType: 'Constructor', params: c.constructor.params.map((p) => ({ name: p.name, type: t(p.type), src: src(p.loc) })), src: src(c.constructor.loc) }
    : null
  return {
    nodeType: c.kind,
    name: c.name,
    src: src(c.loc),
    genericTypes: [],
    properties: c.properties.map((p) => ({ name: p.name, type: t(p.type), state: p.state, const: p.isConst, src: src(p.loc) })),
    statics: c.statics.map((s) => ({ name: s.name, type: t(s.type), const: s.isConst, expr: constExpr(lowerer, s.value, t(s.type)) ?? { nodeType: 'Unknown' }, src: src(s.loc) })),
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
export function buildScryptlibAst (program: Program, lowerer: Lowerer): object {
  return {
    contracts: program.contracts.map((c) => contractNode(c, lowerer)),
    structs: program.structs.map((s) => ({
      name: s.name,
      src: src(s.loc),
      genericTypes: [],
      fields: s.fields.map((f) => ({ name: f.name, type: typeName(lowerer.resolveType(f.type)), src: src(f.loc) })),
    })),
    alias: program.aliases.map((a) => ({ alias: a.name, type: typeName(lowerer.resolveType(a.type)), src: src(a.loc) })),
  }
}

/** JSON with bigints written as plain (arbitrarily large) numbers, as scryptlib's JSON-bigint parser expects. */
export function toJson (value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `__bigint__${v.toString()}` : v), 1)
    .replace(/"__bigint__(-?\d+)"/g, '$1')
}
