import { IR } from './ir'

// What an expression may do besides computing its value.

/** Opcodes that can make the script fail (so an expression using one is never removed or folded away). */
const FAILING = new Set(['OP_SPLIT', 'OP_NUM2BIN', 'OP_DIV', 'OP_MOD', 'OP_CHECKSIG', 'OP_CHECKMULTISIG', 'OP_VERIFY',
  'OP_EQUALVERIFY', 'OP_NUMEQUALVERIFY', 'OP_CHECKSIGVERIFY', 'OP_CHECKMULTISIGVERIFY', 'OP_AND', 'OP_OR', 'OP_XOR', 'OP_BIN2NUM', 'OP_RETURN',
  'OP_LSHIFT', 'OP_RSHIFT', 'OP_CODESEPARATOR'])

/** Whether evaluating the expression can fail the script. */
export function mayFail (e: IR): boolean {
  if (e.k !== 'ops') return false
  return e.code.some((op) => typeof op === 'string' && FAILING.has(op)) || e.args.some(mayFail)
}
