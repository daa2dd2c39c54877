import { expect } from 'chai'
import { bsv, FixedArray, MethodCallOptions, PubKeyHash, toHex } from 'scrypt-ts'
import { Payee, Payroll } from '../fixtures/contracts/payroll'
import { fixtureArtifact } from '../support/compiledFixtures'
import { rerun, setSatoshis } from '../support/contractCall'
import { localSigner, randomKey } from '../support/wallet'

describe('scrypt-ts: a FixedArray of structs looped into payment outputs', () => {
  const keys = [randomKey(), randomKey(), randomKey()]
  const payees = keys.map((k, i) => ({ pkh: PubKeyHash(toHex(bsv.crypto.Hash.sha256ripemd160(k.publicKey.toBuffer()))), share: BigInt([500, 300, 200][i]) })) as FixedArray<Payee, 3>

  before(() => { Payroll.loadArtifact(fixtureArtifact('payroll')) })

  async function paid (total: number): Promise<{ tx: bsv.Transaction, atInputIndex: number }> {
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
    return await instance.methods.pay({ verify: true } as MethodCallOptions<Payroll>)
  }

  it('pays each payee its share, in order', async () => {
    const { tx, atInputIndex } = await paid(10_001)
    expect(tx.outputs.slice(0, 3).map(o => o.satoshis)).to.deep.equal([5000, 3000, 2000])
    expect(rerun(tx, atInputIndex)).to.equal(null)
  })

  it('rejects a short payment, swapped payees and a fourth output', async () => {
    const { tx, atInputIndex } = await paid(10_001)
    expect(rerun(tx, atInputIndex, copy => { setSatoshis(copy.outputs[1], 2999) })).to.not.equal(null)
    expect(rerun(tx, atInputIndex, copy => {
      const s = copy.outputs[0].script
      copy.outputs[0].setScript(copy.outputs[1].script)
      copy.outputs[1].setScript(s)
    })).to.not.equal(null)
    expect(rerun(tx, atInputIndex, copy => {
      copy.addOutput(new bsv.Transaction.Output({ script: bsv.Script.buildPublicKeyHashOut(randomKey().toAddress()), satoshis: 1 }))
    })).to.not.equal(null)
  })
})
