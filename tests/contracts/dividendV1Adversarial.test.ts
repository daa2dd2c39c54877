import { expect } from 'chai'
import { bsv, ByteString } from 'scrypt-ts'
import { DividendV1 } from '../../contracts/v1/dividendV1'
import { dividendV1Artifact } from '../support/compiledFixtures'
import { setSatoshis } from '../support/contractCall'
import { CraftedCall } from '../support/craftedCall'
import { calledDividend, continued, padLeaves, payoutOutputs, randomPkh, rawCommit, RawLeaf } from './dividendV1Model'

const SUPPLY = 1_000_000_000n
const SINGLE = bsv.crypto.Signature.SIGHASH_ANYONECANPAY | bsv.crypto.Signature.SIGHASH_SINGLE | bsv.crypto.Signature.SIGHASH_FORKID
const ALL = bsv.crypto.Signature.SIGHASH_ALL | bsv.crypto.Signature.SIGHASH_FORKID

/** How a valid call is rebuilt after a mutation: the same method and arguments over the changed transaction. */
interface Valid {
  name: string
  build: () => { call: CraftedCall, relock: (call: CraftedCall, args?: unknown[]) => void, args: unknown[] }
}

/**
 * Takes valid deposit, startRound and distribute transactions and mutates them every way an
 * attacker can: values, scripts, output order, state, leaf encodings, inputs. Each mutant is
 * re-signed honestly for its own transaction (a fresh preimage, and a fresh operator
 * signature where there is one), so only the contract's own rules can reject it.
 */
