import { expect } from 'chai'
import { bsv, MethodCallOptions, sha256, Sha256, toByteString } from 'scrypt-ts'
import { HashPuzzle } from '../fixtures/contracts/hashPuzzle'
import { fixtureArtifact } from '../support/compiledFixtures'
import { rerun, withUnlockingScript } from '../support/contractCall'
import { expectRefusedAt } from '../support/scriptRunner'
import { localSigner } from '../support/wallet'

describe('scrypt-ts: hash puzzle compiled by our back end', () => {
  const secret = toByteString('divvy pays holders', true)

  before(() => { HashPuzzle.loadArtifact(fixtureArtifact('hashPuzzle')) })

  async function deployed (): Promise<HashPuzzle> {
    const instance = new HashPuzzle(Sha256(sha256(secret)))
    await instance.connect(localSigner())
    await instance.deploy(1000)
    return instance
  }

  it('unlocks with the preimage', async () => {
    const instance = await deployed()
    const { tx, atInputIndex } = await instance.methods.unlock(secret, { verify: true } as MethodCallOptions<HashPuzzle>)
    expect(rerun(tx, atInputIndex)).to.equal(null)
  })

  it('rejects another preimage, an empty one and a one-byte change', async () => {
    const instance = await deployed()
    const { tx, atInputIndex } = await instance.methods.unlock(secret)
    for (const other of ['', toByteString('divvy pays holderz', true), secret + '00']) {
      const error = rerun(tx, atInputIndex, copy => {
        withUnlockingScript(copy, atInputIndex, bsv.Script.fromASM(other === '' ? 'OP_0' : other))
      })
      // The only check: sha256(data) against the hash, the script's last op.
      expectRefusedAt(error, 'OP_EQUAL', { script: 'locking' }, `preimage '${other}'`)
    }
  })
})
