import { expect } from 'chai'
import { PrivateKey, Hash, Utils } from '@bsv/sdk'
import { compile, fillTemplate, runSpend, unlockingHex } from './support/contractHarness'
import { P2PKH } from './support/samples'

const HASH_PUZZLE = `
contract HashPuzzle {
  const Sha256 hash;
  public function unlock(bytes data) {
    require(sha256(data) == this.hash);
  }
}`

describe('compiler: basic contracts run in Spend', () => {
  it('pay to public key hash', () => {
    const key = PrivateKey.fromRandom()
    const pub = key.toPublicKey().encode(true, 'hex') as string
    const addr = Utils.toHex(Hash.hash160(Utils.toArray(pub, 'hex')))
    const { hex } = compile(P2PKH)
    expect(hex).to.contain('<addr>')
    const locking = fillTemplate(hex, { addr })
    expect(runSpend({ locking, unlocking: (c) => unlockingHex([c.sign(key), pub]) })).to.equal(true)
    const other = PrivateKey.fromRandom()
    expect(runSpend({ locking, unlocking: (c) => unlockingHex([c.sign(other), pub]) })).to.not.equal(true)
    const otherPub = other.toPublicKey().encode(true, 'hex') as string
    expect(runSpend({ locking, unlocking: (c) => unlockingHex([c.sign(other), otherPub]) })).to.not.equal(true)
  })

  it('hash puzzle', () => {
    const secret = Utils.toHex(Utils.toArray('open sesame', 'utf8'))
    const hash = Utils.toHex(Hash.sha256(Utils.toArray(secret, 'hex')))
    const locking = fillTemplate(compile(HASH_PUZZLE).hex, { hash })
    expect(runSpend({ locking, unlocking: unlockingHex([secret]) })).to.equal(true)
    expect(runSpend({ locking, unlocking: unlockingHex([secret + '00']) })).to.not.equal(true)
    expect(runSpend({ locking, unlocking: unlockingHex(['']) })).to.not.equal(true)
  })
})
