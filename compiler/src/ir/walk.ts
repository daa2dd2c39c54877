import { IR, IRStmt } from './ir'

// The one walker over lowered code: every pass visits statements, expressions and branches
// through these functions instead of a switch of its own.

/** A branch of an if: its statements and the values it ends by evaluating into the if's outs. */
export interface Branch { stmts: IRStmt[]; vals: IR[] }

/** The expressions a statement evaluates itself whenever it runs (not those inside an if's branches). */
export function ownExprs (s: IRStmt): IR[] {
  switch (s.k) {
    case 'let': case 'set': case 'verify': return [s.e]
    case 'letn': return s.args
    case 'if': return [s.c]
    case 'exit': return []
  }
}

/** Replaces, in place, the expressions a statement evaluates itself. */
export function mapOwnExprs (s: IRStmt, f: (e: IR) => IR): void {
  switch (s.k) {
    case 'let': case 'set': case 'verify': s.e = f(s.e); break
    case 'letn': s.args = s.args.map(f); break
    case 'if': s.c = f(s.c); break
    case 'exit': break
  }
}

/** The branches of an if (none for other statements). */
export function branches (s: IRStmt): Branch[] {
  if (s.k !== 'if') return []
  return [{ stmts: s.then, vals: s.thenVals ?? [] }, { stmts: s.else, vals: s.elseVals ?? [] }]
}

/** Variables a statement itself defines (an if: its outs; not what its branches assign). */
export function ownDefs (s: IRStmt): number[] {
  switch (s.k) {
    case 'let': case 'set': return [s.id]
    case 'letn': return s.ids
    case 'if': return s.outs ?? []
    default: return []
  }
}

export interface Visitor {
  /** Called for every statement before its expressions and branches. */
  stmt?: (s: IRStmt, block: IRStmt[], index: number) => void
  /** Called for every expression tree evaluated by a statement or a branch's values. */
  expr?: (e: IR) => void
}

/**
 * Visits statements (in order, branches included) and every expression tree they evaluate:
 * a statement, its own expressions, the statements of each branch, then the branches' values.
 */
export function walk (stmts: IRStmt[], v: Visitor): void {
  stmts.forEach((s, i) => {
    v.stmt?.(s, stmts, i)
    if (v.expr) ownExprs(s).forEach(v.expr)
    const bs = branches(s)
    for (const b of bs) walk(b.stmts, v)
    if (v.expr) for (const b of bs) b.vals.forEach(v.expr)
  })
}

/** Replaces, in place, every expression tree of the statements (branches and their values included). */
export function mapExprs (stmts: IRStmt[], f: (e: IR) => IR): void {
  for (const s of stmts) {
    mapOwnExprs(s, f)
    if (s.k === 'if') {
      mapExprs(s.then, f)
      mapExprs(s.else, f)
      if (s.thenVals) s.thenVals = s.thenVals.map(f)
      if (s.elseVals) s.elseVals = s.elseVals.map(f)
    }
  }
}

/** Every node of an expression tree, depth first, arguments before the node. */
export function forEachNode (e: IR, f: (e: IR) => void): void {
  if (e.k === 'ops') e.args.forEach((a) => forEachNode(a, f))
  f(e)
}

/** A copy of an expression tree with nodes replaced bottom-up (f sees the already rewritten arguments). */
export function rewrite (e: IR, f: (e: IR) => IR): IR {
  if (e.k === 'ops') {
    const args = e.args.map((a) => rewrite(a, f))
    return f(args.every((a, i) => a === e.args[i]) ? e : { k: 'ops', args, code: e.code })
  }
  return f(e)
}

/** Variables defined anywhere in the statements (branches included). */
export function defsIn (stmts: IRStmt[], out: Set<number> = new Set()): Set<number> {
  walk(stmts, { stmt: (s) => ownDefs(s).forEach((id) => out.add(id)) })
  return out
}

/** How many times each variable is read in the statements and the given trailing values. */
export function readCounts (stmts: IRStmt[], vals: IR[] = [], out: Map<number, number> = new Map()): Map<number, number> {
  const count = (e: IR) => forEachNode(e, (n) => { if (n.k === 'var') out.set(n.id, (out.get(n.id) ?? 0) + 1) })
  walk(stmts, { expr: count })
  vals.forEach(count)
  return out
}
