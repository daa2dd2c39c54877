import type { Loc } from '../syntax/ast'

/**
 * The kinds of mistakes the compiler reports, one per class of cause (CashScript's error classes):
 * the error fixtures of the tests live in folders named after them.
 */
export type ErrorKind =
  | 'syntax' // the text does not parse
  | 'import' // an imported file cannot be read, or imports itself
  | 'redefinition' // a name declared twice in one scope
  | 'undefined' // a name (variable, type, function, property, field) that is not declared
  | 'type' // a value of the wrong type, an operator that does not apply
  | 'arguments' // a call with the wrong number of arguments
  | 'constant' // a compile-time constant is required
  | 'bounds' // a constant index outside its array
  | 'assignment' // assigning what cannot be assigned (a const, a non-lvalue)
  | 'structure' // a contract, function or statement in a place or shape the language does not allow
  | 'unsupported' // valid sCrypt this compiler does not compile (never compiled into wrong code)
  | 'internal' // a defect of the compiler itself, reported instead of a crash

/** A mistake in the user's sCrypt code (or a construct this compiler does not support), with its location. */
export class CompileError extends Error {
  constructor (readonly kind: ErrorKind, message: string, readonly loc: Loc) {
    super(message)
  }
}

/** Throws a located error of the given kind. */
export function fail (kind: ErrorKind, message: string, loc: Loc): never {
  throw new CompileError(kind, message, loc)
}
