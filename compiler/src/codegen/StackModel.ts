import type { Op } from '../ir/ir'
import { ONE_BYTE_DEPTH } from './heuristics'

/** A stack slot: the variable it holds, or null for a value being computed. */
export type Slot = number | null

/**
 * The model of the stack while code is generated: which variable each slot holds, and the
 * operations emitted so far; the primitive moves (pick, roll, drop) keep both in step.
 */
export class StackModel {
  out: Op[] = []
  stack: Slot[] = []

  /** Rolls variables so that the top of the stack is `top`, leaving in place those already there. */
  bringToTop (top: number[]): void {
    for (const v of top.slice(inPlacePrefix(this.stack, top))) this.roll(this.depthOf(v))
  }

  /** Reorders the stack (which holds exactly the target's variables) into the target order. */
  arrange (target: Slot[]): void {
    let same = 0
    while (same < target.length && this.stack[same] === target[same]) same++
    for (let i = same; i < target.length; i++) this.roll(this.depthOf(target[i] as number))
  }

  dropDead (live: Set<number>): void {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const v = this.stack[i]
      if (v !== null && !live.has(v)) this.removeAt(this.stack.length - 1 - i)
    }
    this.combineDrops()
  }

  removeVar (id: number): void {
    const idx = this.stack.lastIndexOf(id)
    if (idx >= 0) this.removeAt(this.stack.length - 1 - idx)
  }

  removeAt (depth: number): void {
    if (depth === 0) this.out.push('OP_DROP')
    else if (depth === 1) this.out.push('OP_NIP')
    else this.out.push({ num: BigInt(depth) }, 'OP_ROLL', 'OP_DROP')
    this.stack.splice(this.stack.length - 1 - depth, 1)
  }

  combineDrops (): void {
    const o = this.out
    while (o.length >= 2 && o[o.length - 1] === 'OP_DROP' && o[o.length - 2] === 'OP_DROP') {
      o.splice(o.length - 2, 2, 'OP_2DROP')
    }
  }

  depthOf (id: number): number {
    const idx = this.stack.lastIndexOf(id)
    if (idx < 0) throw new Error(`internal: variable ${id} is not on the stack`)
    return this.stack.length - 1 - idx
  }

  pick (d: number): void {
    if (d === 0) this.out.push('OP_DUP')
    else if (d === 1) this.out.push('OP_OVER')
    else this.out.push({ num: BigInt(d) }, 'OP_PICK')
    this.stack.push(null)
  }

  roll (d: number): void {
    const [v] = this.stack.splice(this.stack.length - 1 - d, 1)
    this.stack.push(v)
    if (d === 0) return
    if (d === 1) this.out.push('OP_SWAP')
    else if (d === 2) this.out.push('OP_ROT')
    else this.out.push({ num: BigInt(d) }, 'OP_ROLL')
  }
}

/** The longest j such that, once top[j..] are rolled away, the stack ends with top[0..j). */
export function inPlacePrefix (stack: Slot[], top: number[]): number {
  let j = top.length
  for (; j > 0; j--) {
    const moved = new Set(top.slice(j))
    const rest = stack.filter((v) => !moved.has(v as number))
    const tail = rest.slice(rest.length - j)
    if (tail.length === j && tail.every((v, i) => v === top[i])) break
  }
  return j
}

/** Bytes of the rolls bringToTop writes. */
export function rollCost (stack: Slot[], top: number[]): number {
  const s = [...stack]
  let bytes = 0
  for (const v of top.slice(inPlacePrefix(s, top))) {
    const idx = s.lastIndexOf(v)
    const d = s.length - 1 - idx
    bytes += d === 0 ? 0 : d <= 2 ? 1 : d <= ONE_BYTE_DEPTH ? 2 : 3
    s.splice(idx, 1)
    s.push(v)
  }
  return bytes
}
