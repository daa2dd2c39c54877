import { IRStmt } from '../ir'
import { Liveness } from '../liveness'
import { mayFail } from '../effects'

/**
 * Removes (in place) definitions whose value is never read and whose computation cannot fail;
 * `pinned` definitions stay. Returns whether anything was removed.
 */
export function removeDeadInPlace (stmts: IRStmt[], live: Liveness, pinned: Set<number>): boolean {
  let changed = false
  for (let i = stmts.length - 1; i >= 0; i--) {
    const s = stmts[i]
    if ((s.k === 'let' || s.k === 'set') && !pinned.has(s.id) && !live.liveAfter.get(s)!.has(s.id) && !mayFail(s.e)) {
      stmts.splice(i, 1)
      changed = true
    } else if (s.k === 'if') {
      if (removeDeadInPlace(s.then, live, pinned)) changed = true
      if (removeDeadInPlace(s.else, live, pinned)) changed = true
    }
  }
  return changed
}
