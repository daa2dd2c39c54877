import { expect } from 'chai'
import { bsv, ByteString, PubKey } from 'scrypt-ts'
import { Dividend } from '../../contracts/dividend'
import { DividendV1 } from '../../contracts/v1/dividendV1'
import { contractArtifact, dividendV1Artifact } from '../support/compiledFixtures'
import { CraftedCall } from '../support/craftedCall'
import { ATTACKS, noneSignatureSwap } from './dividendAttacks'
import { calledDividend, continued, padLeaves } from './dividendV1Model'
import { payoutOutputs, randomPkh, rawCommit, type RawLeaf } from './leafModel'

const SINGLE = bsv.crypto.Signature.SIGHASH_ANYONECANPAY | bsv.crypto.Signature.SIGHASH_SINGLE | bsv.crypto.Signature.SIGHASH_FORKID
const ALL = bsv.crypto.Signature.SIGHASH_ALL | bsv.crypto.Signature.SIGHASH_FORKID
const NONE = bsv.crypto.Signature.SIGHASH_NONE | bsv.crypto.Signature.SIGHASH_FORKID

/**
 * The audit's findings on version 1, each as an attack built by hand and run in @bsv/sdk's
 * interpreter: version 1's frozen script accepts it, version 2's rejects it.
 */
describe('Dividend audit findings: attacks version 1 accepts and version 2 rejects', function () {
  this.timeout(300_000)
  const operator = bsv.PrivateKey.fromRandom('testnet')

  before(() => {
    DividendV1.loadArtifact(dividendV1Artifact())
    Dividend.loadArtifact(contractArtifact('dividend'))
  })

  it('1. an operator signature of any sighash type: with NONE, whoever relays the transaction chooses the snapshot', () => {
    // version 1: the operator signs a round over cd.. with SIGHASH_NONE; the relayer swaps in ee..
    const c = calledDividend(operator)
    const start = (commitment: string): DividendV1 => continued(c, { round: 1n, snapshotHeight: 812n, cursor: commitment as ByteString, roundPool: 99_999n, roundTokens: 0n })
    const call = new CraftedCall(c, 100_000).output(start('cd'.repeat(32)).lockingScript, 100_000)
    const sig = call.sign(operator, NONE)
    call.tx.outputs.splice(0, 1, new bsv.Transaction.Output({ script: start('ee'.repeat(32)).lockingScript, satoshis: 100_000 }))
    call.unlock(c, 'startRound', ['ee'.repeat(32), 812n, sig], SINGLE)
    expect(call.run(), 'version 1 accepts the swapped snapshot').to.equal(null)
    // version 2 pins ALL|FORKID: the same swap fails, with or without the signature's own type byte
    expect(noneSignatureSwap(Dividend, false).run()).to.not.equal(null)
    expect(noneSignatureSwap(Dividend, true).run()).to.not.equal(null)
  })

  it('2. the role handed to bytes that are not a public key, freezing the pool', () => {
    const c = calledDividend(operator)
    const junk = PubKey('02' + 'ff'.repeat(32))
    const call = new CraftedCall(c, 5_000).output(continued(c, { operator: junk }).lockingScript, 5_000)
    call.unlock(c, 'setOperator', [junk, call.sign(operator)], SINGLE)
    expect(call.run(), 'version 1 hands its role to bytes nobody can sign for').to.equal(null)
    // version 2: the role moves only once every key of the new set has signed
    expect(ATTACKS['a handover that moves the role before the new keys sign'](Dividend).run()).to.not.equal(null)
    expect(ATTACKS['a handover to a set whose second key is bytes nobody can sign for'](Dividend).run()).to.not.equal(null)
  })

  it('3. a committed leaf whose payout is 0 puts a 0-satoshi output in the transaction', () => {
    const pool = 1_000_000n
    const leaves: RawLeaf[] = [{ pkh: randomPkh(), amount: 600_000_000n }, { pkh: randomPkh(), amount: 999n }]
    const c = calledDividend(operator, { round: 1n, cursor: rawCommit(leaves) as ByteString, roundPool: pool, roundTokens: 0n })
    const payouts = payoutOutputs(leaves, pool, 1_000_000_000n)
    const n = continued(c, { cursor: '00'.repeat(32) as ByteString, roundTokens: leaves.reduce((s, l) => s + l.amount, 0n) })
    const call = new CraftedCall(c, 2_000_001).output(n.lockingScript, 2_000_001n - payouts.paid).rawOutputs(payouts.hex)
    call.unlock(c, 'distribute', [padLeaves(leaves, DividendV1.N), 2n, '00'.repeat(32)], ALL, { amount: 0n, pkh: randomPkh() })
    expect(call.tx.outputs[2].satoshis).to.equal(0)
    expect(call.run(), 'version 1 pays a 0-satoshi output').to.equal(null)
    expect(ATTACKS['a committed leaf that pays 0 satoshis'](Dividend).run()).to.not.equal(null)
  })
})
