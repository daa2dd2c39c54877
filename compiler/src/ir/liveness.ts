import { IR, IRStmt, readsOf } from '../ir/ir'
import { ownDefs, walk } from './walk'

/** The variables a statement reads or defines, at any depth. */
function mentionedIn (s: IRStmt): Set<number> {
  const out = new Set<number>()
  walk([s], {
    stmt: (x) => ownDefs(x).forEach((id) => out.add(id)),
    expr: (e) => readsOf(e).forEach((id) => out.add(id)),
  })
  return out
}

/** The members of a set that are in the scope. */
function within (set: Set<number>, scope: Set<number>): Set<number> {
  const out = new Set<number>()
  for (const v of scope) if (set.has(v)) out.add(v)
  return out
}

/**
 * Backward liveness over the lowered code: which variable reads are last uses (so the value
 * can be rolled instead of picked) and which variables are live after each statement and at
 * the start of each branch (so dead values can be dropped early).
 */
export class Liveness {
  readonly lastRead = new Set<IR>()
  readonly liveAfter = new Map<IRStmt, Set<number>>()
  readonly branchIn = new Map<IRStmt[], Set<number>>()
  /** The definitions (let, set) whose value is not read after them. */
  readonly unread = new Set<IRStmt>()

  /**
   * `sets`: whether to keep the live set after every statement (the code generator's); without
   * them only `unread` and the branches' entry sets are kept (copying a long-lived set at every
   * statement makes the analysis quadratic in the number of statements).
   */
  constructor (private readonly sets = true) {}

  /** Analyses a block given what is live after it; returns what is live at its start. */
  block (stmts: IRStmt[], liveOut: Set<number>): Set<number> {
    const live = new Set(liveOut)
    for (let i = stmts.length - 1; i >= 0; i--) {
      const s = stmts[i]
      if (this.sets) this.liveAfter.set(s, new Set(live))
      switch (s.k) {
        case 'let':
        case 'set':
          if (!live.has(s.id)) this.unread.add(s)
          live.delete(s.id)
          this.reads(s.e, live)
          break
        case 'letn':
          for (const id of s.ids) live.delete(id)
          for (let a = s.args.length - 1; a >= 0; a--) this.reads(s.args[a], live)
          break
        case 'verify':
          this.reads(s.e, live)
          break
        case 'exit':
          // nothing after an exit runs: every value may go
          live.clear()
          break
        case 'if': {
          for (const o of s.outs ?? []) live.delete(o)
          // without kept sets, the branches are analysed over the variables the if mentions:
          // any other is live before it exactly when it is live after it
          const scope = this.sets ? null : mentionedIn(s)
          const thenOut = scope ? within(live, scope) : new Set(live)
          const elseOut = scope ? within(live, scope) : new Set(live)
          for (let a = (s.thenVals ?? []).length - 1; a >= 0; a--) this.reads(s.thenVals![a], thenOut)
          for (let a = (s.elseVals ?? []).length - 1; a >= 0; a--) this.reads(s.elseVals![a], elseOut)
          const thenIn = this.block(s.then, thenOut)
          const elseIn = this.block(s.else, elseOut)
          this.branchIn.set(s.then, thenIn)
          this.branchIn.set(s.else, elseIn)
          if (scope) for (const v of scope) live.delete(v)
          else live.clear()
          for (const v of thenIn) live.add(v)
          for (const v of elseIn) live.add(v)
          this.reads(s.c, live)
          break
        }
      }
    }
    return live
  }

  /** Marks the reads of an expression, visiting them in reverse evaluation order. */
  reads (e: IR, live: Set<number>): void {
    if (e.k === 'var') {
      if (!live.has(e.id)) this.lastRead.add(e)
      live.add(e.id)
    } else if (e.k === 'ops') {
      for (let a = e.args.length - 1; a >= 0; a--) this.reads(e.args[a], live)
    }
  }
}
