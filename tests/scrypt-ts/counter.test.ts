import { expect } from 'chai'
import { bsv, MethodCallOptions } from 'scrypt-ts'
import { Counter } from '../fixtures/contracts/counter'
import { fixtureArtifact } from '../support/compiledFixtures'
import { rerun, setSatoshis } from '../support/contractCall'
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

  it('rejects a next state that does not count by one, and a changed balance', async () => {
    const instance = new Counter(5n)
    await instance.connect(localSigner())
    await instance.deploy(1)
    const { tx, atInputIndex } = await call(instance)
    const wrongState = instance.next()
    wrongState.count = 7n
    expect(rerun(tx, atInputIndex, copy => {
      copy.outputs[0].setScript(wrongState.lockingScript)
    })).to.not.equal(null)
    expect(rerun(tx, atInputIndex, copy => {
      setSatoshis(copy.outputs[0], 2)
    })).to.not.equal(null)
  })
})