describe('Dividend version 1 under mutation (adversarial, frozen artifact)', function () {
  this.timeout(600_000)
  const operator = bsv.PrivateKey.fromRandom('testnet')

  before(() => { DividendV1.loadArtifact(dividendV1Artifact()) })

  const leaves: RawLeaf[] = [
    { pkh: randomPkh(), amount: 400_000_000n },
    { pkh: randomPkh(), amount: 250_000_000n },
    { pkh: randomPkh(), amount: 200_000n }
  ]
  const tail = rawCommit([{ pkh: randomPkh(), amount: 100_000n }])
  const pool = 2_000_000n
  const changePkh = randomPkh()

  const valid: Valid[] = [
    {
      name: 'deposit',
      build: () => {
        const c = calledDividend(operator, { round: 3n })
        const call = new CraftedCall(c, 50_000).output(continued(c, {}).lockingScript, 51_000)
        const args: unknown[] = [1_000n]
        const relock = (k: CraftedCall, a: unknown[] = args): void => { k.unlock(c, 'deposit', a, SINGLE) }
        relock(call)
        return { call, relock, args }
      }
    },
    {
      name: 'startRound',
      build: () => {
        const c = calledDividend(operator, { round: 3n })
        const commitment = rawCommit(leaves)
        const n = continued(c, { round: 4n, snapshotHeight: 900n, cursor: commitment as ByteString, roundPool: 49_999n, roundTokens: 0n })
        const call = new CraftedCall(c, 50_000).output(n.lockingScript, 50_000)
        const args: unknown[] = [commitment, 900n]
        const relock = (k: CraftedCall, a: unknown[] = args): void => { k.unlock(c, 'startRound', [...a, k.sign(operator)], SINGLE) }
        relock(call)
        return { call, relock, args }
      }
    },
    {
      name: 'distribute',
      build: () => {
        const c = calledDividend(operator, { round: 1n, cursor: rawCommit(leaves, tail) as ByteString, roundPool: pool, roundTokens: 7n })
        const payouts = payoutOutputs(leaves, pool, SUPPLY)
        const tokens = leaves.reduce((s, l) => s + l.amount, 0n)
        const n = continued(c, { cursor: tail as ByteString, roundTokens: 7n + tokens })
        const call = new CraftedCall(c, 2_000_001).output(n.lockingScript, 2_000_001n - payouts.paid).rawOutputs(payouts.hex)
        const args: unknown[] = [padLeaves(leaves, DividendV1.N), BigInt(leaves.length), tail]
        const relock = (k: CraftedCall, a: unknown[] = args): void => { k.unlock(c, 'distribute', a, ALL, { amount: 0n, pkh: changePkh }) }
        relock(call)
        return { call, relock, args }
      }
    }
  ]

  /**
   * Mutations a correct contract accepts once re-signed: sequence and lock time are the
   * spender's business, not a rule of the contract.
   */
  const SPENDERS_CHOICE = ['the contract input\'s sequence changed', 'the transaction\'s lock time changed']

  type Mutation = (call: CraftedCall, args: unknown[]) => unknown[] | void
  const outputs = (call: CraftedCall): bsv.Transaction.Output[] => call.tx.outputs

  function mutationsFor (name: string, outputCount: number): Array<[string, Mutation]> {
    const m: Array<[string, Mutation]> = []
    for (let i = 0; i < outputCount; i++) {
      m.push([`output ${i} value + 1`, c => { setSatoshis(outputs(c)[i], outputs(c)[i].satoshis + 1) }])
      m.push([`output ${i} value - 1`, c => { setSatoshis(outputs(c)[i], outputs(c)[i].satoshis - 1) }])
      m.push([`output ${i} script, last byte flipped`, c => {
        const b = Buffer.from(outputs(c)[i].script.toBuffer()); b[b.length - 1] ^= 1
        outputs(c)[i].setScript(bsv.Script.fromBuffer(b))
      }])
      m.push([`output ${i} script, a byte inside flipped`, c => {
        const b = Buffer.from(outputs(c)[i].script.toBuffer()); b[Math.floor(b.length / 2)] ^= 0x40
        outputs(c)[i].setScript(bsv.Script.fromBuffer(b))
      }])
    }
    for (let i = 0; i + 1 < outputCount; i++) {
      m.push([`outputs ${i} and ${i + 1} swapped`, c => { const o = outputs(c); [o[i], o[i + 1]] = [o[i + 1], o[i]] }])
    }
    if (name === 'distribute') {
      m.push(['an extra output to someone else', c => { c.output(bsv.Script.buildPublicKeyHashOut(bsv.PrivateKey.fromRandom('testnet').toAddress()), 1) }])
      m.push(['the last payout removed', c => { c.tx.outputs.pop() }])
      m.push(['a leaf amount + 1', (_c, a) => { const l = structuredClone(a[0] as any[]); l[1].amount += 1n; return [l, a[1], a[2]] }])
      m.push(['a leaf pkh byte flipped', (_c, a) => { const l = structuredClone(a[0] as any[]); l[0].pkh = (parseInt(l[0].pkh.slice(0, 2), 16) ^ 0xff).toString(16).padStart(2, '0') + l[0].pkh.slice(2); return [l, a[1], a[2]] }])
      m.push(['two leaves swapped', (_c, a) => { const l = structuredClone(a[0] as any[]); [l[0], l[1]] = [l[1], l[0]]; return [l, a[1], a[2]] }])
      m.push(['count - 1', (_c, a) => [a[0], (a[1] as bigint) - 1n, a[2]]])
      m.push(['count + 1', (_c, a) => [a[0], (a[1] as bigint) + 1n, a[2]]])
      m.push(['another tail', (_c, a) => [a[0], a[1], 'ee'.repeat(32)]])
      m.push(['a leaf re-split (pkh 19 bytes, amount carries its last byte)', (_c, a) => {
        const l = structuredClone(a[0] as any[]); l[0].pkh = l[0].pkh.slice(0, 38); return [l, a[1], a[2]]
      }])
    }
    if (name === 'deposit') {
      m.push(['amount + 1', (_c, a) => [(a[0] as bigint) + 1n]])
      m.push(['amount - 1', (_c, a) => [(a[0] as bigint) - 1n]])
    }
    if (name === 'startRound') {
      m.push(['another commitment', (_c, a) => ['12'.repeat(32), a[1]]])
      m.push(['another height', (_c, a) => [a[0], (a[1] as bigint) + 1n]])
    }
    m.push(['the contract input\'s sequence changed', c => { c.tx.inputs[0].sequenceNumber = 5 }])
    m.push(['the transaction\'s lock time changed', c => { c.tx.nLockTime = 1234 }])
    return m
  }

  for (const v of valid) {
    describe(v.name, () => {
      it('the valid transaction passes', () => {
        expect(v.build().call.run()).to.equal(null)
      })

      it('every mutation, re-signed for its own transaction, is rejected by the script', () => {
        const { call: sample } = v.build()
        const accepted: string[] = []
        for (const [what, mutate] of mutationsFor(v.name, sample.tx.outputs.length)) {
          const { call, relock, args } = v.build()
          const newArgs = mutate(call, args)
          relock(call, newArgs ?? args)
          if (call.run() === null) accepted.push(what)
        }
        expect(accepted, 'mutants the script accepted').to.deep.equal(SPENDERS_CHOICE)
      })

      it('every mutation applied after signing (a stale preimage) is rejected', () => {
        const accepted: string[] = []
        const { call: sample } = v.build()
        for (const [what, mutate] of mutationsFor(v.name, sample.tx.outputs.length)) {
          const { call, args } = v.build()
          if (mutate(call, args) !== undefined) continue // argument mutations are covered above
          if (call.run() === null) accepted.push(what)
        }
        expect(accepted).to.deep.equal([])
      })
    })
  }
})
