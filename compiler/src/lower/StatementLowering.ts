import type { Stmt } from '../syntax/ast'
import { CompileError } from '../diagnostics/CompileError'
import { INT } from '../semantic/types'
import { Value, leaves, scalar } from './values'
import { CallLowering } from './CallLowering'

/** Whether a statement is `exit(...)`. */
export function isExit (s: Stmt): boolean {
  return s.kind === 'expr' && s.expr.kind === 'call' && s.expr.callee.kind === 'ident' && s.expr.callee.name === 'exit'
}

/** Statements: declarations, assignments, require, if, loop unrolling, exit, code separators. */
export abstract class StatementLowering extends CallLowering {
  protected stmts (list: Stmt[]): void {
    for (const s of list) {
      this.stmt(s)
      // nothing after an exit runs
      if (isExit(s)) return
    }
  }

  protected scoped (fn: () => void): void {
    this.scopes.push(new Map())
    try { fn() } finally { this.scopes.pop() }
  }

  protected stmt (s: Stmt): void {
    this.lastLoc = s.loc
    switch (s.kind) {
      case 'block':
        this.scoped(() => this.stmts(s.body))
        return
      case 'var': {
        const type = s.type ? this.resolveType(s.type) : null
        const v = this.expr(s.init, type ?? undefined)
        if (type) this.check(type, v, s.init.loc)
        const scope = this.scopes[this.scopes.length - 1]
        if (scope.has(s.name)) throw new CompileError('redefinition', `'${s.name}' is already declared`, s.loc)
        const mutable = this.assigned.has(s.name) || (type ?? v.type).kind === 'library'
        scope.set(s.name, this.materialize(type ? this.retype(v, type) : v, mutable))
        return
      }
      case 'assign': {
        const targetType = this.typeOfLvalue(s.target)
        let v: Value
        if (s.op === '=') v = this.expr(s.value, targetType)
        else v = this.binary(s.op.slice(0, -1), this.expr(s.target), this.expr(s.value, targetType), s.loc)
        this.check(targetType, v, s.value.loc)
        this.assign(s.target, v)
        return
      }
      case 'expr': {
        const e = s.expr
        if (isExit(s)) {
          // exit(c): fails unless c; the script ends here, successfully
          const c = this.boolExpr((e as Extract<typeof e, { kind: 'call' }>).args[0])
          if (!(c.k === 'const' && c.v === true)) this.out.push({ k: 'verify', e: c })
          this.out.push({ k: 'exit' })
          return
        }
        if (e.kind === 'incdec') {
          this.assign(e.target, this.incdec(e.target, e.op, e.loc))
          return
        }
        const v = this.expr(e)
        // an unused result may still fail the script (e.g. a failing split): evaluate it anyway
        for (const l of leaves(v)) if (l.ir.k === 'ops') this.out.push({ k: 'let', id: this.nextId++, e: l.ir })
        return
      }
      case 'require': {
        const c = this.boolExpr(s.cond)
        if (c.k === 'const' && c.v === true) return
        this.out.push({ k: 'verify', e: c })
        this.learnLengths(c)
        return
      }
      case 'if': {
        const c = this.boolExpr(s.cond)
        if (c.k === 'const') {
          const branch = c.v ? s.then : s.else
          if (branch) this.scoped(() => this.stmts(branch))
          return
        }
        const thenCode = this.capture(() => this.scoped(() => this.stmts(s.then)))
        const elseCode = this.capture(() => this.scoped(() => this.stmts(s.else ?? [])))
        this.out.push({ k: 'if', c, then: thenCode, else: elseCode })
        return
      }
      case 'loop': {
        const n = this.constInt(s.count)
        if (n < 0n) throw new CompileError('constant', 'loop count must not be negative', s.count.loc)
        for (let i = 0n; i < n; i++) {
          this.scoped(() => {
            if (s.index) this.scopes[this.scopes.length - 1].set(s.index, scalar(INT, { k: 'const', v: i }))
            this.scoped(() => this.stmts(s.body))
          })
        }
        return
      }
      case 'return':
        throw new CompileError('unsupported', 'return is only allowed as the last statement of a function', s.loc)
      case 'codeSeparator':
        this.out.push({ k: 'letn', ids: [], args: [], code: ['OP_CODESEPARATOR'] })
        return
      case 'asm':
        throw new CompileError('structure', 'an asm block must be the whole body of a function', s.loc)
    }
  }
}
