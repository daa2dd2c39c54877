import type { IRContract, IRMethod, IRStmt, Op } from '../ir/ir'
import { readsOf } from '../ir/ir'
import { Liveness } from '../ir/liveness'
import { BlockScheduler } from './BlockScheduler'
import { Slot, StackModel, rollCost } from './StackModel'

/**
 * Turns lowered code into script: the dispatch between public functions (the index the
 * unlocking script pushes last), the shared prologue (one preimage check, one reading of the
 * state) and the shared state script; each function's blocks are scheduled by BlockScheduler.
 */
export class StackCodegen {
  private readonly m = new StackModel()
  private readonly s = new BlockScheduler(this.m)

  static generate (contract: IRContract): Op[] {
    return new StackCodegen().contract(contract)
  }

  private contract (c: IRContract): Op[] {
    // constructor values read once are pushed where they are read (see inlinePlaceholders)
    for (const p of c.placeholders.filter((x) => x.unused)) this.m.out.push({ placeholder: p.name }, 'OP_DROP')
    this.m.combineDrops()
    const pushed = c.placeholders.filter((p) => !p.inline && !p.unused)
    for (const p of pushed) this.m.out.push({ placeholder: p.name })
    const placeholderIds = pushed.map((p) => p.id)
    const multi = c.methods.length > 1
    // Several public functions: the unlocking script pushes the function's index last.
    const selector = -1
    this.m.stack = [...(multi ? [selector] : []), ...placeholderIds]
    if (c.prologue) this.prologue(c, multi)
    const base = [...this.m.stack]
    if (c.sharedStateScript) return this.sharedStateScript(c, base)
    if (!multi) {
      this.m.stack = [...c.methods[0].params, ...base]
      this.method(c.methods[0])
      return this.m.out
    }
    c.methods.forEach((m, i) => {
      const isLast = i === c.methods.length - 1
      this.m.stack = [...m.params, ...base]
      if (!isLast) {
        this.m.pick(this.m.depthOf(selector))
        // compared as a number: IF itself must only ever see a true/false value (MINIMALIF)
        this.m.out.push({ num: BigInt(i) }, 'OP_NUMEQUAL', 'OP_IF')
        this.m.stack.pop()
      } else {
        this.m.roll(this.m.depthOf(selector))
        this.m.out.push({ num: BigInt(i) }, 'OP_NUMEQUALVERIFY')
        this.m.stack.pop()
      }
      this.method(m)
      if (!isLast) this.m.out.push('OP_ELSE')
    })
    for (let i = 0; i < c.methods.length - 1; i++) this.m.out.push('OP_ENDIF')
    return this.m.out
  }

  /**
   * Every public function computes the same state script: each runs up to that point in a first
   * dispatch, leaving the selector and the script's inputs on top; the script is built once; a
   * second dispatch runs the rest of each function.
   */
  private sharedStateScript (c: IRContract, base: Slot[]): Op[] {
    const selector = -1
    const n = c.methods.length
    const parts = c.methods.map((m) => {
      const k = m.body.findIndex((x) => x.k === 'let' && x.id === m.stateScript)
      return { before: m.body.slice(0, k), let: m.body[k] as Extract<IRStmt, { k: 'let' }>, after: m.body.slice(k + 1) }
    })
    const inputs = [...new Set(readsOf(parts[0].let.e))]
    const lives: Liveness[] = []
    const layouts: Slot[][] = []
    const neededAfter = new Set<number>()
    const ends: { code: Op[]; stack: Slot[] }[] = []
    const analyse = (m: IRMethod, extra: number[]) => {
      const live = new Liveness()
      const resultLive = new Set<number>(extra)
      live.reads(m.result, resultLive)
      return { live, liveIn: live.block(m.body, resultLive) }
    }
    c.methods.forEach((m, i) => {
      this.m.stack = [...m.params, ...base]
      const saved = this.m.out
      this.m.out = []
      this.dispatch(i, n, false)
      // up to the state script the selector stays live (the second dispatch reads it)
      const first = analyse(m, [selector])
      this.s.live = first.live
      const second = analyse(m, []).live
      lives.push(second)
      for (const v of second.liveAfter.get(parts[i].let)!) if (inputs.includes(v)) neededAfter.add(v)
      this.m.dropDead(first.liveIn)
      this.s.block(parts[i].before)
      ends.push({ code: this.m.out, stack: [...this.m.stack] })
      this.m.out = saved
    })
    // Values a function computed above the shared inputs wait on the alt stack (they come back
    // in its second dispatch); the inputs already in order stay. The order of the inputs is the
    // one that costs the functions the fewest rolls.
    const needed = new Set<Slot>([selector, ...inputs])
    const parked = ends.map((e) => { let k = 0; while (!needed.has(e.stack[e.stack.length - 1 - k])) k++; return k })
    const below = ends.map((e, i) => e.stack.slice(0, e.stack.length - parked[i]))
    const candidates = [[selector, ...inputs], ...below.map((st) => st.filter((v) => needed.has(v)) as number[])]
    const cost = (order: number[]) => below.reduce((sum, st) => sum + rollCost(st, order), 0)
    const order = candidates.reduce((best, o) => (cost(o) < cost(best) ? o : best))
    const extras: number[][] = []
    ends.forEach((e, i) => {
      for (const op of e.code) this.m.out.push(op)
      for (let k = 0; k < parked[i]; k++) this.m.out.push('OP_TOALTSTACK')
      extras.push(e.stack.slice(e.stack.length - parked[i]) as number[])
      this.m.stack = below[i]
      this.m.bringToTop(order)
      layouts.push(this.m.stack.slice(0, this.m.stack.length - order.length))
      if (i < n - 1) this.m.out.push('OP_ELSE')
    })
    for (let i = 0; i < n - 1; i++) this.m.out.push('OP_ENDIF')
    // the shared state script: inputs some function reads later are kept
    const first = parts[0].let
    this.m.stack = [...order]
    this.s.live = new Liveness()
    const after = new Set<number>([selector, ...neededAfter])
    this.s.live.reads(first.e, after)
    this.s.expr(first.e)
    this.m.stack[this.m.stack.length - 1] = -2
    const shared = [...this.m.stack]
    c.methods.forEach((m, i) => {
      this.m.stack = [...layouts[i], ...shared.map((v) => (v === -2 ? m.stateScript! : v))]
      this.s.live = lives[i]
      this.dispatch(i, n, true)
      for (const v of extras[i]) { this.m.out.push('OP_FROMALTSTACK'); this.m.stack.push(v) }
      this.m.dropDead(this.s.live.liveAfter.get(parts[i].let)!)
      this.s.block(parts[i].after)
      this.s.expr(m.result)
      while (this.m.stack.length > 1) { this.m.out.push('OP_NIP'); this.m.stack.splice(this.m.stack.length - 2, 1) }
      if (i < n - 1) this.m.out.push('OP_ELSE')
    })
    for (let i = 0; i < n - 1; i++) this.m.out.push('OP_ENDIF')
    return this.m.out
  }

