import { expect } from 'chai'
import { HashedMap, HashedSet, MethodCallOptions } from 'scrypt-ts'
import { Ledger } from '../fixtures/contracts/ledger'
import { fixtureArtifact } from '../support/compiledFixtures'
import { rerun } from '../support/contractCall'
import { localSigner } from '../support/wallet'

// A HashedMap and a HashedSet as scrypt-ts state, compiled by our back end: scrypt-ts computes the
// data and the access paths off chain, the script checks them; every call's script is verified.

describe('scrypt-ts: HashedMap and HashedSet state compiled by our back end', () => {
  before(() => { Ledger.loadArtifact(fixtureArtifact('ledger')) })

  async function deployed (): Promise<Ledger> {
    const ledger = new Ledger(new HashedMap<bigint, bigint>(), new HashedSet<bigint>())
    await ledger.connect(localSigner())
    await ledger.deploy(1)
    return ledger
  }

  it('credits accounts and moves a balance, through a chain of calls', async () => {
    let ledger = await deployed()
    for (const [account, balance] of [[7n, 100n], [-3n, 5n], [7n, 250n], [1000n, 1n]]) {
      const next = ledger.next()
      next.balances.set(account, balance)
      next.accounts.add(account)
      const { tx, atInputIndex } = await ledger.methods.credit(account, balance, {
        next: { instance: next, balance: ledger.balance }, verify: true
      } as MethodCallOptions<Ledger>)
      expect(rerun(tx, atInputIndex)).to.equal(null)
      ledger = next
    }
    const next = ledger.next()
    next.balances.delete(7n)
    next.balances.set(42n, 250n)
    next.accounts.add(42n)
    const { tx, atInputIndex } = await ledger.methods.move(7n, 250n, 42n, {
      next: { instance: next, balance: ledger.balance }, verify: true
    } as MethodCallOptions<Ledger>)
    expect(rerun(tx, atInputIndex)).to.equal(null)
    expect(next.balances.get(42n)).to.equal(250n)
  })

  it('rejects a next state holding another balance, and a state that forgets an account', async () => {
    const ledger = await deployed()
    const next = ledger.next()
    next.balances.set(9n, 10n)
    next.accounts.add(9n)
    const { tx, atInputIndex } = await ledger.methods.credit(9n, 10n, {
      next: { instance: next, balance: ledger.balance }, verify: true
    } as MethodCallOptions<Ledger>)
    expect(rerun(tx, atInputIndex)).to.equal(null)
    const wrongBalance = ledger.next()
    wrongBalance.balances.set(9n, 11n)
    wrongBalance.accounts.add(9n)
    expect(rerun(tx, atInputIndex, copy => { copy.outputs[0].setScript(wrongBalance.lockingScript) })).to.not.equal(null)
    const forgotten = ledger.next()
    forgotten.balances.set(9n, 10n)
    expect(rerun(tx, atInputIndex, copy => { copy.outputs[0].setScript(forgotten.lockingScript) })).to.not.equal(null)
  })
})
