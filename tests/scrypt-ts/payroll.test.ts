import { expect } from 'chai'
import { bsv, FixedArray, MethodCallOptions, PubKeyHash, toHex } from 'scrypt-ts'
import { Payee, Payroll } from '../fixtures/contracts/payroll'
import { fixtureArtifact } from '../support/compiledFixtures'
import { relock, rerun, setSatoshis } from '../support/contractCall'
import { expectRefusedAt, type ScriptFailure } from '../support/scriptRunner'
import { localSigner, randomKey } from '../support/wallet'

describe('scrypt-ts: a FixedArray of structs looped into payment outputs', () => {
  const keys = [randomKey(), randomKey(), randomKey()]
  const payees = keys.map((k, i) => ({ pkh: PubKeyHash(toHex(bsv.crypto.Hash.sha256ripemd160(k.publicKey.toBuffer()))), share: BigInt([500, 300, 200][i]) })) as FixedArray<Payee, 3>

  before(() => { Payroll.loadArtifact(fixtureArtifact('payroll')) })

  async function paid (total: number): Promise<{ tx: bsv.Transaction, atInputIndex: number, instance: Payroll }> {
    const instance = new Payroll(payees)
    await instance.connect(localSigner())
    await instance.deploy(total)
    instance.bindTxBuilder('pay', async (current: Payroll, options: MethodCallOptions<Payroll>) => {
      const tx = new bsv.Transaction().addInput(current.buildContractInput(options.fromUTXO))
      for (const p of payees) {
        tx.addOutput(new bsv.Transaction.Output({
          script: bsv.Script.buildPublicKeyHashOut(bsv.Address.fromPublicKeyHash(Buffer.from(p.pkh, 'hex'), 'testnet')),
          satoshis: Number(BigInt(total) * p.share / 1000n)
        }))
      }
      tx.change(options.changeAddress ?? await current.signer.getDefaultAddress())
      return { tx, atInputIndex: 0, nexts: [] }
    })
    return { ...await instance.methods.pay({ verify: true } as MethodCallOptions<Payroll>), instance }
  }

  it('pays each payee its share, in order', async () => {
    const { tx, atInputIndex } = await paid(10_001)
    expect(tx.outputs.slice(0, 3).map(o => o.satoshis)).to.deep.equal([5000, 3000, 2000])
    expect(rerun(tx, atInputIndex)).to.equal(null)
  })

  it('rejects a short payment, swapped payees and a fourth output, at the hashOutputs check', async () => {
    const { tx, atInputIndex, instance } = await paid(10_001)
    // Each mutation gets its own preimage: only the contract's outputs check can refuse it.
    const mutated = (mutate: (copy: bsv.Transaction) => void): ScriptFailure | null => rerun(tx, atInputIndex, copy => {
      mutate(copy)
      relock(copy, atInputIndex, instance, 'pay', [], { withChange: true })
    })
    expect(mutated(() => {})).to.equal(null)
    const short = expectRefusedAt(mutated(copy => { setSatoshis(copy.outputs[1], 2999) }), 'OP_EQUAL', { script: 'locking' }, 'a short payment')
    expectRefusedAt(mutated(copy => {
      const s = copy.outputs[0].script
      copy.outputs[0].setScript(copy.outputs[1].script)
      copy.outputs[1].setScript(s)
    }), 'OP_EQUAL', { script: 'locking', op: short.op }, 'swapped payees')
    // A fourth output before the change: the outputs are no longer the payees' and the change.
    expectRefusedAt(mutated(copy => {
      copy.outputs.splice(3, 0, new bsv.Transaction.Output({ script: bsv.Script.buildPublicKeyHashOut(randomKey().toAddress()), satoshis: 1 }))
    }), 'OP_EQUAL', { script: 'locking', op: short.op }, 'a fourth output')
  })
})
