import { IR, IRStmt, Op, ops } from '../ir/ir'
import { SType, flattenType } from '../semantic/types'
import { Value, leaves, unflatten } from './values'

// scryptlib's state layout (Stateful.buildState): after the code part and OP_RETURN come
// the hidden isGenesis byte, then every state property's scalars in declaration order
// (bool: one byte 01/00; int and byte strings: a data push, int 0 as `01 00`, empty bytes as `00`),
// then the state's length in 4 bytes and the version byte 00.

/** Reads one data push off the front: [bytes] -> [data, rest]. */
const READ_PUSH: Op[] = [
  'OP_1', 'OP_SPLIT', 'OP_SWAP', 'OP_BIN2NUM',
  'OP_DUP', { num: 0x4cn }, 'OP_GREATERTHANOREQUAL',
  'OP_IF',
  { num: 0x4bn }, 'OP_SUB', 'OP_DUP', 'OP_3', 'OP_NUMEQUAL', 'OP_IF', 'OP_1ADD', 'OP_ENDIF',
  'OP_SPLIT', 'OP_SWAP', { push: '00' }, 'OP_CAT', 'OP_BIN2NUM',
  'OP_ENDIF',
  'OP_SPLIT',
]

/** Serializes a byte string as a data push: [data] -> [push]. */
const WRITE_PUSH: Op[] = [
  'OP_SIZE', 'OP_DUP', { num: 0x4cn }, 'OP_LESSTHAN',
  'OP_IF',
  'OP_1', 'OP_NUM2BIN',
  'OP_ELSE',
  'OP_DUP', { num: 0x100n }, 'OP_LESSTHAN',
  'OP_IF',
  'OP_2', 'OP_NUM2BIN', 'OP_1', 'OP_SPLIT', 'OP_DROP', { push: '4c' }, 'OP_SWAP', 'OP_CAT',
  'OP_ELSE',
  'OP_DUP', { num: 0x10000n }, 'OP_LESSTHAN',
  'OP_IF',
  'OP_3', 'OP_NUM2BIN', 'OP_2', 'OP_SPLIT', 'OP_DROP', { push: '4d' }, 'OP_SWAP', 'OP_CAT',
  'OP_ELSE',
  'OP_5', 'OP_NUM2BIN', 'OP_4', 'OP_SPLIT', 'OP_DROP', { push: '4e' }, 'OP_SWAP', 'OP_CAT',
  'OP_ENDIF',
  'OP_ENDIF',
  'OP_ENDIF',
  'OP_SWAP', 'OP_CAT',
]

/**
 * Serializes an int: [n] -> [push]; 0 becomes `01 00` as scryptlib writes it (NOTIF only ever
 * sees 0 or 1: nodes require IF arguments to be minimal). An int in the state
 * is limited to 75 bytes (|n| < 2^599): a larger one makes the script fail rather than write a
 * state scryptlib would read differently.
 */
const WRITE_INT: Op[] = [
  'OP_DUP', 'OP_0NOTEQUAL', 'OP_NOTIF', 'OP_DROP', { push: '00' }, 'OP_ENDIF',
  'OP_SIZE', 'OP_DUP', { num: 0x4cn }, 'OP_LESSTHAN', 'OP_VERIFY', 'OP_SWAP', 'OP_CAT',
]

/** Utils.writeVarint as one operation: [bytes] -> [varint(length) + bytes]. */
export const WRITE_VARINT: Op[] = [
  'OP_SIZE', 'OP_DUP', { num: 0xfdn }, 'OP_LESSTHAN',
  'OP_IF',
  'OP_2', 'OP_NUM2BIN', 'OP_1', 'OP_SPLIT', 'OP_DROP',
  'OP_ELSE',
  'OP_DUP', { num: 0x10000n }, 'OP_LESSTHAN',
  'OP_IF',
  'OP_3', 'OP_NUM2BIN', 'OP_2', 'OP_SPLIT', 'OP_DROP', { push: 'fd' }, 'OP_SWAP', 'OP_CAT',
  'OP_ELSE',
  'OP_DUP', { num: 0x100000000n }, 'OP_LESSTHAN',
  'OP_IF',
  'OP_5', 'OP_NUM2BIN', 'OP_4', 'OP_SPLIT', 'OP_DROP', { push: 'fe' }, 'OP_SWAP', 'OP_CAT',
  'OP_ELSE',
  'OP_9', 'OP_NUM2BIN', 'OP_8', 'OP_SPLIT', 'OP_DROP', { push: 'ff' }, 'OP_SWAP', 'OP_CAT',
  'OP_ENDIF',
  'OP_ENDIF',
  'OP_ENDIF',
  'OP_SWAP', 'OP_CAT',
]

export class StateCodec {
  /** Splits the locking script into its code part and state, and reads every state scalar. */
  decode (scriptCode: Value, types: SType[], newId: () => number, out: IRStmt[]): { codePart: number; isGenesis: number; values: Value[] } {
    const codePart = newId()
    let rest = newId()
    out.push({
      k: 'letn',
      ids: [codePart, rest],
      args: [(scriptCode as { ir: IR }).ir],
      code: ['OP_SIZE', 'OP_5', 'OP_SUB', 'OP_SPLIT', 'OP_4', 'OP_SPLIT', 'OP_DROP', 'OP_BIN2NUM', 'OP_OVER', 'OP_SIZE', 'OP_NIP', 'OP_SWAP', 'OP_SUB', 'OP_SPLIT'],
    })
    // the isGenesis byte: 01 in the deployed output, whose state is only scryptlib's defaults
    const isGenesis = newId()
    let next = newId()
    out.push({ k: 'letn', ids: [isGenesis, next], args: [{ k: 'var', id: rest }], code: ['OP_1', 'OP_SPLIT', 'OP_SWAP', 'OP_BIN2NUM', 'OP_SWAP'] })
    rest = next
    const values = types.map((t) => {
      const irs: IR[] = flattenType(t).map((leaf) => {
        const id = newId()
        next = newId()
        const code: Op[] = leaf.type.kind === 'bool'
          ? ['OP_1', 'OP_SPLIT', 'OP_SWAP', 'OP_BIN2NUM', 'OP_SWAP']
          : leaf.type.kind === 'int'
            ? [...READ_PUSH, 'OP_SWAP', 'OP_BIN2NUM', 'OP_SWAP']
            : READ_PUSH
        out.push({ k: 'letn', ids: [id, next], args: [{ k: 'var', id: rest }], code })
        rest = next
        return { k: 'var', id }
      })
      return unflatten(t, irs)
    })
    return { codePart, isGenesis, values }
  }

  /** codePart + serialized state (isGenesis = false) + length + version. */
  encode (codePart: IR, values: Value[]): IR {
    let state: IR = { k: 'const', v: '00' }
    for (const v of values) {
      for (const leaf of leaves(v)) {
        const code = leaf.type.kind === 'bool' ? ['OP_0NOTEQUAL', 'OP_1', 'OP_NUM2BIN'] : leaf.type.kind === 'int' ? WRITE_INT : WRITE_PUSH
        state = ops([state, ops([leaf.ir], ...code)], 'OP_CAT')
      }
    }
    const withMeta = ops([state], 'OP_SIZE', 'OP_4', 'OP_NUM2BIN', 'OP_CAT', { push: '00' }, 'OP_CAT')
    return ops([codePart, withMeta], 'OP_CAT')
  }
}
