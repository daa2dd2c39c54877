import { IR, IRContract, IRMethod, IRStmt, Op, readsOf } from '../ir/ir'
import { Liveness } from '../ir/liveness'
import { readCounts } from '../ir/walk'

type Slot = number | null

/**
 * Turns lowered code into script. Every variable lives in a stack slot; the generator keeps a
 * model of the stack, picks a value for a use that is not its last and rolls it for the last,
 * and drops values as soon as they are dead.
 */
export class StackCodegen {
  private out: Op[] = []
  private stack: Slot[] = []
  private live = new Liveness()
  /** The statements after the current one in its block. */
  private rest: IRStmt[] = []
  /** Set by an exit: the code being generated ends the script, whatever the stack model says. */
  private terminated = false

  static generate (contract: IRContract): Op[] {
    return new StackCodegen().contract(contract)
  }

  private contract (c: IRContract): Op[] {
    // constructor values read once are pushed where they are read (see inlinePlaceholders)
    for (const p of c.placeholders.filter((x) => x.unused)) this.out.push({ placeholder: p.name }, 'OP_DROP')
    this.combineDrops()
    const pushed = c.placeholders.filter((p) => !p.inline && !p.unused)
    for (const p of pushed) this.out.push({ placeholder: p.name })
    const placeholderIds = pushed.map((p) => p.id)
    const multi = c.methods.length > 1
    // Several public functions: the unlocking script pushes the function's index last.
    const selector = -1
    this.stack = [...(multi ? [selector] : []), ...placeholderIds]
    if (c.prologue) this.prologue(c, multi)
    const base = [...this.stack]
    if (c.sharedStateScript) return this.sharedStateScript(c, base)
    if (!multi) {
      this.stack = [...c.methods[0].params, ...base]
      this.method(c.methods[0])
      return this.out
    }
    c.methods.forEach((m, i) => {
      const isLast = i === c.methods.length - 1
      this.stack = [...m.params, ...base]
      if (!isLast) {
        this.pick(this.depthOf(selector))
        // compared as a number: IF itself must only ever see a true/false value (MINIMALIF)
        this.out.push({ num: BigInt(i) }, 'OP_NUMEQUAL', 'OP_IF')
        this.stack.pop()
      } else {
        this.roll(this.depthOf(selector))
        this.out.push({ num: BigInt(i) }, 'OP_NUMEQUALVERIFY')
        this.stack.pop()
      }
      this.method(m)
      if (!isLast) this.out.push('OP_ELSE')
    })
    for (let i = 0; i < c.methods.length - 1; i++) this.out.push('OP_ENDIF')
    return this.out
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
      this.stack = [...m.params, ...base]
      const saved = this.out
      this.out = []
      this.dispatch(i, n, false)
      // up to the state script the selector stays live (the second dispatch reads it)
      const first = analyse(m, [selector])
      this.live = first.live
      const second = analyse(m, []).live
      lives.push(second)
      for (const v of second.liveAfter.get(parts[i].let)!) if (inputs.includes(v)) neededAfter.add(v)
      this.dropDead(first.liveIn)
      this.block(parts[i].before)
      ends.push({ code: this.out, stack: [...this.stack] })
      this.out = saved
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
      this.out.push(...e.code)
      for (let k = 0; k < parked[i]; k++) this.out.push('OP_TOALTSTACK')
      extras.push(e.stack.slice(e.stack.length - parked[i]) as number[])
      this.stack = below[i]
      this.bringToTop(order)
      layouts.push(this.stack.slice(0, this.stack.length - order.length))
      if (i < n - 1) this.out.push('OP_ELSE')
    })
    for (let i = 0; i < n - 1; i++) this.out.push('OP_ENDIF')
    // the shared state script: inputs some function reads later are kept
    const first = parts[0].let
    this.stack = [...order]
    this.live = new Liveness()
    const after = new Set<number>([selector, ...neededAfter])
    this.live.reads(first.e, after)
    this.expr(first.e)
    this.stack[this.stack.length - 1] = -2
    const shared = [...this.stack]
    c.methods.forEach((m, i) => {
      this.stack = [...layouts[i], ...shared.map((v) => (v === -2 ? m.stateScript! : v))]
      this.live = lives[i]
      this.dispatch(i, n, true)
      for (const v of extras[i]) { this.out.push('OP_FROMALTSTACK'); this.stack.push(v) }
      this.dropDead(this.live.liveAfter.get(parts[i].let)!)
      this.block(parts[i].after)
      this.expr(m.result)
      while (this.stack.length > 1) { this.out.push('OP_NIP'); this.stack.splice(this.stack.length - 2, 1) }
      if (i < n - 1) this.out.push('OP_ELSE')
    })
    for (let i = 0; i < n - 1; i++) this.out.push('OP_ENDIF')
    return this.out
  }

  /** Enters public function i of n: compares the selector (kept for a later dispatch unless `last`). */
  private dispatch (i: number, n: number, consume: boolean): void {
    const selector = -1
    if (i < n - 1 || !consume) this.pick(this.depthOf(selector))
    else this.roll(this.depthOf(selector))
    this.out.push({ num: BigInt(i) }, i < n - 1 ? 'OP_NUMEQUAL' : 'OP_NUMEQUALVERIFY')
    if (i < n - 1) this.out.push('OP_IF')
    this.stack.pop()
  }

  /** Copies the called function's preimage to the top (with its sighash type) and runs the shared code. */
  private prologue (c: IRContract, multi: boolean): void {
    const p = c.prologue!
    const above = this.stack.length
    // depth of the preimage once the sighash type and the depth itself are pushed and the depth popped
    const entry = c.methods.map((m) => ({ type: m.sighashType!, depth: BigInt(m.params.length - 1 - m.preimageIndex! + above + 1) }))
    const same = entry.every((e) => e.type === entry[0].type && e.depth === entry[0].depth)
    if (!multi || same) {
      this.out.push({ push: entry[0].type }, { num: entry[0].depth })
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
      this.pick(this.depthOf(-1))
      list.forEach((g, n) => {
        const values: Op[] = [{ push: g.type }, { num: g.depth }]
        if (n === list.length - 1) { this.out.push(...values); return }
        // the last test consumes the selector; earlier ones keep it for the next test
        const keep = n < list.length - 2
        g.indices.forEach((i, k) => {
          if (keep || k < g.indices.length - 1) this.out.push(k === 0 ? 'OP_DUP' : 'OP_OVER')
          else if (k > 0) this.out.push('OP_SWAP')
          this.out.push({ num: BigInt(i) }, 'OP_NUMEQUAL')
          if (k > 0) this.out.push('OP_BOOLOR')
        })
        this.out.push('OP_IF', ...(keep ? ['OP_DROP' as Op] : []), ...values, 'OP_ELSE')
      })
      for (let i = 0; i < list.length - 1; i++) this.out.push('OP_ENDIF')
      this.stack.pop()
    }
    this.out.push('OP_PICK')
    this.stack.push(p.sighashType, p.preimage)
    // what some public function still reads after the prologue; the rest goes now, once
    const needed = new Set<number>()
    for (const m of c.methods) {
      const resultLive = new Set<number>()
      const l = new Liveness()
      l.reads(m.result, resultLive)
      for (const v of l.block(m.body, resultLive)) needed.add(v)
    }
    this.live = new Liveness()
    const liveOut = new Set<number>([...p.outputs, ...c.placeholders.filter((x) => !x.inline && !x.unused).map((x) => x.id)].filter((v) => needed.has(v)))
    if (multi) liveOut.add(-1)
    const liveIn = this.live.block(p.body, liveOut)
    this.dropDead(liveIn)
    this.block(p.body)
    this.dropDead(liveOut)
  }

  private method (m: IRMethod): void {
    this.live = new Liveness()
    const resultLive = new Set<number>()
    this.live.reads(m.result, resultLive)
    const liveIn = this.live.block(m.body, resultLive)
    this.dropDead(liveIn)
    this.block(m.body)
    if (this.terminated) { this.terminated = false; return }
    this.expr(m.result)
    // Nothing else is live at the end; anything left below the result goes.
    while (this.stack.length > 1) { this.out.push('OP_NIP'); this.stack.splice(this.stack.length - 2, 1) }
  }

  private block (stmts: IRStmt[]): void {
    const saved = this.rest
    stmts.forEach((s, i) => {
      this.rest = stmts.slice(i + 1)
      this.stmt(s)
      this.dropDead(this.live.liveAfter.get(s)!)
    })
    this.rest = saved
  }

  private stmt (s: IRStmt): void {
    switch (s.k) {
      case 'let':
        if (s.e.k === 'var' && this.live.lastRead.has(s.e)) {
          // a copy of a dying value: just rename its slot
          this.stack[this.stack.length - 1 - this.depthOf(s.e.id)] = s.id
          return
        }
        this.expr(s.e)
        this.stack[this.stack.length - 1] = s.id
        return
      case 'set':
        if (s.e.k === 'var' && s.e.id !== s.id && this.live.lastRead.has(s.e)) {
          // a copy of a dying value: the old value goes, the copy's slot is renamed
          this.removeVar(s.id)
          this.stack[this.stack.length - 1 - this.depthOf(s.e.id)] = s.id
          return
        }
        this.expr(s.e)
        this.removeVar(s.id)
        this.stack[this.stack.length - 1] = s.id
        return
      case 'letn':
        for (const a of s.args) this.expr(a)
        this.out.push(...s.code)
        this.stack.splice(this.stack.length - s.args.length, s.args.length, ...s.ids)
        return
      case 'verify': {
        this.expr(s.e)
        const last = this.out[this.out.length - 1]
        const fused: Record<string, string> = { OP_EQUAL: 'OP_EQUALVERIFY', OP_NUMEQUAL: 'OP_NUMEQUALVERIFY', OP_CHECKSIG: 'OP_CHECKSIGVERIFY', OP_CHECKMULTISIG: 'OP_CHECKMULTISIGVERIFY' }
        if (typeof last === 'string' && fused[last]) this.out[this.out.length - 1] = fused[last]
        else this.out.push('OP_VERIFY')
        this.stack.pop()
        return
      }
      case 'if':
        this.ifStmt(s)
        return
      case 'exit':
        // every value is dead here (liveness), so the stack is empty: leave true alone on it (CLEANSTACK)
        this.stack.forEach(() => this.out.push('OP_DROP'))
        this.combineDrops()
        this.out.push('OP_1', 'OP_RETURN')
        this.stack = []
        this.terminated = true
    }
  }

  private ifStmt (s: Extract<IRStmt, { k: 'if' }>): void {
    this.preArrange(s)
    this.expr(s.c)
    this.stack.pop()
    const entry = [...this.stack]
    const liveAfter = this.live.liveAfter.get(s)!
    const outs = s.outs ?? []
    // variables live after the if: those already on the stack keep their order; variables that
    // both branches define (their earlier value was dead) follow, then the if's own results
    const defined = [...liveAfter].filter((v) => !entry.includes(v) && !outs.includes(v)).sort((a, b) => a - b)
    const target = [...entry.filter((v) => v !== null && liveAfter.has(v)), ...defined, ...outs]
    const keep = new Set([...liveAfter, ...outs])
    const mark = this.out.length
    const thenCode = this.branch(s.then, s.thenVals ?? [], outs, entry, target, keep)
    const elseCode = this.branch(s.else, s.elseVals ?? [], outs, entry, target, keep)
    this.out.length = mark
    if (elseCode.length === 0) this.out.push('OP_IF', ...thenCode, 'OP_ENDIF')
    else if (thenCode.length === 0) this.out.push('OP_NOTIF', ...elseCode, 'OP_ENDIF')
    else this.out.push('OP_IF', ...thenCode, 'OP_ELSE', ...elseCode, 'OP_ENDIF')
    this.stack = target
  }

  /**
   * A variable the then-branch assigns ends up on top; when the variables it assigns already sit
   * on top in that order, neither branch has to move anything at its end. Arranging them once
   * before the if pays off at once in loops, where the same if comes back unrolled.
   */
  private preArrange (s: Extract<IRStmt, { k: 'if' }>): void {
    const liveAfter = this.live.liveAfter.get(s)!
    const condReads = readsOf(s.c)
    const lastSet = new Map<number, number>()
    s.then.forEach((x, i) => { if (x.k === 'set') lastSet.set(x.id, i) })
    const order = [...lastSet.entries()].sort((a, b) => a[1] - b[1]).map(([id]) => id)
      .filter((v) => liveAfter.has(v) && this.stack.includes(v) && !condReads.includes(v))
    // Values that die in the if and that the then-branch reads several times go on top too:
    // the branch reads them with short picks, and the else-branch drops them from the top.
    const reads = new Map<number, number>()
    readCounts(s.then, s.thenVals ?? [], reads)
    const elseReads = new Map<number, number>()
    readCounts(s.else, s.elseVals ?? [], elseReads)
    const dying = [...reads.entries()]
      .filter(([v, n]) => n >= 2 && !elseReads.has(v) && !liveAfter.has(v) && this.stack.includes(v) && !condReads.includes(v) &&
        !order.includes(v) && this.depthOf(v) >= order.length + 2)
      .map(([v]) => v).reverse()
    // Values the if reads that stay live after it, deeper than a one-byte depth reaches, and read
    // many times from here on (an unrolled loop): rolled up once, they are picked for less later.
    const ahead = new Map<number, number>(reads)
    for (const v of condReads) ahead.set(v, (ahead.get(v) ?? 0) + 1)
    const later = new Map<number, number>()
    readCounts(this.rest, [], later)
    const hot = [...ahead.keys()].filter((v) => liveAfter.has(v) && this.stack.includes(v) && !order.includes(v) && !dying.includes(v) &&
      this.depthOf(v) > 16 - order.length - dying.length && ahead.get(v)! + (later.get(v) ?? 0) >= 4)
    if (hot.length > 0) {
      for (const v of hot) this.roll(this.depthOf(v))
      for (const v of [...order, ...dying]) this.roll(this.depthOf(v))
      return
    }
    const onTop = (vs: number[]) => {
      const top = this.stack.slice(this.stack.length - vs.length)
      return vs.every((v, i) => top[i] === v)
    }
    if (onTop([...order, ...dying])) return
    // the assigned variables already in place stay (the dying ones come from below them)
    const moves = onTop(order) ? dying : [...order, ...dying]
    for (const v of moves) this.roll(this.depthOf(v))
  }

  /** Generates one branch from the entry layout, ending in the target layout; returns its code. */
  private branch (stmts: IRStmt[], vals: IR[], outs: number[], entry: Slot[], target: Slot[], keep: Set<number>): Op[] {
    const saved = this.out
    this.out = []
    this.stack = [...entry]
    this.dropDead(this.live.branchIn.get(stmts)!)
    this.block(stmts)
    if (this.terminated) {
      // the branch ends the script: nothing has to reach the layout after the if
      this.terminated = false
      const code = this.out
      this.out = saved
      return code
    }
    if (this.inPlace(vals)) {
      vals.forEach((_v, i) => { this.stack[this.stack.length - vals.length + i] = outs[i] })
    } else {
      vals.forEach((v, i) => {
        this.expr(v)
        this.stack[this.stack.length - 1] = outs[i]
      })
    }
    this.dropDead(keep)
    this.arrange(target)
    const code = this.out
    this.out = saved
    return code
  }

  /** Rolls variables so that the top of the stack is `top`, leaving in place those already there. */
  private bringToTop (top: number[]): void {
    for (const v of top.slice(inPlacePrefix(this.stack, top))) this.roll(this.depthOf(v))
  }

  /** Reorders the stack (which holds exactly the target's variables) into the target order. */
  private arrange (target: Slot[]): void {
    let same = 0
    while (same < target.length && this.stack[same] === target[same]) same++
    for (let i = same; i < target.length; i++) this.roll(this.depthOf(target[i] as number))
  }

  private dropDead (live: Set<number>): void {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const v = this.stack[i]
      if (v !== null && !live.has(v)) this.removeAt(this.stack.length - 1 - i)
    }
    this.combineDrops()
  }

  private removeVar (id: number): void {
    const idx = this.stack.lastIndexOf(id)
    if (idx >= 0) this.removeAt(this.stack.length - 1 - idx)
  }

  private removeAt (depth: number): void {
    if (depth === 0) this.out.push('OP_DROP')
    else if (depth === 1) this.out.push('OP_NIP')
    else this.out.push({ num: BigInt(depth) }, 'OP_ROLL', 'OP_DROP')
    this.stack.splice(this.stack.length - 1 - depth, 1)
  }

  private combineDrops (): void {
    const o = this.out
    while (o.length >= 2 && o[o.length - 1] === 'OP_DROP' && o[o.length - 2] === 'OP_DROP') {
      o.splice(o.length - 2, 2, 'OP_2DROP')
    }
  }

  private depthOf (id: number): number {
    const idx = this.stack.lastIndexOf(id)
    if (idx < 0) throw new Error(`internal: variable ${id} is not on the stack`)
    return this.stack.length - 1 - idx
  }

  private pick (d: number): void {
    if (d === 0) this.out.push('OP_DUP')
    else if (d === 1) this.out.push('OP_OVER')
    else this.out.push({ num: BigInt(d) }, 'OP_PICK')
    this.stack.push(null)
  }

  private roll (d: number): void {
    const [v] = this.stack.splice(this.stack.length - 1 - d, 1)
    this.stack.push(v)
    if (d === 0) return
    if (d === 1) this.out.push('OP_SWAP')
    else if (d === 2) this.out.push('OP_ROT')
    else this.out.push({ num: BigInt(d) }, 'OP_ROLL')
  }

  /** Whether the values are dying variables already on top of the stack in this order (nothing to move). */
  private inPlace (vals: IR[]): boolean {
    if (vals.length === 0 || vals.length > this.stack.length) return false
    const base = this.stack.length - vals.length
    return vals.every((v, i) => v.k === 'var' && this.live.lastRead.has(v) && this.stack[base + i] === v.id)
  }

  private expr (e: IR): void {
    if (e.k === 'const') {
      if (typeof e.v === 'bigint') this.out.push({ num: e.v })
      else if (typeof e.v === 'boolean') this.out.push(e.v ? 'OP_1' : 'OP_0')
      else this.out.push({ push: e.v })
      this.stack.push(null)
      return
    }
    if (e.k === 'var') {
      const d = this.depthOf(e.id)
      if (this.live.lastRead.has(e)) {
        this.roll(d)
        this.stack[this.stack.length - 1] = null
      } else {
        this.pick(d)
      }
      return
    }
    if (this.inPlace(e.args)) {
      for (let i = 0; i < e.args.length; i++) this.stack[this.stack.length - 1 - i] = null
    } else {
      for (const a of e.args) this.expr(a)
    }
    this.out.push(...e.code)
    this.stack.splice(this.stack.length - e.args.length, e.args.length, null)
  }
}

/** The longest j such that, once top[j..] are rolled away, the stack ends with top[0..j). */
function inPlacePrefix (stack: Slot[], top: number[]): number {
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
function rollCost (stack: Slot[], top: number[]): number {
  const s = [...stack]
  let bytes = 0
  for (const v of top.slice(inPlacePrefix(s, top))) {
    const idx = s.lastIndexOf(v)
    const d = s.length - 1 - idx
    bytes += d === 0 ? 0 : d <= 2 ? 1 : d <= 16 ? 2 : 3
    s.splice(idx, 1)
    s.push(v)
  }
  return bytes
}
