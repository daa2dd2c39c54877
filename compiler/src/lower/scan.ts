import { ContractDecl, Expr, Stmt } from '../syntax/ast'

// Syntax-level scans that guide lowering.

function forEachExpr (e: Expr, f: (e: Expr) => void): void {
  f(e)
  switch (e.kind) {
    case 'member': forEachExpr(e.object, f); break
    case 'index': forEachExpr(e.object, f); forEachExpr(e.index, f); break
    case 'slice': forEachExpr(e.object, f); if (e.start) forEachExpr(e.start, f); if (e.end) forEachExpr(e.end, f); break
    case 'call': forEachExpr(e.callee, f); e.args.forEach((a) => forEachExpr(a, f)); break
    case 'new': e.args.forEach((a) => forEachExpr(a, f)); break
    case 'unary': forEachExpr(e.operand, f); break
    case 'incdec': forEachExpr(e.target, f); break
    case 'binary': forEachExpr(e.left, f); forEachExpr(e.right, f); break
    case 'ternary': forEachExpr(e.cond, f); forEachExpr(e.then, f); forEachExpr(e.else, f); break
    case 'structLit': e.fields.forEach((a) => forEachExpr(a, f)); break
    case 'arrayLit': e.items.forEach((a) => forEachExpr(a, f)); break
    default: break
  }
}

function forEachStmt (list: Stmt[], onStmt: (s: Stmt) => void, onExpr: (e: Expr) => void): void {
  for (const s of list) {
    onStmt(s)
    switch (s.kind) {
      case 'var': forEachExpr(s.init, onExpr); break
      case 'assign': forEachExpr(s.target, onExpr); forEachExpr(s.value, onExpr); break
      case 'expr': forEachExpr(s.expr, onExpr); break
      case 'require': forEachExpr(s.cond, onExpr); break
      case 'if': forEachExpr(s.cond, onExpr); forEachStmt(s.then, onStmt, onExpr); forEachStmt(s.else ?? [], onStmt, onExpr); break
      case 'loop': forEachExpr(s.count, onExpr); forEachStmt(s.body, onStmt, onExpr); break
      case 'return': if (s.value) forEachExpr(s.value, onExpr); break
      case 'block': forEachStmt(s.body, onStmt, onExpr); break
    }
  }
}

function rootName (e: Expr): string | null {
  while (e.kind === 'member' || e.kind === 'index') e = e.object
  return e.kind === 'ident' ? e.name : null
}

/** Names of local variables and parameters that some statement assigns (or increments). */
export function assignedNames (body: Stmt[]): Set<string> {
  const names = new Set<string>()
  forEachStmt(
    body,
    (s) => { if (s.kind === 'assign') { const n = rootName(s.target); if (n) names.add(n) } },
    (e) => {
      if (e.kind === 'incdec') { const n = rootName(e.target); if (n) names.add(n) }
      // calling a method on a library instance may change it
      if (e.kind === 'call' && e.callee.kind === 'member') { const n = rootName(e.callee.object); if (n) names.add(n) }
    }
  )
  return names
}

export function containsReturn (s: Stmt): boolean {
  let found = false
  forEachStmt([s], (x) => { if (x.kind === 'return') found = true }, () => undefined)
  return found
}

/** Whether a function (or a private function it calls on `this`) reads or writes state properties. */
export function usesState (body: Stmt[], contract: ContractDecl, _all: Map<string, ContractDecl>, seen = new Set<string>()): boolean {
  const stateNames = new Set(contract.properties.filter((p) => p.state).map((p) => p.name))
  let found = false
  forEachStmt(body, () => undefined, (e) => {
    if (found || e.kind !== 'member' || e.object.kind !== 'this') return
    if (stateNames.has(e.name) || e.name === 'getStateScript') { found = true; return }
    const fn = contract.functions.find((f) => f.name === e.name)
    if (fn && !seen.has(fn.name)) {
      seen.add(fn.name)
      if (usesState(fn.body, contract, _all, seen)) found = true
    }
  })
  return found
}
