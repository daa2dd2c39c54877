import { Op } from '../ir/ir'

// Local rewrites of adjacent operations that never change what the script computes.

const COMMUTATIVE = new Set(['OP_ADD', 'OP_MUL', 'OP_BOOLAND', 'OP_BOOLOR', 'OP_NUMEQUAL', 'OP_NUMEQUALVERIFY', 'OP_NUMNOTEQUAL',
  'OP_EQUAL', 'OP_EQUALVERIFY', 'OP_MIN', 'OP_MAX', 'OP_AND', 'OP_OR', 'OP_XOR'])

function rewrite (a: Op, b: Op): Op[] | null {
  if (typeof a !== 'string' || typeof b !== 'string') return null
  if (a === 'OP_SWAP' && b === 'OP_SWAP') return []
  if (a === 'OP_DUP' && b === 'OP_SWAP') return ['OP_DUP']
  if ((a === 'OP_DUP' || a === 'OP_OVER') && b === 'OP_DROP') return []
  if (a === 'OP_SWAP' && b === 'OP_DROP') return ['OP_NIP']
  if (a === 'OP_SWAP' && COMMUTATIVE.has(b)) return [b]
  if (a === 'OP_NIP' && b === 'OP_DROP') return ['OP_2DROP']
  if (a === 'OP_DROP' && b === 'OP_DROP') return ['OP_2DROP']
  if (a === 'OP_OVER' && b === 'OP_OVER') return ['OP_2DUP']
  return null
}

/** Rewrites of three adjacent operations. */
function rewrite3 (a: Op, b: Op, c: Op): Op[] | null {
  if (typeof a !== 'string' || typeof b !== 'string' || typeof c !== 'string') return null
  // x -> x x -> x x n -> x n
  if (a === 'OP_DUP' && b === 'OP_SIZE' && c === 'OP_NIP') return ['OP_SIZE']
  return null
}

/** A pick or roll at position i: its depth and how many operations it takes. */
function stackOp (code: Op[], i: number, kind: 'PICK' | 'ROLL'): { d: number; n: number } | null {
  const a = code[i]
  if (kind === 'PICK' && a === 'OP_DUP') return { d: 0, n: 1 }
  if (kind === 'PICK' && a === 'OP_OVER') return { d: 1, n: 1 }
  if (kind === 'ROLL' && a === 'OP_SWAP') return { d: 1, n: 1 }
  if (kind === 'ROLL' && a === 'OP_ROT') return { d: 2, n: 1 }
  const b = code[i + 1]
  if (a !== undefined && typeof a === 'object' && 'num' in a && b === `OP_${kind}`) return { d: Number(a.num), n: 2 }
  return null
}

function emitStackOp (kind: 'PICK' | 'ROLL', d: number): Op[] {
  if (kind === 'PICK') return d === 0 ? ['OP_DUP'] : d === 1 ? ['OP_OVER'] : [{ num: BigInt(d) }, 'OP_PICK']
  return d === 0 ? [] : d === 1 ? ['OP_SWAP'] : d === 2 ? ['OP_ROT'] : [{ num: BigInt(d) }, 'OP_ROLL']
}

/** A copy of a value followed by rolling the value itself up: roll it up, then copy it (and DUP, 2 PICK: 2DUP SWAP). */
function pickThenRoll (code: Op[]): Op[] | null {
  const out: Op[] = []
  let changed = false
  for (let i = 0; i < code.length;) {
    const p = stackOp(code, i, 'PICK')
    const r = p ? stackOp(code, i + p.n, 'ROLL') : null
    const q = p && p.d === 0 ? stackOp(code, i + p.n, 'PICK') : null
    if (p && r && r.d === p.d + 1) {
      out.push(...emitStackOp('ROLL', p.d), 'OP_DUP')
      i += p.n + r.n
      changed = true
    } else if (p && q && q.d === 2) {
      // a b -> a b b a
      out.push('OP_2DUP', 'OP_SWAP')
      i += p.n + q.n
      changed = true
    } else {
      out.push(code[i++])
    }
  }
  return changed ? out : null
}

export function peephole (code: Op[]): Op[] {
  let out = code
  for (let again = true; again;) {
    again = false
    out = local(out)
    const r = pickThenRoll(out)
    if (r) { out = r; again = true }
  }
  return out
}

function local (code: Op[]): Op[] {
  let out = code
  for (let changed = true; changed;) {
    changed = false
    const next: Op[] = []
    for (const op of out) {
      const prev = next[next.length - 1]
      const r = prev === undefined ? null : rewrite(prev, op)
      const r3 = next.length < 2 ? null : rewrite3(next[next.length - 2], prev, op)
      if (r) {
        next.pop()
        next.push(...r)
        changed = true
      } else if (r3) {
        next.length -= 2
        next.push(...r3)
        changed = true
      } else {
        next.push(op)
      }
    }
    out = next
  }
  return out
}
