import { expect } from 'chai'
import { bsv, MethodCallOptions } from 'scrypt-ts'
import { Counter } from '../fixtures/contracts/counter'
import { fixtureArtifact } from '../support/compiledFixtures'
import { relock, rerun, setSatoshis } from '../support/contractCall'
import { describeFailure, expectRefusedAt, type ScriptFailure } from '../support/scriptRunner'
import { localSigner } from '../support/wallet'

describe('scrypt-ts: stateful counter compiled by our back end', () => {
  before(() => { Counter.loadArtifact(fixtureArtifact('counter')) })

  async function call (instance: Counter): Promise<{ tx: bsv.Transaction, atInputIndex: number, next: Counter }> {
    const next = instance.next()
    next.increment()
    const { tx, atInputIndex } = await instance.methods.incrementOnChain({
      next: { instance: next, balance: instance.balance },
      verify: true
    } as MethodCallOptions<Counter>)
    return { tx, atInputIndex, next }
  }

  it('counts up through a chain of calls, each output checked against hashOutputs', async () => {
    let instance = new Counter(0n)
    await instance.connect(localSigner())
    await instance.deploy(1)
    for (let i = 1n; i <= 3n; i++) {
      const { tx, atInputIndex, next } = await call(instance)
      expect(rerun(tx, atInputIndex)).to.equal(null)
      expect(Counter.fromTx(tx, 0).count).to.equal(i)
      instance = next
    }
  })

  it('rejects a next state that does not count by one, and a changed balance, at the hashOutputs check', async () => {
    const instance = new Counter(5n)
    await instance.connect(localSigner())
    await instance.deploy(1)
    const { tx, atInputIndex } = await call(instance)
    // Each mutation is unlocked again with its own preimage: the preimage check passes, and
    // only the contract's comparison of the outputs with hashOutputs can refuse it.
    const mutated = (mutate: (copy: bsv.Transaction) => void): ScriptFailure | null => rerun(tx, atInputIndex, copy => {
      mutate(copy)
      relock(copy, atInputIndex, instance, 'incrementOnChain', [], { withChange: true })
    })
    expect(mutated(() => {})).to.equal(null)
    const wrongState = instance.next()
    wrongState.count = 7n
    const wrongCount = expectRefusedAt(mutated(copy => { copy.outputs[0].setScript(wrongState.lockingScript) }), 'OP_EQUAL', { script: 'locking' }, 'a count of 7')
    const wrongValue = expectRefusedAt(mutated(copy => { setSatoshis(copy.outputs[0], 2) }), 'OP_EQUAL', { script: 'locking' }, 'a value of 2')
    expect(wrongValue.op, 'the same check refuses both').to.equal(wrongCount.op)
    // Without the new preimage the preimage check itself refuses it: another check, earlier.
    const stalePreimage = rerun(tx, atInputIndex, copy => { setSatoshis(copy.outputs[0], 2) })
    expect(stalePreimage?.op, describeFailure(stalePreimage)).to.be.below(wrongCount.op)
  })
})
