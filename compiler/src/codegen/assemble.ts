import { Op } from '../ir/ir'
import { ASM_OPCODES, OPCODES } from '../ir/opcodes'
import { encodeNum, pushData } from '../ir/scriptNumber'

const NAMES_BY_CODE = new Map(Object.entries(OPCODES).map(([k, v]) => [v, k]))

function numHex (n: bigint): string {
  if (n === 0n) return '00'
  if (n === -1n) return '4f'
  if (n >= 1n && n <= 16n) return (0x50 + Number(n)).toString(16)
  return pushData(encodeNum(n))
}

/** Hex of one operation; placeholders stay as scryptlib's `<name>` template markers. */
export function opHex (op: Op): string {
  if (typeof op === 'string') {
    const code = OPCODES[op] ?? ASM_OPCODES[op]
    if (code === undefined) throw new Error(`internal: unknown opcode ${op}`)
    return code.toString(16).padStart(2, '0')
  }
  if ('push' in op) return pushData(op.push)
  if ('num' in op) return numHex(op.num)
  return `<${op.placeholder}>`
}

/** ASM text of one operation (scryptlib writes template variables as $name). */
export function opAsm (op: Op): string {
  if (typeof op === 'string') return op
  if ('placeholder' in op) return `$${op.placeholder}`
  const hex = opHex(op)
  const first = parseInt(hex.slice(0, 2), 16)
  if (hex.length === 2) return NAMES_BY_CODE.get(first) ?? hex
  return 'push' in op ? op.push : encodeNum(op.num)
}

export function assembleHex (code: Op[]): string {
  return code.map(opHex).join('')
}