  /** Enters public function i of n: compares the selector (kept for a later dispatch unless `last`). */
  private dispatch (i: number, n: number, consume: boolean): void {
    const selector = -1
    if (i < n - 1 || !consume) this.m.pick(this.m.depthOf(selector))
    else this.m.roll(this.m.depthOf(selector))
    this.m.out.push({ num: BigInt(i) }, i < n - 1 ? 'OP_NUMEQUAL' : 'OP_NUMEQUALVERIFY')
    if (i < n - 1) this.m.out.push('OP_IF')
    this.m.stack.pop()
  }

  /** Copies the called function's preimage to the top (with its sighash type) and runs the shared code. */
  private prologue (c: IRContract, multi: boolean): void {
    const p = c.prologue!
    const above = this.m.stack.length
    // depth of the preimage once the sighash type and the depth itself are pushed and the depth popped
    const entry = c.methods.map((m) => ({ type: m.sighashType!, depth: BigInt(m.params.length - 1 - m.preimageIndex! + above + 1) }))
    const same = entry.every((e) => e.type === entry[0].type && e.depth === entry[0].depth)
    if (!multi || same) {
      this.m.out.push({ push: entry[0].type }, { num: entry[0].depth })
    } else {
      // functions with the same (type, depth) share one branch; the largest group needs no test
      const groups = new Map<string, { type: string; depth: bigint; indices: number[] }>()
      entry.forEach((e, i) => {
        const k = `${e.type}:${e.depth}`
        const g = groups.get(k) ?? { type: e.type, depth: e.depth, indices: [] }
        g.indices.push(i)
        groups.set(k, g)
      })
      const list = [...groups.values()].sort((a, b) => a.indices.length - b.indices.length)
      this.m.pick(this.m.depthOf(-1))
      list.forEach((g, n) => {
        const values: Op[] = [{ push: g.type }, { num: g.depth }]
        if (n === list.length - 1) { this.m.out.push(...values); return }
        // the last test consumes the selector; earlier ones keep it for the next test
        const keep = n < list.length - 2
        g.indices.forEach((i, k) => {
          if (keep || k < g.indices.length - 1) this.m.out.push(k === 0 ? 'OP_DUP' : 'OP_OVER')
          else if (k > 0) this.m.out.push('OP_SWAP')
          this.m.out.push({ num: BigInt(i) }, 'OP_NUMEQUAL')
          if (k > 0) this.m.out.push('OP_BOOLOR')
        })
        this.m.out.push('OP_IF', ...(keep ? ['OP_DROP' as Op] : []), ...values, 'OP_ELSE')
      })
      for (let i = 0; i < list.length - 1; i++) this.m.out.push('OP_ENDIF')
      this.m.stack.pop()
    }
    this.m.out.push('OP_PICK')
    this.m.stack.push(p.sighashType, p.preimage)
    // what some public function still reads after the prologue; the rest goes now, once
    const needed = new Set<number>()
    for (const m of c.methods) {
      const resultLive = new Set<number>()
      const l = new Liveness()
      l.reads(m.result, resultLive)
      for (const v of l.block(m.body, resultLive)) needed.add(v)
    }
    this.s.live = new Liveness()
    const liveOut = new Set<number>([...p.outputs, ...c.placeholders.filter((x) => !x.inline && !x.unused).map((x) => x.id)].filter((v) => needed.has(v)))
    if (multi) liveOut.add(-1)
    const liveIn = this.s.live.block(p.body, liveOut)
    this.m.dropDead(liveIn)
    this.s.block(p.body)
    this.m.dropDead(liveOut)
  }

  private method (m: IRMethod): void {
    this.s.live = new Liveness()
    const resultLive = new Set<number>()
    this.s.live.reads(m.result, resultLive)
    const liveIn = this.s.live.block(m.body, resultLive)
    this.m.dropDead(liveIn)
    this.s.block(m.body)
    if (this.s.terminated) { this.s.terminated = false; return }
    this.s.expr(m.result)
    // Nothing else is live at the end; anything left below the result goes.
    while (this.m.stack.length > 1) { this.m.out.push('OP_NIP'); this.m.stack.splice(this.m.stack.length - 2, 1) }
  }
}
