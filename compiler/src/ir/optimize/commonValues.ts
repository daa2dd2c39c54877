import { IR, IRStmt } from '../ir'
import { branches, mapOwnExprs, rewrite, walk } from '../walk'

const keyOf = (e: IR) => JSON.stringify(e, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))

/**
 * A value computed again from the same unchanging variables (e.g. len(preimage) in several
 * SigHash accessors) reuses the first computation when that one is still in scope. Rewrites
 * the body in place; returns the new result. `keep` are definitions that must stay.
 */
export function shareCommonValuesInPlace (body: IRStmt[], result: IR, keep: Set<number>): IR {
  const assigned = new Set<number>()
  walk(body, { stmt: (s) => { if (s.k === 'set') assigned.add(s.id) } })
  const renames = new Map<number, number>()
  const rename = (e: IR): IR => rewrite(e, (n) => {
    if (n.k !== 'var') return n
    const to = renames.get(n.id)
    return to === undefined ? n : { k: 'var', id: to }
  })
  const stable = (e: IR): boolean => (e.k === 'var' ? !assigned.has(e.id) : e.k === 'ops' ? e.args.every(stable) : true)
  // available: computations in scope, by their tree; a branch sees what came before it, not what its sibling computed
  const block = (stmts: IRStmt[], available: Map<string, number>) => {
    for (let i = 0; i < stmts.length; i++) {
      const s = stmts[i]
      mapOwnExprs(s, rename)
      if (s.k === 'let' && s.e.k === 'ops' && stable(s.e) && !assigned.has(s.id) && !keep.has(s.id)) {
        const key = keyOf(s.e)
        const prev = available.get(key)
        if (prev !== undefined) {
          renames.set(s.id, prev)
          stmts.splice(i, 1)
          i--
        } else {
          available.set(key, s.id)
        }
      }
      const bs = branches(s)
      for (const b of bs) block(b.stmts, new Map(available))
      if (s.k === 'if') {
        if (s.thenVals) s.thenVals = s.thenVals.map(rename)
        if (s.elseVals) s.elseVals = s.elseVals.map(rename)
      }
    }
  }
  block(body, new Map())
  return rename(result)
}
