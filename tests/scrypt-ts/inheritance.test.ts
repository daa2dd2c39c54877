import { expect } from 'chai'
import { bsv, MethodCallOptions, PubKey, toHex } from 'scrypt-ts'
import { GuardedPuzzle } from '../fixtures/contracts/guardedPuzzle'
import { fixtureArtifact } from '../support/compiledFixtures'
import { rerun, withUnlockingScript } from '../support/contractCall'
import { localSigner, randomKey } from '../support/wallet'

// A contract that extends an abstract base contract: the base's properties, constructor
// statements and methods, flattened into one contract by the transpiler, compiled by our back end.

describe('scrypt-ts: a contract extending an abstract base contract', () => {
  const key = randomKey()
  const owner = PubKey(toHex(key.publicKey))

  before(() => { GuardedPuzzle.loadArtifact(fixtureArtifact('guardedPuzzle')) })

  async function deployed (): Promise<GuardedPuzzle> {
    const puzzle = new GuardedPuzzle(owner, 3n, 21n)
    await puzzle.connect(localSigner(key))
    await puzzle.deploy(1)
    return puzzle
  }

  // (scrypt-ts itself cannot call a public method declared by the base class: its call metadata
  // lives on the base's prototype; the compiled script has it, at index 0)
  it('runs the derived method through the base\'s method and properties', async () => {
    const puzzle = await deployed()
    const abi = fixtureArtifact('guardedPuzzle').abi as Array<{ type: string, name: string }>
    expect(abi.filter(f => f.type === 'function').map(f => f.name)).to.deep.equal(['withdraw', 'solve'])
    const { tx, atInputIndex } = await puzzle.methods.solve(7n, { verify: true } as MethodCallOptions<GuardedPuzzle>)
    expect(rerun(tx, atInputIndex)).to.equal(null)
  })

  it('rejects another answer, which only the script sees', async () => {
    const puzzle = await deployed()
    const { tx, atInputIndex } = await puzzle.methods.solve(7n, { verify: true } as MethodCallOptions<GuardedPuzzle>)
    const asm = tx.inputs[atInputIndex].script.toASM().split(' ')
    // the unlocking script pushes x, then the public function's index
    asm[asm.length - 2] = 'OP_8'
    expect(rerun(tx, atInputIndex, copy => { withUnlockingScript(copy, atInputIndex, bsv.Script.fromASM(asm.join(' '))) })).to.not.equal(null)
  })

  it('keeps the base constructor\'s check: a factor of 0 is refused', () => {
    expect(() => new GuardedPuzzle(owner, 0n, 0n)).to.throw(/factor is positive/)
  })
})
