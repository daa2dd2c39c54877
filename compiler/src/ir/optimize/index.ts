import { IR, IRStmt } from '../ir'
import { Liveness } from '../liveness'
import { removeDeadInPlace } from './deadCode'
import { countUses, sinkInPlace } from './sinking'
import { hoistConstantsInPlace } from './hoistConstants'
import { shareCommonValuesInPlace } from './commonValues'
import { pairSplitsInPlace } from './pairSplits'

// Clean-ups on lowered code before stack scheduling, each pass in its own file.

/** Rounds of dead-code removal and sinking, enough for every test and project contract to settle. */
const MAX_ROUNDS = 6

/**
 * Optimizes a function body: returns the optimized method; the given method's statements are
 * rewritten in place. `keep` are variables used after the body (a prologue's outputs).
 */
export function optimizeMethod<M extends { body: IRStmt[]; result: IR; stateScript?: number }> (m: M, keep: Set<number> = new Set(), newId?: () => number): M {
  const body = m.body
  let result = m.result
  // the state script's statement stays where it is (functions may share it)
  const pinned = new Set<number>(m.stateScript !== undefined ? [m.stateScript] : [])
  if (newId) result = hoistConstantsInPlace(body, result, newId, pinned)
  result = shareCommonValuesInPlace(body, result, new Set([...keep, ...pinned]))
  if (newId) pairSplitsInPlace(body, newId)
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const live = new Liveness(false)
    const resultLive = new Set<number>(keep)
    live.reads(result, resultLive)
    live.block(body, resultLive)
    const removed = removeDeadInPlace(body, live, pinned)
    const counts = countUses(body, result)
    for (const id of [...keep, ...pinned]) counts.reads.set(id, Infinity)
    const holder = { result, pinned }
    const sunk = sinkInPlace(body, counts, holder, true)
    result = holder.result
    if (!removed && !sunk) break
  }
  return { ...m, body, result }
}
