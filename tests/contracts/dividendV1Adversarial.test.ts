import { bsv, ByteString } from 'scrypt-ts'
import { DividendV1 } from '../../contracts/v1/dividendV1'
import { dividendV1Artifact } from '../support/compiledFixtures'
import { mutationSuite, payoutMutations, type Mutation, type ValidCall } from '../support/mutationSuite'
import { CraftedCall } from '../support/craftedCall'
import { calledDividend, continued, padLeaves, payoutOutputs, randomPkh, rawCommit, RawLeaf } from './dividendV1Model'

const SUPPLY = 1_000_000_000n
const SINGLE = bsv.crypto.Signature.SIGHASH_ANYONECANPAY | bsv.crypto.Signature.SIGHASH_SINGLE | bsv.crypto.Signature.SIGHASH_FORKID
const ALL = bsv.crypto.Signature.SIGHASH_ALL | bsv.crypto.Signature.SIGHASH_FORKID

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

  const valid: ValidCall[] = [
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

  /** The mutations of each call's own arguments and outputs, beyond what every call's outputs get. */
  function methodMutations (name: string): Array<[string, Mutation]> {
    const m: Array<[string, Mutation]> = []
    if (name === 'distribute') {
      m.push(...payoutMutations())
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
    return m
  }

  mutationSuite(valid, methodMutations)
})
