import { Loc } from './ast'

/** A mistake in the user's sCrypt code (or a construct this compiler does not support), with its location. */
export class CompileError extends Error {
  constructor (message: string, public readonly loc: Loc) {
    super(message)
  }
}
