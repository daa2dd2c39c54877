import type { Rule } from './pattern'
import { move } from './pattern'

// The peephole rules, as data: each rewrites adjacent operations into shorter ones that leave
// the stack exactly as before (and fail exactly when the originals would).

/** Opcodes whose two operands can be swapped without changing the result. */
export const COMMUTATIVE = new Set(['OP_ADD', 'OP_MUL', 'OP_BOOLAND', 'OP_BOOLOR', 'OP_NUMEQUAL', 'OP_NUMEQUALVERIFY', 'OP_NUMNOTEQUAL',
  'OP_EQUAL', 'OP_EQUALVERIFY', 'OP_MIN', 'OP_MAX', 'OP_AND', 'OP_OR', 'OP_XOR'])

export const RULES: Rule[] = [
  { name: 'swap-swap', why: 'two swaps undo each other', pattern: ['OP_SWAP', 'OP_SWAP'], replace: () => [] },
  { name: 'dup-swap', why: 'swapping a value with its copy changes nothing', pattern: ['OP_DUP', 'OP_SWAP'], replace: () => ['OP_DUP'] },
  { name: 'dup-drop', why: 'a copy dropped at once', pattern: ['OP_DUP', 'OP_DROP'], replace: () => [] },
  { name: 'over-drop', why: 'a copy dropped at once', pattern: ['OP_OVER', 'OP_DROP'], replace: () => [] },
  { name: 'swap-drop', why: 'dropping the value swapped to the top drops the second', pattern: ['OP_SWAP', 'OP_DROP'], replace: () => ['OP_NIP'] },
  {
    name: 'swap-commutative',
    why: 'the operands of a commutative operation may come in either order',
    pattern: ['OP_SWAP', { anyOf: COMMUTATIVE, as: 'op' }],
    replace: (b) => [b.op as string],
  },
  { name: 'nip-drop', why: 'dropping the second value and then the top drops both', pattern: ['OP_NIP', 'OP_DROP'], replace: () => ['OP_2DROP'] },
  { name: 'drop-drop', why: 'two drops in one', pattern: ['OP_DROP', 'OP_DROP'], replace: () => ['OP_2DROP'] },
  { name: 'over-over', why: 'two overs copy the top pair', pattern: ['OP_OVER', 'OP_OVER'], replace: () => ['OP_2DUP'] },
  { name: 'dup-size-nip', why: 'the size of a copy, the copy dropped: the size of the value, kept', pattern: ['OP_DUP', 'OP_SIZE', 'OP_NIP'], replace: () => ['OP_SIZE'] },
  {
    name: 'pick-then-roll',
    why: 'a copy of a value followed by rolling the value itself up: roll it up, then copy it',
    pattern: [{ pick: 'd' }, { roll: 'r' }],
    when: (b) => b.r === (b.d as number) + 1,
    replace: (b) => [...move('roll', b.d as number), 'OP_DUP'],
  },
  {
    name: 'dup-pick2',
    why: 'a b -> a b b a: copy the pair, then swap the copies',
    pattern: ['OP_DUP', { pick: 'd' }],
    when: (b) => b.d === 2,
    replace: () => ['OP_2DUP', 'OP_SWAP'],
  },
]
