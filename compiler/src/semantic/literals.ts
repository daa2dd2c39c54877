import type { Expr } from '../syntax/ast'

/** A struct literal, or an array literal of them, whose type only its context can tell. */
export function isUntypedLiteral (e: Expr): boolean {
  if (e.kind === 'structLit') return true
  return e.kind === 'arrayLit' && e.items.length > 0 && isUntypedLiteral(e.items[0])
}
