import { expect } from 'chai'
import { PrivateKey, Hash, Utils } from '@bsv/sdk'
import { SigHash } from 'scrypt-ts'
import { afterCodeSeparator, compile, fillTemplate, runSpend, unlockingHex, SpendOptions } from './support/contractHarness'

// OP_PUSH_TX: the preimage check must accept the real preimage of every transaction
// (s is computed in script, normalized to low S, DER-encoded with any length) and
// reject any other byte string.

const CHECK = `
contract Check {
  public function unlock(SigHashPreimage p) {
    require(Tx.checkPreimageSigHashType(p, SigHashType(b'<TYPE>')));
  }
}`

const ACCESSORS = `
contract Accessors {
  public function unlock(SigHashPreimage p, bytes version, bytes hashPrevouts, bytes hashSequence, bytes outpoint,
      bytes scriptCode, int value, int sequence, bytes hashOutputs, int locktime, bytes sigHashType) {
    require(Tx.checkPreimage(p));
    require(SigHash.nVersion(p) == version);
    require(SigHash.hashPrevouts(p) == hashPrevouts);
    require(SigHash.hashSequence(p) == hashSequence);
    require(SigHash.outpoint(p) == outpoint);
    require(SigHash.scriptCode(p) == scriptCode);
    require(SigHash.value(p) == value);
    require(SigHash.nSequence(p) == sequence);
    require(SigHash.hashOutputs(p) == hashOutputs);
    require(SigHash.nLocktime(p) == locktime);
    require(SigHash.sigHashType(p) == SigHashType(sigHashType));
  }
}`

function outputsFor (i: number): SpendOptions['outputs'] {
  const script = '76a914' + Utils.toHex(Hash.hash160(Utils.toArray(`out${i}`, 'utf8'))) + '88ac'
  return [{ script, satoshis: BigInt(1000 + i) }]
}

