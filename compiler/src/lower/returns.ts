import type { Expr, Stmt } from '../syntax/ast'
import { containsReturn } from './scan'

/**
 * Rewrites a function body so that a `return` only ever ends it: what follows an if that may
 * return moves into its branches (`if (c) { return a; } rest` becomes `if (c) { return a; }
 * else { rest }`), loops that may return are unrolled first (`count` gives their constant
 * counts). A body without early returns comes back unchanged.
 */
export function normalizeReturns (body: Stmt[], count: (e: Expr) => bigint): Stmt[] {
  const early = body.slice(0, -1).some(containsReturn)
  const last = body[body.length - 1]
  if (!early && (!last || last.kind === 'return' || !containsReturn(last))) return body
  return tailReturns(body, count)
}

/** The statements with every return in tail position (what follows a statement that may return moves into it). */
function tailReturns (list: Stmt[], count: (e: Expr) => bigint): Stmt[] {
  for (let i = 0; i < list.length; i++) {
    const s = list[i]
    // nothing after a return runs
    if (s.kind === 'return') return list.slice(0, i + 1)
    if (!containsReturn(s)) continue
    const before = list.slice(0, i)
    const after = list.slice(i + 1)
    switch (s.kind) {
      case 'if':
        return [...before, { ...s, then: tailReturns([...s.then, ...after], count), else: tailReturns([...(s.else ?? []), ...after], count) }]
      case 'block':
        return [...before, { ...s, body: tailReturns([...s.body, ...after], count) }]
      case 'loop': {
        // unrolled here: each pass is a block with its index as a constant
        const passes: Stmt[] = []
        const n = count(s.count)
        for (let k = 0n; k < n; k++) {
          const index: Stmt[] = s.index ? [{ kind: 'var', type: { kind: 'named', name: 'int', loc: s.loc }, name: s.index, init: { kind: 'int', value: k, loc: s.loc }, isConst: true, loc: s.loc }] : []
          passes.push({ kind: 'block', body: [...index, { kind: 'block', body: s.body, loc: s.loc }], loc: s.loc })
        }
        return tailReturns([...before, ...passes, ...after], count)
      }
      default:
        return list
    }
  }
  return list
}
