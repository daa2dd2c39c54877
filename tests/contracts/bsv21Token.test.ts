import { PrivateKey } from '@bsv/sdk'
import { expect } from 'chai'
import { bsv, findSig, MethodCallOptions, PubKey, PubKeyHash, SignatureResponse, toHex } from 'scrypt-ts'
import { Bsv21Token } from '../../contracts/bsv21Token'
import { deployMintInscription, DIVVY_SUPPLY, tokenOutputScript, transferInscription } from '../../contracts/offchain/bsv21'
import { contractArtifact } from '../support/compiledFixtures'
import { rerun, withUnlockingScript } from '../support/contractCall'
import { expectRefusedAt } from '../support/scriptRunner'
import { js1SatOrd } from '../support/js1satOrd'
import { localSigner, randomKey } from '../support/wallet'

const TOKEN_ID = 'cd'.repeat(32) + '_1'

describe('Bsv21Token compiled by our back end', () => {
  before(() => { Bsv21Token.loadArtifact(contractArtifact('bsv21Token')) })

  it('compiles to the standard P2PKH script', () => {
    expect(contractArtifact('bsv21Token').hex).to.equal('76a9<owner>88ac')
  })

  it('with its inscription, is byte-identical to js-1sat-ord\'s deploy+mint and transfer outputs', async () => {
    const { OrdP2PKH } = await js1SatOrd()
    const owner = PrivateKey.fromRandom()
    const pkh = Buffer.from(owner.toPublicKey().toHash() as number[]).toString('hex')
    const cases: Array<[bsv.Script, string]> = [
      [deployMintInscription('NINJAPUNKGIRLS', DIVVY_SUPPLY), '{"p":"bsv-20","op":"deploy+mint","sym":"NINJAPUNKGIRLS","amt":"1000000000","dec":"0"}'],
      [transferInscription(TOKEN_ID, 200_000n), JSON.stringify({ p: 'bsv-20', op: 'transfer', amt: '200000', id: TOKEN_ID })]
    ]
    for (const [inscription, json] of cases) {
      const theirs = new OrdP2PKH().lock(owner.toAddress(), { dataB64: Buffer.from(json).toString('base64'), contentType: 'application/bsv-20' })
      expect(tokenOutputScript(pkh, inscription).toHex()).to.equal(theirs.toHex())
    }
  })

  it('is spent by its owner\'s signature and by nobody else', async () => {
    const key = randomKey()
    const token = new Bsv21Token(PubKeyHash(toHex(bsv.crypto.Hash.sha256ripemd160(key.publicKey.toBuffer()))))
    token.prependNOPScript(transferInscription(TOKEN_ID, 500_000n))
    await token.connect(localSigner(key))
    await token.deploy(1)
    const { tx, atInputIndex } = await token.methods.unlock(
      (sigs: SignatureResponse[]) => findSig(sigs, key.publicKey), PubKey(toHex(key.publicKey)),
      { pubKeyOrAddrToSign: key.publicKey, verify: true } as MethodCallOptions<Bsv21Token>
    )
    expect(rerun(tx, atInputIndex)).to.equal(null)
    const asm = tx.inputs[atInputIndex].script.toASM().split(' ')
    asm[1] = toHex(randomKey().publicKey)
    expectRefusedAt(rerun(tx, atInputIndex, copy => withUnlockingScript(copy, atInputIndex, bsv.Script.fromASM(asm.join(' ')))), 'OP_EQUALVERIFY', { script: 'locking' }, 'another public key')
  })
})
