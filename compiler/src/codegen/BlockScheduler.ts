import type { IR, IRStmt, Op } from '../ir/ir'
import { readsOf } from '../ir/ir'
import { Liveness } from '../ir/liveness'
import { readCounts } from '../ir/walk'
import { DYING_VALUE_MIN_READS, DYING_VALUE_MIN_DEPTH, HOT_VALUE_MIN_READS, ONE_BYTE_DEPTH } from './heuristics'
import { Slot, StackModel } from './StackModel'

/** Appends the operations of each list, in order (without spreading them into one call). */
function append (out: Op[], ...lists: Op[][]): void {
  for (const list of lists) for (const op of list) out.push(op)
}

/**
 * Schedules the statements of one block onto the stack: picks a value for a read that is not its
 * last and rolls it for the last, drops dead values at once, and brings both branches of an if
 * to one layout.
 */
export class BlockScheduler {
  live = new Liveness()
  /** The statements after the current one in its block. */
  private rest: { stmts: IRStmt[]; from: number } = { stmts: [], from: 0 }
  /** Set by an exit: the code being generated ends the script, whatever the stack model says. */
  terminated = false

  constructor (readonly m: StackModel) {}

  block (stmts: IRStmt[]): void {
    const saved = this.rest
    stmts.forEach((s, i) => {
      this.rest = { stmts, from: i + 1 }
      this.stmt(s)
      this.m.dropDead(this.live.liveAfter.get(s)!)
    })
    this.rest = saved
  }

  stmt (s: IRStmt): void {
    switch (s.k) {
      case 'let':
        if (s.e.k === 'var' && this.live.lastRead.has(s.e)) {
          // a copy of a dying value: just rename its slot
          this.m.stack[this.m.stack.length - 1 - this.m.depthOf(s.e.id)] = s.id
          return
        }
        this.expr(s.e)
        this.m.stack[this.m.stack.length - 1] = s.id
        return
      case 'set':
        if (s.e.k === 'var' && s.e.id !== s.id && this.live.lastRead.has(s.e)) {
          // a copy of a dying value: the old value goes, the copy's slot is renamed
          this.m.removeVar(s.id)
          this.m.stack[this.m.stack.length - 1 - this.m.depthOf(s.e.id)] = s.id
          return
        }
        this.expr(s.e)
        this.m.removeVar(s.id)
        this.m.stack[this.m.stack.length - 1] = s.id
        return
      case 'letn':
        for (const a of s.args) this.expr(a)
        this.m.out.push(...s.code)
        this.m.stack.splice(this.m.stack.length - s.args.length, s.args.length, ...s.ids)
        return
      case 'verify': {
        this.expr(s.e)
        const last = this.m.out[this.m.out.length - 1]
        const fused: Record<string, string> = { OP_EQUAL: 'OP_EQUALVERIFY', OP_NUMEQUAL: 'OP_NUMEQUALVERIFY', OP_CHECKSIG: 'OP_CHECKSIGVERIFY', OP_CHECKMULTISIG: 'OP_CHECKMULTISIGVERIFY' }
        if (typeof last === 'string' && fused[last]) this.m.out[this.m.out.length - 1] = fused[last]
        else this.m.out.push('OP_VERIFY')
        this.m.stack.pop()
        return
      }
      case 'if':
        this.ifStmt(s)
        return
      case 'exit':
        // every value is dead here (liveness), so the stack is empty: leave true alone on it (CLEANSTACK)
        this.m.stack.forEach(() => this.m.out.push('OP_DROP'))
        this.m.combineDrops()
        this.m.out.push('OP_1', 'OP_RETURN')
        this.m.stack = []
        this.terminated = true
    }
  }

  ifStmt (s: Extract<IRStmt, { k: 'if' }>): void {
    this.preArrange(s)
    this.expr(s.c)
    this.m.stack.pop()
    const entry = [...this.m.stack]
    const liveAfter = this.live.liveAfter.get(s)!
    const outs = s.outs ?? []
    // variables live after the if: those already on the stack keep their order; variables that
    // both branches define (their earlier value was dead) follow, then the if's own results
    const onEntry = new Set(entry)
    const defined = [...liveAfter].filter((v) => !onEntry.has(v) && !outs.includes(v)).sort((a, b) => a - b)
    const target = [...entry.filter((v) => v !== null && liveAfter.has(v)), ...defined, ...outs]
    const keep = new Set([...liveAfter, ...outs])
    const mark = this.m.out.length
    const thenCode = this.branch(s.then, s.thenVals ?? [], outs, entry, target, keep)
    const elseCode = this.branch(s.else, s.elseVals ?? [], outs, entry, target, keep)
    this.m.out.length = mark
    // appended one by one: a branch of an unrolled loop can hold more operations than a call takes arguments
    if (elseCode.length === 0) append(this.m.out, ['OP_IF'], thenCode, ['OP_ENDIF'])
    else if (thenCode.length === 0) append(this.m.out, ['OP_NOTIF'], elseCode, ['OP_ENDIF'])
    else append(this.m.out, ['OP_IF'], thenCode, ['OP_ELSE'], elseCode, ['OP_ENDIF'])
    this.m.stack = target
  }

