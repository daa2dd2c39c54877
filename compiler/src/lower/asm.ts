import type { Loc } from '../syntax/ast'
import type { Op } from '../ir/ir'
import { ASM_OPCODES, CHRONICLE_ONLY } from '../ir/opcodes'
import { fail } from '../diagnostics/CompileError'

/** Names Chronicle gives to opcodes (on bytes that are NOPs before it). */
const CHRONICLE_NAMES = new Set(['OP_SUBSTR', 'OP_LEFT', 'OP_RIGHT', 'OP_LSHIFTNUM', 'OP_RSHIFTNUM'])

/**
 * The operations of an inline `asm { }` body: opcodes (any case), hex data pushes, `0` and `-1`,
 * `$name` variables, which become template placeholders `<Contract.function.name>` that
 * scryptlib's replaceAsmVars (scrypt-ts's setAsmVars) fills in, every occurrence, and loops
 * `loop (n) { ... }` repeated n times (n an integer or a static constant the `constant` callback knows).
 */
export function parseAsm (text: string, owner: string, at: Loc, constant: (name: string) => bigint | undefined = () => undefined): Op[] {
  const words = text.replace(/([(){}])/g, ' $1 ').split(/\s+/).filter((w) => w !== '')
  const pos = { i: 0 }
  const ops = asmOps(words, pos, owner, at, constant)
  if (pos.i < words.length) fail('syntax', `unexpected '${words[pos.i]}' in asm`, at)
  return ops
}

function asmOps (words: string[], pos: { i: number }, owner: string, at: Loc, constant: (name: string) => bigint | undefined): Op[] {
  const ops: Op[] = []
  while (pos.i < words.length && words[pos.i] !== '}') {
    const word = words[pos.i++]
    if (word === 'loop') {
      const expect = (w: string) => { if (words[pos.i++] !== w) fail('syntax', `expecting '${w}' in an asm loop`, at) }
      expect('(')
      const n = words[pos.i++] ?? ''
      const count = /^[0-9]+$/.test(n) ? BigInt(n) : constant(n)
      if (count === undefined) fail('constant', `an asm loop count must be an integer or a static constant, not '${n}'`, at)
      expect(')')
      expect('{')
      const body = asmOps(words, pos, owner, at, constant)
      expect('}')
      for (let k = 0n; k < count; k++) ops.push(...body)
    } else {
      ops.push(asmWord(word, owner, at))
    }
  }
  return ops
}

function asmWord (word: string, owner: string, at: Loc): Op {
  if (word.startsWith('$')) {
    // the standard library names its variables in full, as the official compiler's
    // (`$Tx.checkPreimageOpt_.sigHashType` is filled by that name)
    if (at.file === 'std' && /^\$[A-Za-z_][A-Za-z0-9_.]*$/.test(word)) return { placeholder: word.slice(1) }
    if (!/^\$[A-Za-z_][A-Za-z0-9_]*$/.test(word)) fail('syntax', `invalid asm variable '${word}'`, at)
    return { placeholder: `${owner}.${word.slice(1)}` }
  }
  if (/^op_/i.test(word)) {
    const name = word.toUpperCase()
    if (CHRONICLE_NAMES.has(name)) fail('unsupported', `'${word}' is an opcode only the Chronicle upgrade enables; it is not emitted`, at)
    const code = ASM_OPCODES[name]
    if (code === undefined) fail('syntax', `unknown opcode '${word}' in asm`, at)
    if (CHRONICLE_ONLY.has(code)) fail('unsupported', `'${word}' is an opcode only the Chronicle upgrade enables; it is not emitted`, at)
    return name === 'OP_FALSE' ? 'OP_0' : name === 'OP_TRUE' ? 'OP_1' : name
  }
  if (word === '0') return 'OP_0'
  if (word === '-1') return 'OP_1NEGATE'
  if (/^([0-9a-fA-F]{2})+$/.test(word)) return { push: word.toLowerCase() }
  return fail('syntax', `'${word}' is neither an opcode, hex data nor a $variable`, at)
}
