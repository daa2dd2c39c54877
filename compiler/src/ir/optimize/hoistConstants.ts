import { IR, IRStmt } from '../ir'
import { mapExprs, rewrite, walk } from '../walk'

/** Bytes a constant takes when pushed. */
export function pushCost (v: bigint | boolean | string): number {
  if (typeof v === 'boolean') return 1
  if (typeof v === 'string') return v.length / 2 + (v.length / 2 > 75 ? 2 : 1)
  let n = v < 0n ? -v : v
  let bytes = 0
  while (n > 0n) { bytes++; n >>= 8n }
  return bytes + 1
}

/** Bytes of picking a value from the stack (OP_n OP_PICK for the usual depths). */
export const PICK_COST = 2

/**
 * A constant used several times is pushed once at the start and picked where used, when that
 * is shorter (a pick costs PICK_COST bytes, a push of an n-byte constant n + 1). Rewrites the
 * body in place (the pinned state script's statement excepted); returns the new result.
 */
export function hoistConstantsInPlace (body: IRStmt[], result: IR, newId: () => number, pinned: Set<number>): IR {
  const key = (v: bigint | boolean | string) => `${typeof v}:${String(v)}`
  const counts = new Map<string, { v: bigint | boolean | string; n: number }>()
  const visit = (e: IR) => {
    if (e.k === 'const' && pushCost(e.v) > PICK_COST) {
      const k = key(e.v)
      const c = counts.get(k) ?? { v: e.v, n: 0 }
      c.n++
      counts.set(k, c)
    } else if (e.k === 'ops') e.args.forEach(visit)
  }
  const unpinned = body.filter((s) => !(s.k === 'let' && pinned.has(s.id)))
  walk(unpinned, { expr: visit })
  visit(result)
  const hoisted = new Map<string, number>()
  const lets: IRStmt[] = []
  for (const [k, c] of counts) {
    // pushed once and picked n times instead of pushed n times
    if (c.n * (pushCost(c.v) - PICK_COST) <= pushCost(c.v)) continue
    const id = newId()
    hoisted.set(k, id)
    lets.push({ k: 'let', id, e: { k: 'const', v: c.v } })
  }
  if (hoisted.size === 0) return result
  const replace = (e: IR): IR => rewrite(e, (n) => {
    if (n.k !== 'const') return n
    const id = hoisted.get(key(n.v))
    return id === undefined ? n : { k: 'var', id }
  })
  mapExprs(unpinned, replace)
  body.unshift(...lets)
  return replace(result)
}
