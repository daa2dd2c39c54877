import { expect } from 'chai'
import { bsv, FixedArray, MethodCallOptions, PubKey, Sig, SignatureResponse, toHex } from 'scrypt-ts'
import { MultiSig2of3 } from '../fixtures/contracts/multiSig'
import { fixtureArtifact } from '../support/compiledFixtures'
import { rerun, withUnlockingScript } from '../support/contractCall'
import { expectRefusedAt } from '../support/scriptRunner'
import { randomKey } from '../support/wallet'
import { DummyProvider, TestWallet } from 'scrypt-ts'

describe('scrypt-ts: 2-of-3 checkMultiSig compiled by our back end', () => {
  const keys = [randomKey(), randomKey(), randomKey()]
  const pubKeys = keys.map(k => PubKey(toHex(k.publicKey))) as FixedArray<PubKey, 3>

  before(() => { MultiSig2of3.loadArtifact(fixtureArtifact('multiSig')) })

  async function signedBy (a: number, b: number): Promise<{ tx: bsv.Transaction, atInputIndex: number }> {
    const instance = new MultiSig2of3(pubKeys)
    await instance.connect(new TestWallet(keys, new DummyProvider()))
    await instance.deploy(1000)
    const pick = (sigs: SignatureResponse[], i: number): Sig => Sig(sigs.find(s => s.publicKey === toHex(keys[i].publicKey))!.sig)
    return await instance.methods.unlock(
      (sigs: SignatureResponse[]) => [pick(sigs, a), pick(sigs, b)] as FixedArray<Sig, 2>,
      { pubKeyOrAddrToSign: [keys[a].publicKey, keys[b].publicKey], verify: true } as MethodCallOptions<MultiSig2of3>
    )
  }

  it('unlocks with any two of the three keys, in key order', async () => {
    for (const [a, b] of [[0, 1], [0, 2], [1, 2]]) {
      const { tx, atInputIndex } = await signedBy(a, b)
      expect(rerun(tx, atInputIndex), `keys ${a},${b}`).to.equal(null)
    }
  })

  it('rejects signatures out of key order, one signature twice, and a stranger\'s signature', async () => {
    const { tx, atInputIndex } = await signedBy(0, 1)
    const [dummy, s0, s1, ...rest] = tx.inputs[atInputIndex].script.toASM().split(' ')
    const asm = (x: string, y: string): bsv.Script => bsv.Script.fromASM([dummy, x, y, ...rest].join(' '))
    // Every case is refused by the one multi-signature check (NULLFAIL: at the op itself).
    expectRefusedAt(rerun(tx, atInputIndex, copy => withUnlockingScript(copy, atInputIndex, asm(s1, s0))), 'OP_CHECKMULTISIG', { script: 'locking' }, 'out of key order')
    expectRefusedAt(rerun(tx, atInputIndex, copy => withUnlockingScript(copy, atInputIndex, asm(s0, s0))), 'OP_CHECKMULTISIG', { script: 'locking' }, 'one signature twice')
    const spent = tx.inputs[atInputIndex].output!
    const sighash = bsv.crypto.Signature.SIGHASH_ALL | bsv.crypto.Signature.SIGHASH_FORKID
    const stranger = bsv.Transaction.Sighash.sign(tx, randomKey(), sighash, atInputIndex, spent.script, new bsv.crypto.BN(spent.satoshis))
    const strangerHex = Buffer.concat([stranger.toDER(), Buffer.from([sighash])]).toString('hex')
    expectRefusedAt(rerun(tx, atInputIndex, copy => withUnlockingScript(copy, atInputIndex, asm(s0, strangerHex))), 'OP_CHECKMULTISIG', { script: 'locking' }, 'a stranger\'s signature')
  })
})