  /**
   * A variable the then-branch assigns ends up on top; when the variables it assigns already sit
   * on top in that order, neither branch has to move anything at its end. Arranging them once
   * before the if pays off at once in loops, where the same if comes back unrolled. Values the
   * condition reads are arranged too: they live on past the condition, so it only picks them.
   */
  preArrange (s: Extract<IRStmt, { k: 'if' }>): void {
    const liveAfter = this.live.liveAfter.get(s)!
    const condReads = readsOf(s.c)
    const lastSet = new Map<number, number>()
    s.then.forEach((x, i) => { if (x.k === 'set') lastSet.set(x.id, i) })
    const order = [...lastSet.entries()].sort((a, b) => a[1] - b[1]).map(([id]) => id)
      .filter((v) => liveAfter.has(v) && this.m.stack.includes(v))
    // Values that die in the if and that the then-branch reads several times go on top too:
    // the branch reads them with short picks, and the else-branch drops them from the top.
    const reads = new Map<number, number>()
    readCounts(s.then, s.thenVals ?? [], reads)
    const elseReads = new Map<number, number>()
    readCounts(s.else, s.elseVals ?? [], elseReads)
    const dying = [...reads.entries()]
      .filter(([v, n]) => n >= DYING_VALUE_MIN_READS && !elseReads.has(v) && !liveAfter.has(v) && this.m.stack.includes(v) &&
        !order.includes(v) && this.m.depthOf(v) >= order.length + DYING_VALUE_MIN_DEPTH)
      .map(([v]) => v).reverse()
    // Values the if reads that stay live after it, deeper than a one-byte depth reaches, and read
    // many times from here on (an unrolled loop): rolled up once, they are picked for less later.
    const ahead = new Map<number, number>(reads)
    for (const v of condReads) ahead.set(v, (ahead.get(v) ?? 0) + 1)
    const deep = [...ahead.keys()].filter((v) => liveAfter.has(v) && this.m.stack.includes(v) && !order.includes(v) && !dying.includes(v) &&
      this.m.depthOf(v) > ONE_BYTE_DEPTH - order.length - dying.length)
    // the reads in the rest of the block are counted only when some value is deep enough to matter
    const later = new Map<number, number>()
    if (deep.length > 0) readCounts(this.rest.stmts.slice(this.rest.from), [], later)
    const hot = deep.filter((v) => ahead.get(v)! + (later.get(v) ?? 0) >= HOT_VALUE_MIN_READS)
    if (hot.length > 0) {
      for (const v of hot) this.m.roll(this.m.depthOf(v))
      for (const v of [...order, ...dying]) this.m.roll(this.m.depthOf(v))
      return
    }
    const onTop = (vs: number[]) => {
      const top = this.m.stack.slice(this.m.stack.length - vs.length)
      return vs.every((v, i) => top[i] === v)
    }
    if (onTop([...order, ...dying])) return
    // the assigned variables already in place stay (the dying ones come from below them)
    const moves = onTop(order) ? dying : [...order, ...dying]
    for (const v of moves) this.m.roll(this.m.depthOf(v))
  }

  /** Generates one branch from the entry layout, ending in the target layout; returns its code. */
  branch (stmts: IRStmt[], vals: IR[], outs: number[], entry: Slot[], target: Slot[], keep: Set<number>): Op[] {
    const saved = this.m.out
    this.m.out = []
    this.m.stack = [...entry]
    this.m.dropDead(this.live.branchIn.get(stmts)!)
    this.block(stmts)
    if (this.terminated) {
      // the branch ends the script: nothing has to reach the layout after the if
      this.terminated = false
      const code = this.m.out
      this.m.out = saved
      return code
    }
    if (this.inPlace(vals)) {
      vals.forEach((_v, i) => { this.m.stack[this.m.stack.length - vals.length + i] = outs[i] })
    } else {
      vals.forEach((v, i) => {
        this.expr(v)
        this.m.stack[this.m.stack.length - 1] = outs[i]
      })
    }
    this.m.dropDead(keep)
    this.m.arrange(target)
    const code = this.m.out
    this.m.out = saved
    return code
  }

  /** Whether the values are dying variables already on top of the stack in this order (nothing to move). */
  inPlace (vals: IR[]): boolean {
    if (vals.length === 0 || vals.length > this.m.stack.length) return false
    const base = this.m.stack.length - vals.length
    return vals.every((v, i) => v.k === 'var' && this.live.lastRead.has(v) && this.m.stack[base + i] === v.id)
  }

  expr (e: IR): void {
    if (e.k === 'const') {
      if (typeof e.v === 'bigint') this.m.out.push({ num: e.v })
      else if (typeof e.v === 'boolean') this.m.out.push(e.v ? 'OP_1' : 'OP_0')
      else this.m.out.push({ push: e.v })
      this.m.stack.push(null)
      return
    }
    if (e.k === 'var') {
      const d = this.m.depthOf(e.id)
      if (this.live.lastRead.has(e)) {
        this.m.roll(d)
        this.m.stack[this.m.stack.length - 1] = null
      } else {
        this.m.pick(d)
      }
      return
    }
    if (this.inPlace(e.args)) {
      for (let i = 0; i < e.args.length; i++) this.m.stack[this.m.stack.length - 1 - i] = null
    } else {
      for (const a of e.args) this.expr(a)
    }
    this.m.out.push(...e.code)
    this.m.stack.splice(this.m.stack.length - e.args.length, e.args.length, null)
  }
}
