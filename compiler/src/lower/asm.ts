import type { Loc } from '../syntax/ast'
import type { Op } from '../ir/ir'
import { ASM_OPCODES, CHRONICLE_ONLY } from '../ir/opcodes'
import { fail } from '../diagnostics/CompileError'

/** Names Chronicle gives to opcodes (on bytes that are NOPs before it). */
const CHRONICLE_NAMES = new Set(['OP_SUBSTR', 'OP_LEFT', 'OP_RIGHT', 'OP_LSHIFTNUM', 'OP_RSHIFTNUM'])

/**
 * The operations of an inline `asm { }` body: opcodes (any case), hex data pushes, `0` and `-1`,
 * and `$name` variables, which become template placeholders `<Contract.function.name>` that
 * scryptlib's replaceAsmVars (scrypt-ts's setAsmVars) fills in, every occurrence.
 */
export function parseAsm (text: string, owner: string, at: Loc): Op[] {
  const ops: Op[] = []
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (word.startsWith('$')) {
      // the standard library names its variables in full, as the official compiler's
      // (`$Tx.checkPreimageOpt_.sigHashType` is filled by that name)
      if (at.file === 'std' && /^\$[A-Za-z_][A-Za-z0-9_.]*$/.test(word)) { ops.push({ placeholder: word.slice(1) }); continue }
      if (!/^\$[A-Za-z_][A-Za-z0-9_]*$/.test(word)) fail('syntax', `invalid asm variable '${word}'`, at)
      ops.push({ placeholder: `${owner}.${word.slice(1)}` })
    } else if (/^op_/i.test(word)) {
      const name = word.toUpperCase()
      if (CHRONICLE_NAMES.has(name)) fail('unsupported', `'${word}' is an opcode only the Chronicle upgrade enables; it is not emitted`, at)
      const code = ASM_OPCODES[name]
      if (code === undefined) fail('syntax', `unknown opcode '${word}' in asm`, at)
      if (CHRONICLE_ONLY.has(code)) fail('unsupported', `'${word}' is an opcode only the Chronicle upgrade enables; it is not emitted`, at)
      ops.push(name === 'OP_FALSE' ? 'OP_0' : name === 'OP_TRUE' ? 'OP_1' : name)
    } else if (word === '0') {
      ops.push('OP_0')
    } else if (word === '-1') {
      ops.push('OP_1NEGATE')
    } else if (/^([0-9a-fA-F]{2})+$/.test(word)) {
      ops.push({ push: word.toLowerCase() })
    } else {
      fail('syntax', `'${word}' is neither an opcode, hex data nor a $variable`, at)
    }
  }
  return ops
}