describe('compiler: preimage check (OP_PUSH_TX)', () => {
  for (const type of ['41', 'c1', '43', 'c3', '42']) {
    it(`accepts the real preimage of 40 different transactions, sighash ${type}`, () => {
      const locking = compile(CHECK.replace('<TYPE>', type)).hex
      for (let i = 0; i < 40; i++) {
        const r = runSpend({ locking, lockTime: i, outputs: outputsFor(i), unlocking: (c) => unlockingHex([c.preimage(parseInt(type, 16))]) })
        expect(r, `transaction ${i}`).to.equal(true)
      }
    })
  }

  it('accepts preimages whose s needs normalizing to low S and whose s is shorter than 32 bytes', () => {
    const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n
    const GX = 0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798n
    const locking = compile(CHECK.replace('<TYPE>', '41')).hex
    const found = { high: -1, short: -1 }
    for (let lockTime = 0; lockTime < 5000 && (found.high < 0 || found.short < 0); lockTime++) {
      runSpend({
        locking,
        lockTime,
        outputs: outputsFor(1),
        unlocking: (c) => {
          const e = BigInt('0x' + Utils.toHex(Hash.hash256(Utils.toArray(c.preimage(), 'hex'))))
          const raw = (e + GX) % N
          const low = raw > N / 2n ? N - raw : raw
          if (raw > N / 2n && found.high < 0) found.high = lockTime
          if (low < 1n << 248n && found.short < 0) found.short = lockTime
          return ''
        },
      })
    }
    expect(found.high).to.be.at.least(0)
    expect(found.short, 'a preimage with a short s').to.be.at.least(0)
    for (const lockTime of [found.high, found.short]) {
      expect(runSpend({ locking, lockTime, outputs: outputsFor(1), unlocking: (c) => unlockingHex([c.preimage()]) }), `lockTime ${lockTime}`).to.equal(true)
    }
  })

  it('rejects a preimage of another transaction, of another sighash type, or altered', () => {
    const locking = compile(CHECK.replace('<TYPE>', '41')).hex
    let other = ''
    runSpend({ locking, lockTime: 99, unlocking: (c) => { other = c.preimage(0x41); return unlockingHex([other]) } })
    expect(runSpend({ locking, lockTime: 1, unlocking: unlockingHex([other]) })).to.not.equal(true)
    expect(runSpend({ locking, lockTime: 1, unlocking: (c) => unlockingHex([c.preimage(0xc1)]) })).to.not.equal(true)
    expect(runSpend({ locking, lockTime: 1, unlocking: (c) => { const p = c.preimage(0x41); return unlockingHex([p.slice(0, -10) + 'ff' + p.slice(-8)]) } })).to.not.equal(true)
    expect(runSpend({ locking, lockTime: 1, unlocking: unlockingHex(['']) })).to.not.equal(true)
  })

  it('SigHash accessors read the preimage like scrypt-ts', () => {
    const locking = compile(ACCESSORS).hex
    for (const [i, lockTime, sequence] of [[0, 0, 0xffffffff], [1, 500000, 0xfffffffe], [2, 1, 0]]) {
      const r = runSpend({
        locking,
        lockTime,
        sequence,
        satoshis: BigInt(12345 + i * 1e9),
        outputs: outputsFor(i),
        unlocking: (c) => {
          const p = c.preimage()
          return unlockingHex([p, SigHash.nVersion(p as never), SigHash.hashPrevouts(p as never), SigHash.hashSequence(p as never), SigHash.outpoint(p as never),
            SigHash.scriptCode(p as never), SigHash.value(p as never), SigHash.nSequence(p as never), SigHash.hashOutputs(p as never), SigHash.nLocktime(p as never), '41'])
        },
      })
      expect(r, `case ${i}`).to.equal(true)
    }
  })

  it('checkSig and a 2-of-3 checkMultiSig', () => {
    const keys = [PrivateKey.fromRandom(), PrivateKey.fromRandom(), PrivateKey.fromRandom()]
    const pubs = keys.map((k) => k.toPublicKey().encode(true, 'hex') as string)
    const src = `
contract MultiSig {
  const PubKey[3] keys;
  public function unlock(Sig[2] sigs) {
    require(checkMultiSig(sigs, this.keys));
  }
}`
    const hex = compile(src).hex.replace('<keys[0]>', '21' + pubs[0]).replace('<keys[1]>', '21' + pubs[1]).replace('<keys[2]>', '21' + pubs[2])
    expect(runSpend({ locking: hex, unlocking: (c) => unlockingHex([c.sign(keys[0]), c.sign(keys[2])]) })).to.equal(true)
    expect(runSpend({ locking: hex, unlocking: (c) => unlockingHex([c.sign(keys[1]), c.sign(keys[2])]) })).to.equal(true)
    expect(runSpend({ locking: hex, unlocking: (c) => unlockingHex([c.sign(keys[2]), c.sign(keys[0])]) })).to.not.equal(true)
    expect(runSpend({ locking: hex, unlocking: (c) => unlockingHex([c.sign(keys[0]), c.sign(PrivateKey.fromRandom())]) })).to.not.equal(true)
  })

  describe('the rest of the standard library\'s checks', () => {
    const TX = `
contract Checks {
  public function advanced(SigHashPreimage p) {
    require(Tx.checkPreimageAdvanced(p, Tx.privKey, Tx.pubKey, Tx.invK, Tx.r, Tx.rBigEndian, SigHashType(b'c3')));
  }
  public function ocs(SigHashPreimage p, int locktime) {
    require(SigHash.nLocktime(p) == locktime);
    require(Tx.checkPreimageOCS(p));
  }
  public function opt(SigHashPreimage p) {
    require(Tx.checkPreimageOpt_(p));
  }
  public function optOcs(SigHashPreimage p) {
    require(Tx.checkPreimageOptOCS(p));
  }
  public function first(SigHashPreimage p, bool expected) {
    require(Tx.checkPreimage(p));
    require(Utils.isFirstCall(p) == expected);
  }
}`
    const { hex } = compile(TX)
    // the template value of checkPreimageOpt_'s sighash type, as scryptlib's replaceAsmVars fills it
    const locking = fillTemplate(hex, { 'Tx.checkPreimageOpt_.sigHashType': 'c1' })

    it('checkPreimageAdvanced: scrypt-ts\'s key and nonce, a chosen sighash type', () => {
      for (let i = 0; i < 10; i++) {
        expect(runSpend({ locking, lockTime: i, outputs: outputsFor(i), unlocking: (c) => unlockingHex([c.preimage(0xc3)], 0) }), `transaction ${i}`).to.equal(true)
      }
      expect(runSpend({ locking, lockTime: 1, unlocking: (c) => unlockingHex([c.preimage(0x41)], 0) })).to.not.equal(true)
      let other = ''
      runSpend({ locking, lockTime: 7, unlocking: (c) => { other = c.preimage(0xc3); return '' } })
      expect(runSpend({ locking, lockTime: 8, unlocking: unlockingHex([other], 0) })).to.not.equal(true)
    })

    it('checkPreimageOCS and checkPreimageOptOCS: the preimage of the script after their code separator', () => {
      expect(hex.split('ab').length - 1).to.be.greaterThanOrEqual(2)
      const after = (n: number) => afterCodeSeparator(locking, n)
      expect(runSpend({ locking, lockTime: 5, unlocking: (c) => unlockingHex([c.preimage(0x41, after(1)), 5n], 1) })).to.equal(true)
      // the whole script, another separator's part, another locktime than the preimage's
      expect(runSpend({ locking, lockTime: 5, unlocking: (c) => unlockingHex([c.preimage(0x41), 5n], 1) })).to.not.equal(true)
      expect(runSpend({ locking, lockTime: 5, unlocking: (c) => unlockingHex([c.preimage(0x41, after(2)), 5n], 1) })).to.not.equal(true)
      expect(runSpend({ locking, lockTime: 5, unlocking: (c) => unlockingHex([c.preimage(0x41, after(1)), 6n], 1) })).to.not.equal(true)
      expect(runSpend({ locking, lockTime: 5, unlocking: (c) => unlockingHex([c.preimage(0x41, after(2))], 3) })).to.equal(true)
      expect(runSpend({ locking, lockTime: 5, unlocking: (c) => unlockingHex([c.preimage(0x41, after(1))], 3) })).to.not.equal(true)
    })

    it('checkPreimageOpt_: the sighash type the template value names', () => {
      expect(hex).to.include('<Tx.checkPreimageOpt_.sigHashType>')
      expect(runSpend({ locking, lockTime: 3, unlocking: (c) => unlockingHex([c.preimage(0xc1)], 2) })).to.equal(true)
      expect(runSpend({ locking, lockTime: 3, unlocking: (c) => unlockingHex([c.preimage(0x41)], 2) })).to.not.equal(true)
    })

    it('isFirstCall reads the isGenesis byte of the state', () => {
      for (const genesis of [true, false]) {
        const stateful = locking + '6a' + (genesis ? '01' : '00') + '01000000' + '00'
        expect(runSpend({ locking: stateful, unlocking: (c) => unlockingHex([c.preimage(), genesis], 4) })).to.equal(true)
        expect(runSpend({ locking: stateful, unlocking: (c) => unlockingHex([c.preimage(), !genesis], 4) })).to.not.equal(true)
      }
    })
  })
})
