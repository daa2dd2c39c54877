import { BOOL, BYTES, INT, SType, assignable } from './types'

// The typing rules of sCrypt's operators, shared by the checker (which reports what does not
// apply) and the lowering (which picks the script for what does).

/** Types an `if`, `?:`, `!`, `&&` or `||` accepts as a condition: bool, and int / bytes as C does (0 and all-zero bytes are false). */
export function isCondition (t: SType): boolean {
  return t.kind === 'bool' || t.kind === 'int' || t.kind === 'bytes'
}

/** The result type of `op` on the operand types, or undefined when it does not apply. */
export function binaryType (op: string, l: SType, r: SType): SType | undefined {
  switch (op) {
    case '+':
      if (l.kind === 'int' && r.kind === 'int') return INT
      if (l.kind === 'bytes' && r.kind === 'bytes') return l.name === r.name ? l : BYTES
      return undefined
    case '<<': case '>>':
      // on bytes: OP_LSHIFT / OP_RSHIFT, the bits moved within the same length
      if (l.kind === 'bytes' && r.kind === 'int') return l
      return l.kind === 'int' && r.kind === 'int' ? INT : undefined
    case '-': case '*': case '/': case '%':
      return l.kind === 'int' && r.kind === 'int' ? INT : undefined
    case '<': case '<=': case '>': case '>=':
      return l.kind === 'int' && r.kind === 'int' ? BOOL : undefined
    case '==': case '!=':
      return assignable(l, r) || assignable(r, l) ? BOOL : undefined
    case '&': case '|': case '^':
      if (l.kind === 'int' && r.kind === 'int') return INT
      if (l.kind === 'bytes' && r.kind === 'bytes') return l.name === r.name ? l : BYTES
      return undefined
    case '&&': case '||':
      return isCondition(l) && isCondition(r) ? BOOL : undefined
  }
  return undefined
}

/** The result type of a unary operator, or undefined when it does not apply. */
export function unaryType (op: string, t: SType): SType | undefined {
  if (op === '-') return t.kind === 'int' ? INT : undefined
  if (op === '!') return isCondition(t) ? BOOL : undefined
  if (op === '~') return t.kind === 'int' || t.kind === 'bytes' ? t : undefined
  return undefined
}

/** The operator a compound assignment applies (`+=` -> `+`). */
export const compoundOperator = (op: string): string => op.slice(0, -1)
