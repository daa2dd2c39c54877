import { expect } from 'chai'
import { LockingScript, Spend, UnlockingScript } from '@bsv/sdk'
import type { Op } from '../src/ir/ir'
import { assembleHex } from '../src/codegen/assemble'
import { peephole } from '../src/codegen/peephole/index'
import { COMMUTATIVE, RULES } from '../src/codegen/peephole/rules'
import { move } from '../src/codegen/peephole/pattern'
import { unlockingHex } from './support/contractHarness'

// Every peephole rule: it fires on its pattern, and the rewrite leaves exactly the stack the
// original leaves (or fails exactly when it fails), run in @bsv/sdk's interpreter on many stacks.

/** The stack after running the code on top of the given values, or the interpreter's error. */
function run (values: bigint[], code: Op[]): string {
  const spend = new Spend({
    sourceTXID: '00'.repeat(32),
    sourceOutputIndex: 0,
    sourceSatoshis: 1,
    lockingScript: LockingScript.fromHex(assembleHex(code)),
    transactionVersion: 1,
    otherInputs: [],
    outputs: [],
    inputIndex: 0,
    unlockingScript: UnlockingScript.fromHex(unlockingHex(values)),
    inputSequence: 0xffffffff,
    lockTime: 0,
  })
  try {
    while (spend.step()) { /* run to the end */ }
    return JSON.stringify(spend.stack)
  } catch (e) {
    return `failed: ${(e as Error).message.split('\n')[0]}`
  }
}

const show = (code: Op[]) => JSON.stringify(code, (_k, v) => (typeof v === 'bigint' ? `${v}` : v))

/** Concrete instances of each rule's pattern. */
const EXAMPLES: Record<string, Op[][]> = {
  'swap-swap': [['OP_SWAP', 'OP_SWAP']],
  'dup-swap': [['OP_DUP', 'OP_SWAP']],
  'dup-drop': [['OP_DUP', 'OP_DROP']],
  'over-drop': [['OP_OVER', 'OP_DROP']],
  'swap-drop': [['OP_SWAP', 'OP_DROP']],
  'swap-commutative': [...COMMUTATIVE].map((op) => ['OP_SWAP', op]),
  'nip-drop': [['OP_NIP', 'OP_DROP']],
  'drop-drop': [['OP_DROP', 'OP_DROP']],
  'over-over': [['OP_OVER', 'OP_OVER']],
  'dup-size-nip': [['OP_DUP', 'OP_SIZE', 'OP_NIP']],
  'pick-then-roll': [0, 1, 2, 3, 4].map((d) => [...move('pick', d), ...move('roll', d + 1)]),
  'dup-pick2': [['OP_DUP', { num: 2n }, 'OP_PICK']],
}

describe('compiler: peephole rules', () => {
  it('every rule has examples', () => {
    expect(Object.keys(EXAMPLES).sort()).to.deep.equal(RULES.map((r) => r.name).sort())
  })

  for (const rule of RULES) {
    it(`${rule.name}: ${rule.why}`, () => {
      for (const before of EXAMPLES[rule.name]) {
        const after = peephole(before, [rule])
        expect(show(after), `${show(before)} is rewritten`).to.not.equal(show(before))
        // never longer (a rewrite of the same length can open another one)
        expect(assembleHex(after).length).to.be.at.most(assembleHex(before).length)
        // the same stack on stacks of 6 values, small numbers so that equality checks go both ways
        for (let seed = 0; seed < 40; seed++) {
          const values = Array.from({ length: 6 }, (_v, i) => BigInt((seed * 7 + i * 13) % 4))
          expect(run(values, after), `${show(before)} on ${values}`).to.equal(run(values, before))
        }
      }
    })
  }

  it('applies the rules to a fixed point: a rewrite that makes a new match is rewritten again', () => {
    // DUP OVER DROP DROP: OVER DROP goes, then DUP DROP
    expect(peephole(['OP_DUP', 'OP_OVER', 'OP_DROP', 'OP_DROP'])).to.deep.equal([])
    // SWAP DUP SWAP SWAP ADD: DUP SWAP -> DUP, then SWAP SWAP ... until SWAP DUP ADD
    const code: Op[] = ['OP_SWAP', 'OP_DUP', 'OP_SWAP', 'OP_SWAP', 'OP_ADD']
    const out = peephole(code)
    expect(out).to.deep.equal(['OP_SWAP', 'OP_DUP', 'OP_ADD'])
    for (let seed = 0; seed < 20; seed++) {
      const values = [BigInt(seed), BigInt(seed * 3 + 1), 5n]
      expect(run(values, out)).to.equal(run(values, code))
    }
    expect(peephole(out)).to.deep.equal(out)
  })
})
