import { ByteString } from 'scrypt-ts'
import { Dividend } from '../../contracts/dividend'
import { ActionKind } from '../../contracts/offchain/dividendAction'
import { contractArtifact } from '../support/compiledFixtures'
import { mutationSuite, payoutMutations, type Mutation, type ValidCall } from '../support/mutationSuite'
import { CraftedCall } from '../support/craftedCall'
import { ALL, continued, dividendAt, Operators, signatureSlots, SINGLE, SUPPLY } from './dividendModel'
import { payoutOutputs, randomPkh, rawCommit, rawLeafBytes, type RawLeaf } from './leafModel'

/**
 * Takes valid deposit, approve (a round started) and distribute transactions of version 2 and
 * mutates them every way an attacker can: values, scripts, output order, state, leaf
 * encodings, inputs. Each mutant is re-signed honestly for its own transaction (a fresh
 * preimage, and fresh operator signatures where there are any), so only the contract's own
 * rules can reject it.
 */
describe('Dividend contract, version 2, under mutation (adversarial)', function () {
  this.timeout(600_000)
  const ops = Operators.random(2, 1, 2, 10_000_000n)

  before(() => { Dividend.loadArtifact(contractArtifact('dividend')) })

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
        const c = dividendAt(ops.hash, { round: 3n })
        const call = new CraftedCall(c, 50_000).output(continued(c, {}).lockingScript, 51_000)
        const args: unknown[] = [1_000n]
        const relock = (k: CraftedCall, a: unknown[] = args): void => { k.unlock(c, 'deposit', a, SINGLE) }
        relock(call)
        return { call, relock, args }
      }
    },
    {
      name: 'approve',
      build: () => {
        const c = dividendAt(ops.hash, { round: 3n })
        const commitment = rawCommit(leaves)
        const n = continued(c, { round: 4n, snapshotHeight: 900n, cursor: commitment as ByteString, roundPool: 49_000n, roundPaid: 0n, proposal: '' as ByteString, approvals: 0n })
        const call = new CraftedCall(c, 50_000).output(n.lockingScript, 50_000)
        const args: unknown[] = [BigInt(ActionKind.StartRound), commitment, 900n, 49_000n, ops.bytes]
        const relock = (k: CraftedCall, a: unknown[] = args): void => { k.unlock(c, 'approve', [...a, signatureSlots(k, ops, [ops.keys[0]])], SINGLE) }
        relock(call)
        return { call, relock, args }
      }
    },
    {
      name: 'distribute',
      build: () => {
        const c = dividendAt(ops.hash, { round: 1n, cursor: rawCommit(leaves, tail) as ByteString, roundPool: pool, roundPaid: 7n })
        const payouts = payoutOutputs(leaves, pool, SUPPLY)
        const n = continued(c, { cursor: tail as ByteString, roundPaid: 7n + payouts.paid })
        const call = new CraftedCall(c, 2_000_001).output(n.lockingScript, 2_000_001n - payouts.paid).rawOutputs(payouts.hex)
        const args: unknown[] = [leaves.map(rawLeafBytes).join(''), tail]
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
      const withLeaves = (f: (l: RawLeaf[]) => RawLeaf[]) => (_c: CraftedCall, a: unknown[]) => [f(structuredClone(leaves)).map(rawLeafBytes).join(''), a[1]]
      m.push(['a leaf amount + 1', withLeaves(l => { l[1].amount += 1n; return l })])
      m.push(['a leaf pkh byte flipped', withLeaves(l => { l[0].pkh = (parseInt(l[0].pkh.slice(0, 2), 16) ^ 0xff).toString(16).padStart(2, '0') + l[0].pkh.slice(2); return l })])
      m.push(['two leaves swapped', withLeaves(l => { [l[0], l[1]] = [l[1], l[0]]; return l })])
      m.push(['the last leaf left out', withLeaves(l => l.slice(0, -1))])
      m.push(['the first leaf left out', withLeaves(l => l.slice(1))])
      m.push(['a leaf added', withLeaves(l => [...l, { pkh: randomPkh(), amount: 100_000n }])])
      m.push(['another tail', (_c, a) => [a[0], 'ee'.repeat(32)]])
      m.push(['a byte before the batch', (_c, a) => ['00' + (a[0] as string), a[1]]])
      m.push(['a byte after the batch', (_c, a) => [(a[0] as string) + '00', a[1]]])
    }
    if (name === 'deposit') {
      m.push(['amount + 1', (_c, a) => [(a[0] as bigint) + 1n]])
      m.push(['amount - 1', (_c, a) => [(a[0] as bigint) - 1n]])
    }
    if (name === 'approve') {
      m.push(['another commitment', (_c, a) => [a[0], '12'.repeat(32), a[2], a[3], a[4]]])
      m.push(['another height', (_c, a) => [a[0], a[1], (a[2] as bigint) + 1n, a[3], a[4]]])
      m.push(['another pool', (_c, a) => [a[0], a[1], a[2], (a[3] as bigint) + 1n, a[4]]])
      m.push(['another kind (recommit)', (_c, a) => [BigInt(ActionKind.Recommit), a[1], a[2], a[3], a[4]]])
      m.push(['another operator set', (_c, a) => [a[0], a[1], a[2], a[3], Operators.random(2, 1, 2, 10_000_000n).bytes]])
    }
    return m
  }

  mutationSuite(valid, methodMutations)
})
