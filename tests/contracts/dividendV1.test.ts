import { expect } from 'chai'
import { bsv, ByteString, PubKey, toHex } from 'scrypt-ts'
import { DividendV1 } from '../../contracts/v1/dividendV1'
import { dividendV1Artifact } from '../support/compiledFixtures'
import { CraftedCall } from '../support/craftedCall'
import { calledDividend, continued, padLeaves, payoutOutputs, randomPkh, rawCommit, RawLeaf } from './dividendV1Model'

const SUPPLY = 1_000_000_000n
const N = DividendV1.N
const ZERO = '00'.repeat(32)
const SINGLE = bsv.crypto.Signature.SIGHASH_ANYONECANPAY | bsv.crypto.Signature.SIGHASH_SINGLE | bsv.crypto.Signature.SIGHASH_FORKID
const ALL = bsv.crypto.Signature.SIGHASH_ALL | bsv.crypto.Signature.SIGHASH_FORKID

describe('Dividend version 1 (its frozen artifact, run in @bsv/sdk)', function () {
  this.timeout(300_000)
  const operator = bsv.PrivateKey.fromRandom('testnet')
  const stranger = bsv.PrivateKey.fromRandom('testnet')

  before(() => { DividendV1.loadArtifact(dividendV1Artifact()) })

  describe('deposit', () => {
    const value = 10_000
    function depositCall (amount: bigint, outValue: bigint, mutate?: (n: DividendV1) => void): CraftedCall {
      const c = calledDividend(operator)
      const n = continued(c, {})
      mutate?.(n)
      return new CraftedCall(c, value).output(n.lockingScript, outValue).unlock(c, 'deposit', [amount], SINGLE)
    }

    it('accepts a deposit that grows the contract output by exactly its amount', () => {
      expect(depositCall(500n, 10_500n).run()).to.equal(null)
    })

    it('accepts other outputs after the contract (the depositor\'s change)', () => {
      const call = depositCall(500n, 10_500n)
      call.output(bsv.Script.buildPublicKeyHashOut(stranger.toAddress()), 12_345)
      const c = calledDividend(operator)
      call.unlock(c, 'deposit', [500n], SINGLE)
      expect(call.run()).to.equal(null)
    })

    it('rejects an output that grows by less, or more, than the amount', () => {
      expect(depositCall(500n, 10_499n).run()).to.not.equal(null)
      expect(depositCall(500n, 10_501n).run()).to.not.equal(null)
    })

    it('rejects a zero or negative amount', () => {
      expect(depositCall(0n, 10_000n).run()).to.not.equal(null)
      expect(depositCall(-5n, 9_995n).run()).to.not.equal(null)
    })

    it('rejects a deposit that also changes the state', () => {
      expect(depositCall(500n, 10_500n, n => { n.round = 7n }).run()).to.not.equal(null)
      expect(depositCall(500n, 10_500n, n => { n.roundPool = 1n }).run()).to.not.equal(null)
    })
  })

  describe('startRound', () => {
    const value = 100_001
    const commitment = 'cd'.repeat(32)
    function startCall (opts: { key?: bsv.PrivateKey, commitment?: string, from?: Partial<DividendV1>, value?: number, next?: Partial<DividendV1> } = {}): CraftedCall {
      const c = calledDividend(operator, opts.from ?? {})
      const v = opts.value ?? value
      const com = opts.commitment ?? commitment
      const n = continued(c, { round: c.round + 1n, snapshotHeight: 812n, cursor: com as ByteString, roundPool: BigInt(v) - 1n, roundTokens: 0n, ...opts.next })
      const call = new CraftedCall(c, v).output(n.lockingScript, v)
      const sig = call.sign(opts.key ?? operator)
      return call.unlock(c, 'startRound', [com, 812n, sig], SINGLE)
    }

    it('starts a round when the operator signs', () => {
      expect(startCall().run()).to.equal(null)
    })

    it('rejects a signature by anyone else', () => {
      expect(startCall({ key: stranger }).run()).to.not.equal(null)
    })

    it('rejects a start while a round runs', () => {
      expect(startCall({ from: { cursor: 'ef'.repeat(32) as ByteString, round: 1n } }).run()).to.not.equal(null)
    })

    it('rejects the empty chain and commitments that are not 32 bytes', () => {
      expect(startCall({ commitment: ZERO }).run()).to.not.equal(null)
      expect(startCall({ commitment: 'cd'.repeat(31) }).run()).to.not.equal(null)
      expect(startCall({ commitment: 'cd'.repeat(33) }).run()).to.not.equal(null)
    })

    it('rejects a round with nothing to distribute', () => {
      expect(startCall({ value: 1 }).run()).to.not.equal(null)
    })

    it('rejects a next state with another pool or token count', () => {
      expect(startCall({ next: { roundPool: BigInt(value) } }).run()).to.not.equal(null)
      expect(startCall({ next: { roundTokens: 5n } }).run()).to.not.equal(null)
    })
  })

  describe('distribute', () => {
    const pool = 1_000_000n
    const value = 1_000_001
    const honest: RawLeaf[] = [
      { pkh: randomPkh(), amount: 500_000_000n },
      { pkh: randomPkh(), amount: 300_000_000n },
      { pkh: randomPkh(), amount: 150_000_000n },
      { pkh: randomPkh(), amount: 50_000_000n }
    ]
    const changePkh = randomPkh()

    /** A distribute call paying `paid` (what the outputs pay) for the args `leaves`, `count`, `tail`. */
    function distributeCall (o: {
      committed?: RawLeaf[] // what the operator committed to (the round's leaves)
      args?: RawLeaf[] // the leaves passed to the contract
      paidLeaves?: RawLeaf[] // the leaves the outputs pay
      count?: bigint
      tail?: string
      roundTokens?: bigint
      extraOutputs?: (call: CraftedCall) => void
      outputsHex?: (hex: string) => string
      cursor?: string
    } = {}): CraftedCall {
      const committed = o.committed ?? honest
      const args = o.args ?? committed
      const tail = o.tail ?? ZERO
      const cursor = o.cursor ?? rawCommit(committed, tail)
      const c = calledDividend(operator, { round: 1n, cursor: cursor as ByteString, roundPool: pool, roundTokens: o.roundTokens ?? 0n })
      const count = o.count ?? BigInt(args.length)
      const counted = args.slice(0, Number(count))
      const payouts = payoutOutputs(o.paidLeaves ?? counted, pool, SUPPLY)
      const tokens = counted.reduce((s, l) => s + l.amount, 0n)
      const n = continued(c, { cursor: tail as ByteString, roundTokens: (o.roundTokens ?? 0n) + tokens })
      const call = new CraftedCall(c, value).output(n.lockingScript, BigInt(value) - payouts.paid)
      call.rawOutputs(o.outputsHex !== undefined ? o.outputsHex(payouts.hex) : payouts.hex)
      o.extraOutputs?.(call)
      return call.unlock(c, 'distribute', [padLeaves(args, N), count, tail], ALL, { amount: 0n, pkh: changePkh })
    }

    it('pays every leaf its pro-rata share, in leaf order', () => {
      expect(distributeCall().run()).to.equal(null)
    })

    it('pays a first batch and moves the cursor to the rest of the chain', () => {
      const tail = rawCommit(honest.slice(2))
      expect(distributeCall({ committed: honest.slice(0, 2), tail }).run()).to.equal(null)
    })

    it('pays a full batch of N leaves', () => {
      const many = Array.from({ length: N }, (_, i) => ({ pkh: randomPkh(), amount: BigInt(1_000_000 + i) }))
      expect(distributeCall({ committed: many }).run()).to.equal(null)
    })

    it('rejects leaves that do not fold onto the cursor', () => {
      const forged = honest.map((l, i) => i === 1 ? { ...l, amount: l.amount + 1n } : l)
      expect(distributeCall({ args: forged, cursor: rawCommit(honest) }).run()).to.not.equal(null)
    })

    it('rejects a wrong payout, a missing payout and reordered payouts', () => {
      const plusOne = honest.map((l, i) => i === 0 ? { ...l, amount: l.amount + 1_000n } : l)
      expect(distributeCall({ paidLeaves: plusOne }).run()).to.not.equal(null)
      expect(distributeCall({ paidLeaves: honest.slice(0, 3) }).run()).to.not.equal(null)
      expect(distributeCall({ paidLeaves: [honest[1], honest[0], ...honest.slice(2)] }).run()).to.not.equal(null)
    })

    it('rejects an extra output to someone else', () => {
      const call = distributeCall({ extraOutputs: c => c.output(bsv.Script.buildPublicKeyHashOut(stranger.toAddress()), 1) })
      expect(call.run()).to.not.equal(null)
    })

    it('rejects 19- and 21-byte pkhs even when the operator committed to them', () => {
      for (const pkh of [randomPkh().slice(2), randomPkh() + 'ee']) {
        const bad = [{ pkh, amount: 100_000_000n }, ...honest.slice(1)]
        expect(distributeCall({ committed: bad }).run()).to.not.equal(null)
      }
    })

    it('rejects a tail that is not 32 bytes', () => {
      expect(distributeCall({ committed: honest.slice(0, 2), tail: 'ab'.repeat(33) }).run()).to.not.equal(null)
      expect(distributeCall({ committed: honest.slice(0, 2), tail: 'ab'.repeat(31) }).run()).to.not.equal(null)
    })

    it('rejects zero, negative and above-supply amounts even when committed', () => {
      // -1 pays floor(pool * -1 / supply) = 0 (truncated), so the transaction itself stays well formed
      for (const amount of [0n, -1n, SUPPLY + 1n]) {
        expect(distributeCall({ committed: [{ pkh: randomPkh(), amount }] }).run()).to.not.equal(null)
      }
    })

    it('rejects a count of 0 and a count above N', () => {
      // tail == cursor: with count 0 every other check would pass
      expect(distributeCall({ committed: [], args: honest, tail: rawCommit(honest), count: 0n }).run()).to.not.equal(null)
      const many = Array.from({ length: N }, (_, i) => ({ pkh: randomPkh(), amount: BigInt(1_000 + i) }))
      expect(distributeCall({ committed: many, count: BigInt(N + 1) }).run()).to.not.equal(null)
    })

    it('rejects a batch that takes the round above the supply', () => {
      expect(distributeCall({ roundTokens: SUPPLY - 100n }).run()).to.not.equal(null)
    })

    it('rejects a call when no round runs', () => {
      expect(distributeCall({ committed: [], count: 1n, args: honest.slice(0, 1), cursor: ZERO }).run()).to.not.equal(null)
    })
  })

  describe('recommit and setOperator', () => {
    const value = 5_000
    function operatorCall (method: 'recommit' | 'setOperator', key: bsv.PrivateKey, running = true): CraftedCall {
      const c = calledDividend(operator, running ? { round: 1n, cursor: 'aa'.repeat(32) as ByteString, roundPool: 4_999n, roundTokens: 10n } : {})
      const newOperator = PubKey(toHex(stranger.publicKey))
      const n = method === 'recommit' ? continued(c, { cursor: ZERO as ByteString }) : continued(c, { operator: newOperator })
      const call = new CraftedCall(c, value).output(n.lockingScript, value)
      const sig = call.sign(key)
      return call.unlock(c, method, method === 'recommit' ? [ZERO, sig] : [newOperator, sig], SINGLE)
    }

    it('lets the operator end a round by recommitting the empty chain, keeping pool and tokens', () => {
      expect(operatorCall('recommit', operator).run()).to.equal(null)
    })

    it('rejects recommit by anyone else, and when no round runs', () => {
      expect(operatorCall('recommit', stranger).run()).to.not.equal(null)
      expect(operatorCall('recommit', operator, false).run()).to.not.equal(null)
    })

    it('lets the operator hand the role over, and nobody else', () => {
      expect(operatorCall('setOperator', operator).run()).to.equal(null)
      expect(operatorCall('setOperator', stranger).run()).to.not.equal(null)
    })
  })
})
