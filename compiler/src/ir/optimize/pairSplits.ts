import { IR, IRStmt, readsOf } from '../ir'
import { sameIR } from '../fold'
import { defsIn, mapOwnExprs, ownExprs } from '../walk'

type OpsNode = Extract<IR, { k: 'ops' }>

/** The two halves of `x a SPLIT DROP` / `x a SPLIT NIP`: which one the expression keeps. */
function splitHalf (e: IR): 'left' | 'right' | null {
  if (e.k !== 'ops' || e.args.length !== 2 || e.code.length !== 2 || e.code[0] !== 'OP_SPLIT') return null
  return e.code[1] === 'OP_DROP' ? 'left' : e.code[1] === 'OP_NIP' ? 'right' : null
}

function splitsOf (e: IR, out: OpsNode[] = []): OpsNode[] {
  if (e.k !== 'ops') return out
  if (splitHalf(e)) out.push(e)
  e.args.forEach((a) => splitsOf(a, out))
  return out
}

function replaceNode (e: IR, node: IR, by: IR): IR {
  if (e === node) return by
  if (e.k !== 'ops') return e
  const args = e.args.map((a) => replaceNode(a, node, by))
  return args.every((a, i) => a === e.args[i]) ? e : { k: 'ops', args, code: e.code }
}

/** Splits a statement evaluates itself, outside ifs (an if's condition is left alone). */
const splitsIn = (s: IRStmt): OpsNode[] => (s.k === 'if' ? [] : ownExprs(s).flatMap((x) => splitsOf(x)))

/**
 * `x[0:a]` and `x[a:]` of the same x and a, in two statements of one block (x and a unchanged
 * in between), split x once: `letn [left, right] = x a SPLIT` before the first, and each
 * statement reads its half. Both splits fail exactly when the first would (and a failing script
 * fails whatever runs before), so splitting earlier changes nothing. Rewrites in place.
 */
export function pairSplitsInPlace (stmts: IRStmt[], newId: () => number): void {
  for (const s of stmts) if (s.k === 'if') { pairSplitsInPlace(s.then, newId); pairSplitsInPlace(s.else, newId) }
  for (let i = 0; i < stmts.length; i++) {
    const s = stmts[i]
    let paired = false
    for (const e of splitsIn(s)) {
      const half = splitHalf(e)!
      const needs = new Set(readsOf(e))
      const changed = defsIn([s])
      for (let j = i + 1; j < stmts.length && ![...needs].some((v) => changed.has(v)); j++) {
        const t = stmts[j]
        const other = splitsIn(t).find((f) => splitHalf(f) !== half && sameIR(f.args[0], e.args[0]) && sameIR(f.args[1], e.args[1]))
        if (other) {
          const left = newId()
          const right = newId()
          stmts.splice(i, 0, { k: 'letn', ids: [left, right], args: e.args, code: ['OP_SPLIT'] })
          mapOwnExprs(s, (x) => replaceNode(x, e, { k: 'var', id: half === 'left' ? left : right }))
          mapOwnExprs(t, (x) => replaceNode(x, other, { k: 'var', id: half === 'left' ? right : left }))
          paired = true
          break
        }
        defsIn([t], changed)
      }
      if (paired) break
    }
    if (paired) i-- // look at the statement again: it may hold another pair
  }
}
