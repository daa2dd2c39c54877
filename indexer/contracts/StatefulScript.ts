import { createHash } from 'crypto'
import { OP_0, OP_RETURN, readOp } from '../script/ScriptOps'

/**
 * The locking script of a scrypt-ts stateful contract, as scryptlib and scrypt-ts build it
 * (`SmartContract.getStateScript()`, scryptlib's `codePart` + `dataPart`):
 *
 *   codePart = <contract code> OP_RETURN          (scrypt-ts's `instance.codePart`)
 *   state    = <isGenesis: 1 byte, 00 or 01> <serialized state props>
 *   then     <len(state): 4 bytes little-endian> <version: 1 byte, 00>
 *
 * The state after OP_RETURN is raw bytes, not pushes: the code part ends at an OP_RETURN
 * opcode (not a 0x6a byte inside a push), and everything after it is data.
 */
export interface StatefulScript {
  /** The code part including its final OP_RETURN, exactly scrypt-ts's `instance.codePart`. */
  codePart: Buffer
  /** sha256(codePart), hex: the identity of a contract across its state updates. */
  codeHash: string
  /** isGenesis byte and serialized props (without the length and version). */
  state: Buffer
}

/** State length (4) and version (1). */
const STATE_META = 5
const STATE_VERSION = 0
/** Shortest layout: one opcode of code, OP_RETURN, the isGenesis byte, the meta. */
const MIN_SCRIPT = 1 + 1 + 1 + STATE_META

export const codeHashOf = (codePart: Buffer): string => createHash('sha256').update(codePart).digest('hex')

/** Data outputs start with OP_RETURN or OP_FALSE OP_RETURN: no contract lives there. */
const isDataOutput = (script: Buffer): boolean => script[0] === OP_RETURN || (script[0] === OP_0 && script[1] === OP_RETURN)

/**
 * The offset of the code part's OP_RETURN when the script's tail has the stateful layout,
 * else undefined. Cheap: no hashing, no opcode walk; rejects nearly every other script.
 */
function opReturnOffset (script: Buffer): number | undefined {
  const n = script.length
  if (n < MIN_SCRIPT || script[n - 1] !== STATE_VERSION) return undefined
  const stateLength = script.readUInt32LE(n - STATE_META)
  if (stateLength < 1 || stateLength > n - MIN_SCRIPT + 1) return undefined
  const at = n - STATE_META - stateLength - 1
  if (at < 1 || script[at] !== OP_RETURN) return undefined
  const isGenesis = script[at + 1]
  if (isGenesis !== 0 && isGenesis !== 1) return undefined
  return at
}

/** True when an opcode starts exactly at `offset` (walking from the start of the script). */
function opcodeStartsAt (script: Buffer, offset: number): boolean {
  let pos = 0
  while (pos < offset) {
    const op = readOp(script, pos)
    if (op === undefined) return false
    pos = op.end
  }
  return pos === offset
}

/** The code part and state of a stateful contract's locking script, or undefined. */
export function readStatefulScript (script: Buffer): StatefulScript | undefined {
  const at = opReturnOffset(script)
  if (at === undefined || isDataOutput(script) || !opcodeStartsAt(script, at)) return undefined
  const codePart = script.subarray(0, at + 1)
  return { codePart, codeHash: codeHashOf(codePart), state: script.subarray(at + 1, script.length - STATE_META) }
}
