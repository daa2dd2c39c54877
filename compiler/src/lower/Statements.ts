import type { Stmt } from '../syntax/ast'
import { CompileError } from '../diagnostics/CompileError'
import { INT } from '../semantic/types'
import { Value, leaves, scalar } from './values'
import type { StatementsPart, Parts } from './parts'
import type { LoweringState } from './LoweringState'

/** Whether a statement is `exit(...)`. */
export function isExit (s: Stmt): boolean {
  return s.kind === 'expr' && s.expr.kind === 'call' && s.expr.callee.kind === 'ident' && s.expr.callee.name === 'exit'
}

/** Statements: declarations, assignments, require, if, loop unrolling, exit, code separators. */
export class Statements implements StatementsPart {
  constructor (private readonly l: Parts) {}

  private get s (): LoweringState { return this.l.state }

  stmts (list: Stmt[]): void {
    for (const s of list) {
      this.stmt(s)
      // nothing after an exit runs
      if (isExit(s)) return
    }
  }

  private scoped (fn: () => void): void {
    this.s.scopes.push(new Map())
    try { fn() } finally { this.s.scopes.pop() }
  }

  private stmt (s: Stmt): void {
    this.s.lastLoc = s.loc
    switch (s.kind) {
      case 'block':
        this.scoped(() => this.stmts(s.body))
        return
      case 'var': {
        const type = s.type ? this.s.resolveType(s.type) : null
        const v = this.l.expressions.expr(s.init, type ?? undefined)
        if (type) this.s.check(type, v, s.init.loc)
        const scope = this.s.scopes[this.s.scopes.length - 1]
        if (scope.has(s.name)) throw new CompileError('redefinition', `'${s.name}' is already declared`, s.loc)
        const mutable = this.s.assigned.has(s.name) || (type ?? v.type).kind === 'library'
        scope.set(s.name, this.l.storage.materialize(type ? this.s.retype(v, type) : v, mutable))
        return
      }
      case 'assign': {
        const targetType = this.l.storage.typeOfLvalue(s.target)
        let v: Value
        if (s.op === '=') v = this.l.expressions.expr(s.value, targetType)
        else v = this.l.expressions.binary(s.op.slice(0, -1), this.l.expressions.expr(s.target), this.l.expressions.expr(s.value, targetType), s.loc)
        this.s.check(targetType, v, s.value.loc)
        this.l.storage.assign(s.target, v)
        return
      }
      case 'expr': {
        const e = s.expr
        if (isExit(s)) {
          // exit(c): fails unless c; the script ends here, successfully
          const c = this.l.expressions.boolExpr((e as Extract<typeof e, { kind: 'call' }>).args[0])
          if (!(c.k === 'const' && c.v === true)) this.s.out.push({ k: 'verify', e: c })
          this.s.out.push({ k: 'exit' })
          return
        }
        if (e.kind === 'incdec') {
          this.l.storage.assign(e.target, this.l.storage.incdec(e.target, e.op, e.loc))
          return
        }
        const v = this.l.expressions.expr(e)
        // an unused result may still fail the script (e.g. a failing split): evaluate it anyway
        for (const l of leaves(v)) if (l.ir.k === 'ops') this.s.out.push({ k: 'let', id: this.s.nextId++, e: l.ir })
        return
      }
      case 'require': {
        const c = this.l.expressions.boolExpr(s.cond)
        if (c.k === 'const' && c.v === true) return
        this.s.out.push({ k: 'verify', e: c })
        this.l.storage.learnLengths(c)
        return
      }
      case 'if': {
        const c = this.l.expressions.boolExpr(s.cond)
        if (c.k === 'const') {
          const branch = c.v ? s.then : s.else
          if (branch) this.scoped(() => this.stmts(branch))
          return
        }
        const thenCode = this.l.storage.capture(() => this.scoped(() => this.stmts(s.then)))
        const elseCode = this.l.storage.capture(() => this.scoped(() => this.stmts(s.else ?? [])))
        this.s.out.push({ k: 'if', c, then: thenCode, else: elseCode })
        return
      }
      case 'loop': {
        const n = this.l.expressions.constInt(s.count)
        if (n < 0n) throw new CompileError('constant', 'loop count must not be negative', s.count.loc)
        for (let i = 0n; i < n; i++) {
          this.scoped(() => {
            if (s.index) this.s.scopes[this.s.scopes.length - 1].set(s.index, scalar(INT, { k: 'const', v: i }))
            this.scoped(() => this.stmts(s.body))
          })
        }
        return
      }
      case 'return':
        throw new CompileError('unsupported', 'return is only allowed as the last statement of a function', s.loc)
      case 'codeSeparator':
        this.s.out.push({ k: 'letn', ids: [], args: [], code: ['OP_CODESEPARATOR'] })
        return
      case 'asm':
        throw new CompileError('structure', 'an asm block must be the whole body of a function', s.loc)
    }
  }
}
