import { readOp } from '../script/ScriptOps'

const OP_1NEGATE = 0x4f
const OP_1 = 0x51
const OP_16 = 0x60

/**
 * Reads the serialized props of a scrypt-ts stateful contract's state, in declaration order
 * of its `@prop(true)` fields: the isGenesis byte, then each prop as a push (`bytes`-like
 * props their bytes, `int` props a sign-magnitude little-endian number, `bool` one byte).
 * scryptlib also writes small ints as OP_0, OP_1NEGATE and OP_1..OP_16: both are read.
 */
export class ScryptStateReader {
  private pos = 1
  readonly isGenesis: boolean

  constructor (private readonly state: Buffer) {
    if (state.length < 1 || state[0] > 1) throw new Error('a contract state starts with an isGenesis byte of 00 or 01')
    this.isGenesis = state[0] === 1
  }

  bytes (): Buffer {
    const op = readOp(this.state, this.pos)
    if (op === undefined) throw new Error(`the contract state ends or is cut at byte ${this.pos}`)
    this.pos = op.end
    if (op.data !== undefined) return op.data
    if (op.op === OP_1NEGATE) return Buffer.from([0x81])
    if (op.op >= OP_1 && op.op <= OP_16) return Buffer.from([op.op - OP_1 + 1])
    throw new Error(`the contract state has opcode 0x${op.op.toString(16)} where a value was expected`)
  }

  int (): bigint {
    const b = this.bytes()
    if (b.length === 0) return 0n
    let n = 0n
    for (let i = b.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(i === b.length - 1 ? b[i] & 0x7f : b[i])
    return (b[b.length - 1] & 0x80) !== 0 ? -n : n
  }

  bool (): boolean {
    return this.state[this.pos++] === 1
  }

  /** Fails unless every byte of the state was read. */
  end (): void {
    if (this.pos !== this.state.length) throw new Error(`the contract state has ${this.state.length - this.pos} bytes more than its props`)
  }
}
