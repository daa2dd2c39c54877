import { expect } from 'chai'
import { bsv, findSig, MethodCallOptions, PubKey, PubKeyHash, SignatureResponse, toHex } from 'scrypt-ts'
import { P2PKH } from '../fixtures/contracts/p2pkh'
import { fixtureArtifact } from '../support/compiledFixtures'
import { rerun, withUnlockingScript } from '../support/contractCall'
import { expectRefusedAt } from '../support/scriptRunner'
import { localSigner, randomKey } from '../support/wallet'

describe('scrypt-ts: P2PKH compiled by our back end', () => {
  const key = randomKey()
  const pubKey = key.publicKey

  before(() => { P2PKH.loadArtifact(fixtureArtifact('p2pkh')) })

  async function deployed (): Promise<P2PKH> {
    const instance = new P2PKH(PubKeyHash(toHex(bsv.crypto.Hash.sha256ripemd160(pubKey.toBuffer()))))
    await instance.connect(localSigner(key))
    await instance.deploy(1000)
    return instance
  }

  it('unlocks with the right key, verified by scryptlib and by @bsv/sdk', async () => {
    const instance = await deployed()
    const { tx, atInputIndex } = await instance.methods.unlock(
      (sigResps: SignatureResponse[]) => findSig(sigResps, pubKey),
      PubKey(toHex(pubKey)),
      { pubKeyOrAddrToSign: pubKey, verify: true } as MethodCallOptions<P2PKH>
    )
    expect(rerun(tx, atInputIndex)).to.equal(null)
  })

  it('rejects a signature by another key for the right public key', async () => {
    const instance = await deployed()
    const { tx, atInputIndex } = await instance.methods.unlock(
      (sigResps: SignatureResponse[]) => findSig(sigResps, pubKey),
      PubKey(toHex(pubKey)),
      { pubKeyOrAddrToSign: pubKey } as MethodCallOptions<P2PKH>
    )
    const other = randomKey()
    const error = rerun(tx, atInputIndex, copy => {
      const sighash = bsv.crypto.Signature.SIGHASH_ALL | bsv.crypto.Signature.SIGHASH_FORKID
      const spent = tx.inputs[atInputIndex].output!
      const sig = bsv.Transaction.Sighash.sign(copy, other, sighash, atInputIndex, spent.script, new bsv.crypto.BN(spent.satoshis))
      const asm = copy.inputs[atInputIndex].script.toASM().split(' ')
      asm[0] = Buffer.concat([sig.toDER(), Buffer.from([sighash])]).toString('hex')
      withUnlockingScript(copy, atInputIndex, bsv.Script.fromASM(asm.join(' ')))
    })
    // The key hash matches; the signature check refuses it.
    expectRefusedAt(error, 'OP_CHECKSIG', { script: 'locking' }, 'another key\'s signature')
  })

  it('rejects the right signature with another public key', async () => {
    const instance = await deployed()
    const { tx, atInputIndex } = await instance.methods.unlock(
      (sigResps: SignatureResponse[]) => findSig(sigResps, pubKey),
      PubKey(toHex(pubKey)),
      { pubKeyOrAddrToSign: pubKey } as MethodCallOptions<P2PKH>
    )
    const other = randomKey().publicKey
    const error = rerun(tx, atInputIndex, copy => {
      const asm = copy.inputs[atInputIndex].script.toASM().split(' ')
      asm[1] = toHex(other)
      withUnlockingScript(copy, atInputIndex, bsv.Script.fromASM(asm.join(' ')))
    })
    // Refused by the key hash check, before any signature is checked.
    expectRefusedAt(error, 'OP_EQUALVERIFY', { script: 'locking' }, 'another public key')
  })
})
