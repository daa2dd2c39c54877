import { IR, IRStmt } from '../ir/ir'

/**
 * Backward liveness over the lowered code: which variable reads are last uses (so the value
 * can be rolled instead of picked) and which variables are live after each statement and at
 * the start of each branch (so dead values can be dropped early).
 */
export class Liveness {
  readonly lastRead = new Set<IR>()
  readonly liveAfter = new Map<IRStmt, Set<number>>()
  readonly branchIn = new Map<IRStmt[], Set<number>>()

  /** Analyses a block given what is live after it; returns what is live at its start. */
  block (stmts: IRStmt[], liveOut: Set<number>): Set<number> {
    const live = new Set(liveOut)
    for (let i = stmts.length - 1; i >= 0; i--) {
      const s = stmts[i]
      this.liveAfter.set(s, new Set(live))
      switch (s.k) {
        case 'let':
        case 'set':
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
          const thenOut = new Set(live)
          const elseOut = new Set(live)
          for (let a = (s.thenVals ?? []).length - 1; a >= 0; a--) this.reads(s.thenVals![a], thenOut)
          for (let a = (s.elseVals ?? []).length - 1; a >= 0; a--) this.reads(s.elseVals![a], elseOut)
          const thenIn = this.block(s.then, thenOut)
          const elseIn = this.block(s.else, elseOut)
          this.branchIn.set(s.then, thenIn)
          this.branchIn.set(s.else, elseIn)
          live.clear()
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
