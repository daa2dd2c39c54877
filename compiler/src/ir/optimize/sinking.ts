import { IR, IRStmt, readsOf } from '../ir'
import { mapOwnExprs, ownDefs, readCounts, walk } from '../walk'

// A value defined once and read once, later in the same block, is computed where it is read
// instead of being kept on the stack in between.

export interface UseCounts { reads: Map<number, number>; defs: Map<number, number> }

/** How many times each variable is defined and read in a body and its result. */
export function countUses (body: IRStmt[], result: IR): UseCounts {
  const defs = new Map<number, number>()
  walk(body, { stmt: (s) => ownDefs(s).forEach((id) => defs.set(id, (defs.get(id) ?? 0) + 1)) })
  return { reads: readCounts(body, [result]), defs }
}

/** Where, by statement position, each variable is mentioned (read or defined, at any depth) and defined. */
function positions (stmts: IRStmt[]): { mentioned: Map<number, number[]>; defined: Map<number, number[]> } {
  const mentioned = new Map<number, number[]>()
  const defined = new Map<number, number[]>()
  const add = (m: Map<number, number[]>, id: number, j: number) => {
    const list = m.get(id)
    if (!list) m.set(id, [j])
    else if (list[list.length - 1] !== j) list.push(j)
  }
  stmts.forEach((s, j) => {
    walk([s], {
      stmt: (x) => ownDefs(x).forEach((id) => { add(mentioned, id, j); add(defined, id, j) }),
      expr: (e) => readsOf(e).forEach((id) => add(mentioned, id, j)),
    })
  })
  return { mentioned, defined }
}

/** The first position in an ascending list after i, or undefined. */
function firstAfter (list: number[] | undefined, i: number): number | undefined {
  if (!list) return undefined
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (list[mid] <= i) lo = mid + 1
    else hi = mid
  }
  return lo < list.length ? list[lo] : undefined
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
  // positions are computed once (a definition moved into its reader changes no position that
  // matters: what it reads is defined before it), and sunk statements are removed at the end
  const { mentioned, defined } = positions(stmts)
  const removed = new Set<number>()
  for (let i = 0; i < stmts.length; i++) {
    const s = stmts[i]
    if (s.k !== 'let' && s.k !== 'set') continue
    if (counts.defs.get(s.id) !== 1 || counts.reads.get(s.id) !== 1) continue
    const j = firstAfter(mentioned.get(s.id), i) ?? stmts.length
    // a value it reads is defined again before the reader: it cannot move past that
    if (readsOf(s.e).some((v) => (firstAfter(defined.get(v), i) ?? Infinity) < j)) continue
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
    removed.add(i)
    changed = true
  }
  if (removed.size > 0) {
    let w = 0
    for (let i = 0; i < stmts.length; i++) if (!removed.has(i)) stmts[w++] = stmts[i]
    stmts.length = w
  }
  return changed
}
