import { IRStmt } from '../ir'
import { Liveness } from '../liveness'
import { mayFail } from '../effects'

/**
 * Removes (in place) definitions whose value is never read and whose computation cannot fail;
 * `pinned` definitions stay. Returns whether anything was removed.
 */
export function removeDeadInPlace (stmts: IRStmt[], live: Liveness, pinned: Set<number>): boolean {
  let changed = false
  let w = 0
  for (const s of stmts) {
    if ((s.k === 'let' || s.k === 'set') && !pinned.has(s.id) && live.unread.has(s) && !mayFail(s.e)) {
      changed = true
      continue
    }
    if (s.k === 'if') {
      if (removeDeadInPlace(s.then, live, pinned)) changed = true
      if (removeDeadInPlace(s.else, live, pinned)) changed = true
    }
    stmts[w++] = s
  }
  stmts.length = w
  return changed
}
