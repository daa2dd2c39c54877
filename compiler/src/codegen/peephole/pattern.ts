import type { Op } from '../../ir/ir'

// The pattern language of the peephole rules: a rule's pattern is a sequence of elements, each
// matching one operation (an opcode) or one stack move of some depth (a pick or a roll, which
// take one or two operations: OP_DUP, OP_OVER, OP_SWAP, OP_ROT or <n> OP_PICK / OP_ROLL).

export type Element =
  /** exactly this opcode */
  | string
  /** any opcode of the set, bound to a name */
  | { anyOf: ReadonlySet<string>; as: string }
  /** a copy of the value at some depth, the depth bound to a name */
  | { pick: string }
  /** a move of the value at some depth to the top, the depth bound to a name */
  | { roll: string }

/** What a match binds: depths of picks and rolls, opcodes of sets. */
export type Bindings = Record<string, number | string>

export interface Rule {
  name: string
  /** Why the rewrite leaves the stack exactly as the original does. */
  why: string
  pattern: Element[]
  when?: (b: Bindings) => boolean
  replace: (b: Bindings) => Op[]
}

const isNum = (op: Op | undefined): op is { num: bigint } => op !== undefined && typeof op === 'object' && 'num' in op

/** A pick or roll starting at position i of code: its depth and how many operations it takes. */
function stackMove (code: Op[], i: number, kind: 'pick' | 'roll'): { depth: number; length: number } | null {
  const a = code[i]
  if (kind === 'pick' && a === 'OP_DUP') return { depth: 0, length: 1 }
  if (kind === 'pick' && a === 'OP_OVER') return { depth: 1, length: 1 }
  if (kind === 'roll' && a === 'OP_SWAP') return { depth: 1, length: 1 }
  if (kind === 'roll' && a === 'OP_ROT') return { depth: 2, length: 1 }
  if (isNum(a) && code[i + 1] === (kind === 'pick' ? 'OP_PICK' : 'OP_ROLL')) return { depth: Number(a.num), length: 2 }
  return null
}

/** The shortest operations of a pick or roll of the given depth. */
export function move (kind: 'pick' | 'roll', depth: number): Op[] {
  if (kind === 'pick') return depth === 0 ? ['OP_DUP'] : depth === 1 ? ['OP_OVER'] : [{ num: BigInt(depth) }, 'OP_PICK']
  return depth === 0 ? [] : depth === 1 ? ['OP_SWAP'] : depth === 2 ? ['OP_ROT'] : [{ num: BigInt(depth) }, 'OP_ROLL']
}

/** Matches the pattern at position i: the bindings and the number of operations matched, or null. */
export function matchAt (code: Op[], i: number, pattern: Element[]): { bindings: Bindings; length: number } | null {
  const bindings: Bindings = {}
  let at = i
  for (const el of pattern) {
    if (typeof el === 'string') {
      if (code[at] !== el) return null
      at++
    } else if ('anyOf' in el) {
      const op = code[at]
      if (typeof op !== 'string' || !el.anyOf.has(op)) return null
      bindings[el.as] = op
      at++
    } else {
      const kind = 'pick' in el ? 'pick' : 'roll'
      const m = stackMove(code, at, kind)
      if (!m) return null
      bindings['pick' in el ? el.pick : el.roll] = m.depth
      at += m.length
    }
  }
  return { bindings, length: at - i }
}
