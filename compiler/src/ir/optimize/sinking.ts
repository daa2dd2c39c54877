import { IR, IRStmt, readsOf } from '../ir'
import { defsIn, mapOwnExprs, ownDefs, readCounts, walk } from '../walk'

// A value defined once and read once, later in the same block, is computed where it is read
// instead of being kept on the stack in between.

export interface UseCounts { reads: Map<number, number>; defs: Map<number, number> }

/** How many times each variable is defined and read in a body and its result. */
export function countUses (body: IRStmt[], result: IR): UseCounts {
  const defs = new Map<number, number>()
  walk(body, { stmt: (s) => ownDefs(s).forEach((id) => defs.set(id, (defs.get(id) ?? 0) + 1)) })
  return { reads: readCounts(body, [result]), defs }
}

/** Whether a statement reads or defines the variable anywhere. */
function mentions (s: IRStmt, id: number): boolean {
  let found = false
  walk([s], {
    stmt: (x) => { if (ownDefs(x).includes(id)) found = true },
    expr: (e) => { if (readsOf(e).includes(id)) found = true },
  })
  return found
}

/** Replaces the read of id in e by value; returns the new tree or null when not found. */
function substitute (e: IR, id: number, value: IR): IR | null {
  if (e.k === 'var') return e.id === id ? value : null
  if (e.k !== 'ops') return null
  for (let i = 0; i < e.args.length; i++) {
    const r = substitute(e.args[i], id, value)
    if (r) {
      const args = [...e.args]
      args[i] = r
      return { k: 'ops', args, code: e.code }
    }
  }
  return null
}

/** Puts value in place of the read of id in a statement's own (unconditional) expressions, in place. */
function substituteOwn (s: IRStmt, id: number, value: IR): boolean {
  let done = false
  mapOwnExprs(s, (e) => {
    if (done) return e
    const r = substitute(e, id, value)
    if (!r) return e
    done = true
    return r
  })
  return done
}

/**
 * Sinks (in place) single-use definitions into their one reader; `holder.result` is the method's
 * final condition (the reader of the method body's last values). Returns whether anything moved.
 */
export function sinkInPlace (stmts: IRStmt[], counts: UseCounts, holder: { result: IR; pinned: Set<number> }, isMethodBody: boolean): boolean {
  let changed = false
  for (const s of stmts) if (s.k === 'if') { if (sinkInPlace(s.then, counts, holder, false)) changed = true; if (sinkInPlace(s.else, counts, holder, false)) changed = true }
  for (let i = 0; i < stmts.length; i++) {
    const s = stmts[i]
    if (s.k !== 'let' && s.k !== 'set') continue
    if (counts.defs.get(s.id) !== 1 || counts.reads.get(s.id) !== 1) continue
    const needs = new Set(readsOf(s.e))
    const between = new Set<number>()
    let j = i + 1
    while (j < stmts.length && !mentions(stmts[j], s.id)) { defsIn([stmts[j]], between); j++ }
    if ([...needs].some((v) => between.has(v))) continue
    if (j < stmts.length) {
      const target = stmts[j]
      if (target.k === 'let' && holder.pinned.has(target.id)) continue
      if (!substituteOwn(target, s.id, s.e)) continue
    } else if (isMethodBody) {
      const r = substitute(holder.result, s.id, s.e)
      if (!r) continue
      holder.result = r
    } else {
      continue
    }
    stmts.splice(i, 1)
    i--
    changed = true
  }
  return changed
}
