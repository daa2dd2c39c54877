import { expect } from 'chai'
import { bsv, ByteString } from 'scrypt-ts'
import { Dividend } from '../../contracts/dividend'
import { acceptanceOf, ActionKind, actionHash, type DividendAction } from '../../contracts/offchain/dividendAction'
import { contractArtifact } from '../support/compiledFixtures'
import { CraftedCall } from '../support/craftedCall'
import { ALL, approveCall, continued, dividendAt, EMPTY, MIN_DEPOSIT, Operators, SINGLE, SUPPLY } from './dividendModel'
import { payoutOutputs, randomPkh, rawCommit, rawLeafBytes, type RawLeaf } from './leafModel'

const N = Dividend.N

const start = (commitment: string, pool: bigint, height = 812n): DividendAction => ({ kind: ActionKind.StartRound, commitment, height, pool })
const recommit = (commitment: string): DividendAction => ({ kind: ActionKind.Recommit, commitment, height: 0n, pool: 0n })
const handover = (to: Operators): DividendAction => ({ kind: ActionKind.SetOperators, commitment: to.hash, height: 0n, pool: 0n })

describe('Dividend contract, version 2 (compiled script, run in @bsv/sdk)', function () {
  this.timeout(300_000)
  const stranger = bsv.PrivateKey.fromRandom('testnet')
  // A hot key alone below 1,000,000 satoshis; two of three at or above.
  const ops = Operators.random(3, 1, 2, 1_000_000n)
  const [a, b, c] = ops.keys
  const commitment = 'cd'.repeat(32)

  before(() => { Dividend.loadArtifact(contractArtifact('dividend')) })

  describe('deposit', () => {
    function depositCall (amount: bigint, outValue: bigint, mutate?: (n: Dividend) => void): CraftedCall {
      const d = dividendAt(ops.hash)
      const n = continued(d, {})
      mutate?.(n)
      return new CraftedCall(d, 10_000).output(n.lockingScript, outValue).unlock(d, 'deposit', [amount], SINGLE)
    }

    it('accepts a deposit of at least minDeposit that grows the output by exactly its amount', () => {
      expect(depositCall(MIN_DEPOSIT, 10_000n + MIN_DEPOSIT).run()).to.equal(null)
      expect(depositCall(500_000n, 510_000n).run()).to.equal(null)
    })

    it('rejects a deposit below minDeposit, and an output that grows by another amount', () => {
      expect(depositCall(MIN_DEPOSIT - 1n, 10_000n + MIN_DEPOSIT - 1n).run()).to.not.equal(null)
      expect(depositCall(5_000n, 14_999n).run()).to.not.equal(null)
      expect(depositCall(5_000n, 15_001n).run()).to.not.equal(null)
    })

    it('rejects a deposit that also changes the state (a pending proposal survives every deposit)', () => {
      expect(depositCall(5_000n, 15_000n, n => { n.approvals = 1n }).run()).to.not.equal(null)
      expect(depositCall(5_000n, 15_000n, n => { n.proposal = 'ab'.repeat(32) as ByteString }).run()).to.not.equal(null)
    })
  })

  describe('distribute', () => {
    const pool = 1_000_000n
    const value = 3_000_001
    const honest: RawLeaf[] = [
      { pkh: randomPkh(), amount: 500_000_000n },
      { pkh: randomPkh(), amount: 300_000_000n },
      { pkh: randomPkh(), amount: 150_000_000n },
      { pkh: randomPkh(), amount: 50_000_000n }
    ]

    function distributeCall (o: { committed?: RawLeaf[], batch?: string, paidLeaves?: RawLeaf[], tail?: string, roundPaid?: bigint, roundPool?: bigint, cursor?: string } = {}): CraftedCall {
      const committed = o.committed ?? honest
      const tail = o.tail ?? EMPTY
      const roundPool = o.roundPool ?? pool
      const d = dividendAt(ops.hash, { round: 1n, cursor: (o.cursor ?? rawCommit(committed, tail)) as ByteString, roundPool, roundPaid: o.roundPaid ?? 0n })
      const payouts = payoutOutputs(o.paidLeaves ?? committed, roundPool, SUPPLY)
      const n = continued(d, { cursor: tail as ByteString, roundPaid: (o.roundPaid ?? 0n) + payouts.paid })
      const call = new CraftedCall(d, value).output(n.lockingScript, BigInt(value) - payouts.paid).rawOutputs(payouts.hex)
      const batch = o.batch ?? committed.map(rawLeafBytes).join('')
      return call.unlock(d, 'distribute', [batch, tail], ALL, { amount: 0n, pkh: randomPkh() })
    }

    it('pays every leaf its pro-rata share, in leaf order, from the 28-byte leaves', () => {
      expect(distributeCall().run()).to.equal(null)
    })

    it('pays a first batch and moves the cursor to the rest of the chain', () => {
      expect(distributeCall({ committed: honest.slice(0, 2), tail: rawCommit(honest.slice(2)) }).run()).to.equal(null)
    })

    it('pays a full batch of N leaves, and no more', () => {
      const many = Array.from({ length: N + 1 }, (_, i) => ({ pkh: randomPkh(), amount: BigInt(1_000_000 + i) }))
      expect(distributeCall({ committed: many.slice(0, N) }).run()).to.equal(null)
      expect(distributeCall({ committed: many }).run()).to.not.equal(null)
    })

    it('rejects a leaf whose payout is 0 satoshis, even when committed', () => {
      // 999 tokens of a 1,000,000-satoshi pool: floor(1e6 * 999 / 1e9) = 0
      expect(distributeCall({ committed: [...honest.slice(0, 3), { pkh: randomPkh(), amount: 999n }] }).run()).to.not.equal(null)
      expect(distributeCall({ committed: [...honest.slice(0, 3), { pkh: randomPkh(), amount: 1_000n }] }).run()).to.equal(null)
    })

    it('rejects zero and negative amounts even when committed', () => {
      // -1 pays floor(pool * -1 / supply) = 0 (truncated), so the transaction itself stays well formed
      for (const amount of [0n, -1n]) {
        expect(distributeCall({ committed: [{ pkh: randomPkh(), amount }] }).run()).to.not.equal(null)
      }
    })

    it('rejects a round that would pay more than its pool (amounts above the supply)', () => {
      expect(distributeCall({ committed: [{ pkh: randomPkh(), amount: SUPPLY + 1_000_000n }] }).run()).to.not.equal(null)
      expect(distributeCall({ committed: honest.slice(0, 1), roundPaid: 600_000n }).run()).to.not.equal(null)
      expect(distributeCall({ committed: honest.slice(0, 1), roundPaid: 500_000n }).run()).to.equal(null)
    })

    it('rejects leaves that do not fold onto the cursor, and a batch that is not whole 28-byte leaves', () => {
      const forged = honest.map((l, i) => i === 1 ? { ...l, amount: l.amount + 1n } : l)
      expect(distributeCall({ committed: forged, cursor: rawCommit(honest) }).run()).to.not.equal(null)
      const bytes = honest.map(rawLeafBytes).join('')
      expect(distributeCall({ batch: 'ee' + bytes }).run()).to.not.equal(null)
      expect(distributeCall({ batch: bytes.slice(2) }).run()).to.not.equal(null)
      expect(distributeCall({ batch: '' }).run()).to.not.equal(null)
    })

    it('rejects wrong, missing and reordered payouts', () => {
      const plusOne = honest.map((l, i) => i === 0 ? { ...l, amount: l.amount + 1_000n } : l)
      expect(distributeCall({ paidLeaves: plusOne }).run()).to.not.equal(null)
      expect(distributeCall({ paidLeaves: honest.slice(0, 3) }).run()).to.not.equal(null)
      expect(distributeCall({ paidLeaves: [honest[1], honest[0], ...honest.slice(2)] }).run()).to.not.equal(null)
    })

    it('rejects a tail that is not 32 bytes, and a call when no round runs', () => {
      expect(distributeCall({ committed: honest.slice(0, 2), tail: 'ab'.repeat(33) }).run()).to.not.equal(null)
      expect(distributeCall({ committed: honest.slice(0, 2), tail: 'ab'.repeat(31) }).run()).to.not.equal(null)
      expect(distributeCall({ cursor: EMPTY }).run()).to.not.equal(null)
    })
  })

  describe('approve: starting a round', () => {
    it('the hot key alone starts a round below the approval threshold, pinning the pool', () => {
      const d = dividendAt(ops.hash)
      expect(approveCall({ contract: d, value: 900_000, action: start(commitment, 800_000n), signing: ops, signers: [a] }).run()).to.equal(null)
    })

    it('a round at or above the threshold needs two keys: one records a proposal, the second starts it', () => {
      const d = dividendAt(ops.hash)
      const big = start(commitment, 5_000_000n)
      const first = approveCall({ contract: d, value: 6_000_000, action: big, signing: ops, signers: [a] })
      expect(first.run()).to.equal(null)
      // the hot key alone cannot start it: an output with the round started is rejected
      const started = { proposal: '' as ByteString, approvals: 0n, round: 1n, snapshotHeight: 812n, cursor: commitment as ByteString, roundPool: 5_000_000n, roundPaid: 0n }
      expect(approveCall({ contract: d, value: 6_000_000, action: big, signing: ops, signers: [a], next: started }).run()).to.not.equal(null)
      const pending = continued(d, { proposal: actionHash(big, EMPTY) as ByteString, approvals: 1n << BigInt(ops.slot(a)) })
      expect(approveCall({ contract: pending, value: 6_000_000, action: big, signing: ops, signers: [b] }).run()).to.equal(null)
      expect(approveCall({ contract: pending, value: 6_000_000, action: big, signing: ops, signers: [b], next: started }).run()).to.equal(null)
      // the same key again adds nothing
      expect(approveCall({ contract: pending, value: 6_000_000, action: big, signing: ops, signers: [a] }).run()).to.not.equal(null)
    })

    it('a deposit between two approvals changes nothing: the second starts the round with the approved pool', () => {
      const big = start(commitment, 5_000_000n)
      const pending = dividendAt(ops.hash, { proposal: actionHash(big, EMPTY) as ByteString, approvals: 1n << BigInt(ops.slot(a)) })
      // the contract now holds 9,000,000 after a deposit: the round still pays the approved 5,000,000
      expect(approveCall({ contract: pending, value: 9_000_000, action: big, signing: ops, signers: [c] }).run()).to.equal(null)
      const allIn = { proposal: '' as ByteString, approvals: 0n, round: 1n, snapshotHeight: 812n, cursor: commitment as ByteString, roundPool: 8_999_999n, roundPaid: 0n }
      expect(approveCall({ contract: pending, value: 9_000_000, action: big, signing: ops, signers: [c], next: allIn }).run()).to.not.equal(null)
    })

    it('two keys in one call start a large round at once', () => {
      expect(approveCall({ contract: dividendAt(ops.hash), value: 6_000_000, action: start(commitment, 5_000_000n), signing: ops, signers: [a, c] }).run()).to.equal(null)
    })

    it('rejects a stranger, a key in another key\'s slot, a bad signature and a set that is not the operators\'', () => {
      const d = dividendAt(ops.hash)
      const action = start(commitment, 800_000n)
      const withStranger = new Operators([stranger, b, c], 1, 2, 1_000_000n)
      expect(approveCall({ contract: d, value: 900_000, action, signing: withStranger, signers: [stranger], setBytes: ops.bytes }).run()).to.not.equal(null)
      expect(approveCall({ contract: d, value: 900_000, action, signing: withStranger, signers: [stranger] }).run()).to.not.equal(null)
      const call = approveCall({ contract: d, value: 900_000, action, signing: ops, signers: [a] })
      const script = call.tx.inputs[0].script.toHex()
      const sig = call.sign(a).slice(0, -2)
      const flipped = sig.slice(0, 20) + (sig[20] === '0' ? '1' : '0') + sig.slice(21)
      call.tx.inputs[0].setScript(bsv.Script.fromHex(script.replace(sig, flipped)))
      expect(call.run()).to.not.equal(null)
    })

    it('rejects a start while a round runs, an empty or short commitment, and a pool that is 0 or leaves nothing', () => {
      const running = dividendAt(ops.hash, { round: 1n, cursor: 'ef'.repeat(32) as ByteString, roundPool: 10n })
      const next = { proposal: '' as ByteString, approvals: 0n, round: 2n, snapshotHeight: 812n, cursor: commitment as ByteString, roundPool: 800_000n, roundPaid: 0n }
      expect(approveCall({ contract: running, value: 900_000, action: start(commitment, 800_000n), signing: ops, signers: [a], next }).run()).to.not.equal(null)
      const idle = dividendAt(ops.hash)
      const started = (com: string, pool: bigint): Partial<Dividend> => ({ proposal: '' as ByteString, approvals: 0n, round: 1n, snapshotHeight: 812n, cursor: com as ByteString, roundPool: pool, roundPaid: 0n })
      for (const com of [EMPTY, 'cd'.repeat(31)]) {
        expect(approveCall({ contract: idle, value: 900_000, action: start(com, 800_000n), signing: ops, signers: [a], next: started(com, 800_000n) }).run()).to.not.equal(null)
      }
      for (const pool of [0n, 900_000n, 900_001n]) {
        expect(approveCall({ contract: idle, value: 900_000, action: start(commitment, pool), signing: ops, signers: [a], next: started(commitment, pool) }).run()).to.not.equal(null)
      }
      expect(approveCall({ contract: idle, value: 900_000, action: start(commitment, 899_999n), signing: ops, signers: [a] }).run()).to.equal(null)
    })

    it('rejects a call that changes the contract\'s value, and an unknown action', () => {
      const d = dividendAt(ops.hash)
      expect(approveCall({ contract: d, value: 900_000, action: start(commitment, 800_000n), signing: ops, signers: [a], outValue: 899_999 }).run()).to.not.equal(null)
      const unknown = { kind: 5 as ActionKind, commitment, height: 0n, pool: 0n }
      const next = { proposal: '' as ByteString, approvals: 0n, operators: commitment as ByteString }
      expect(approveCall({ contract: d, value: 900_000, action: unknown, signing: ops, signers: [a, b], next }).run()).to.not.equal(null)
    })
  })

  describe('approve: the pending proposal', () => {
    const big = start(commitment, 5_000_000n)
    const other = start('ce'.repeat(32), 6_000_000n)
    const pendingWith = (signers: bsv.PrivateKey[]): Dividend =>
      dividendAt(ops.hash, { proposal: actionHash(big, EMPTY) as ByteString, approvals: signers.reduce((m, k) => m | (1n << BigInt(ops.slot(k))), 0n) })

    it('another action replaces it only with more signatures than it has approvals', () => {
      expect(approveCall({ contract: pendingWith([a]), value: 7_000_000, action: other, signing: ops, signers: [b] }).run()).to.not.equal(null)
      expect(approveCall({ contract: pendingWith([a]), value: 7_000_000, action: start(commitment, 800_000n), signing: ops, signers: [b] }).run()).to.not.equal(null)
      expect(approveCall({ contract: pendingWith([a]), value: 7_000_000, action: other, signing: ops, signers: [b, c] }).run()).to.equal(null)
    })

    it('with nothing pending a call needs a signature', () => {
      expect(approveCall({ contract: dividendAt(ops.hash), value: 7_000_000, action: big, signing: ops, signers: [] }).run()).to.not.equal(null)
    })
  })

  describe('approve: recommit', () => {
    const running = (roundPaid: bigint): Dividend => dividendAt(ops.hash, { round: 1n, cursor: 'aa'.repeat(32) as ByteString, roundPool: 4_000_000n, roundPaid })
    const ended = { proposal: '' as ByteString, approvals: 0n, cursor: EMPTY as ByteString }

    it('the hot key alone ends a round nobody has been paid from', () => {
      expect(approveCall({ contract: running(0n), value: 5_000_000, action: recommit(EMPTY), signing: ops, signers: [a] }).run()).to.equal(null)
    })

    it('once someone is paid, ending or recommitting needs two keys', () => {
      expect(approveCall({ contract: running(10n), value: 5_000_000, action: recommit(EMPTY), signing: ops, signers: [a], next: ended }).run()).to.not.equal(null)
      expect(approveCall({ contract: running(10n), value: 5_000_000, action: recommit(EMPTY), signing: ops, signers: [a] }).run()).to.equal(null)
      expect(approveCall({ contract: running(10n), value: 5_000_000, action: recommit(EMPTY), signing: ops, signers: [a, b] }).run()).to.equal(null)
      const other = { proposal: '' as ByteString, approvals: 0n, cursor: 'bb'.repeat(32) as ByteString }
      expect(approveCall({ contract: running(0n), value: 5_000_000, action: recommit('bb'.repeat(32)), signing: ops, signers: [a], next: other }).run()).to.not.equal(null)
      expect(approveCall({ contract: running(0n), value: 5_000_000, action: recommit('bb'.repeat(32)), signing: ops, signers: [b, c] }).run()).to.equal(null)
    })

    it('approvals of a recommit lapse when a batch is paid meanwhile (they name the cursor they replace)', () => {
      const action = recommit('bb'.repeat(32))
      const approvedAt = actionHash(action, 'aa'.repeat(32))
      // the cursor moved from aa.. to cc.. since the first approval
      const moved = dividendAt(ops.hash, { round: 1n, cursor: 'cc'.repeat(32) as ByteString, roundPool: 4_000_000n, roundPaid: 10n, proposal: approvedAt as ByteString, approvals: 1n << BigInt(ops.slot(a)) })
      const recommitted = { proposal: '' as ByteString, approvals: 0n, cursor: 'bb'.repeat(32) as ByteString }
      expect(approveCall({ contract: moved, value: 5_000_000, action, signing: ops, signers: [b], next: recommitted }).run()).to.not.equal(null)
      const stillThere = continued(moved, { cursor: 'aa'.repeat(32) as ByteString })
      expect(approveCall({ contract: stillThere, value: 5_000_000, action, signing: ops, signers: [b], next: recommitted }).run()).to.equal(null)
    })

    it('rejects a recommit when no round runs, and a commitment that is not 32 bytes', () => {
      const idle = dividendAt(ops.hash)
      expect(approveCall({ contract: idle, value: 5_000_000, action: recommit(EMPTY), signing: ops, signers: [a, b], next: ended }).run()).to.not.equal(null)
      const short = { proposal: '' as ByteString, approvals: 0n, cursor: 'bb'.repeat(31) as ByteString }
      expect(approveCall({ contract: running(5n), value: 5_000_000, action: recommit('bb'.repeat(31)), signing: ops, signers: [a, b], next: short }).run()).to.not.equal(null)
    })
  })

  describe('approve: handing the role to a new set', () => {
    const next2 = Operators.random(2, 1, 2, 0n)

    it('two operators approve, then every key of the new set accepts, in separate calls', () => {
      const d = dividendAt(ops.hash)
      expect(approveCall({ contract: d, value: 5_000, action: handover(next2), signing: ops, signers: [a] }).run()).to.equal(null)
      // once approved (two keys) the handover waits for the new set
      const approved = continued(d, { proposal: actionHash(acceptanceOf(handover(next2)), EMPTY) as ByteString, approvals: 0n })
      expect(approveCall({ contract: d, value: 5_000, action: handover(next2), signing: ops, signers: [a, b], next: { proposal: approved.proposal, approvals: 0n } }).run()).to.equal(null)
      const accept = acceptanceOf(handover(next2))
      expect(approveCall({ contract: approved, value: 5_000, action: accept, signing: next2, signers: [next2.keys[0]] }).run()).to.equal(null)
      // one acceptance is not enough to move the role
      expect(approveCall({ contract: approved, value: 5_000, action: accept, signing: next2, signers: [next2.keys[0]], next: { proposal: '' as ByteString, approvals: 0n, operators: next2.hash as ByteString } }).run()).to.not.equal(null)
      const half = continued(approved, { approvals: 1n })
      expect(approveCall({ contract: half, value: 5_000, action: accept, signing: next2, signers: [next2.keys[1]] }).run()).to.equal(null)
      expect(approveCall({ contract: half, value: 5_000, action: accept, signing: next2, signers: [next2.keys[1]], next: { proposal: '' as ByteString, approvals: 0n, operators: next2.hash as ByteString } }).run()).to.equal(null)
    })

    it('the hot key alone cannot hand the role over', () => {
      const d = dividendAt(ops.hash)
      const approved = { proposal: actionHash(acceptanceOf(handover(next2)), EMPTY) as ByteString, approvals: 0n }
      expect(approveCall({ contract: d, value: 5_000, action: handover(next2), signing: ops, signers: [a], next: approved }).run()).to.not.equal(null)
    })

    it('a set accepts only a handover the operators approved', () => {
      const accept = acceptanceOf(handover(next2))
      const moved = { proposal: '' as ByteString, approvals: 0n, operators: next2.hash as ByteString }
      expect(approveCall({ contract: dividendAt(ops.hash), value: 5_000, action: accept, signing: next2, signers: next2.keys, next: moved }).run()).to.not.equal(null)
    })

    it('a set with a slot nobody can sign for (bytes that are not a key) never takes the role', () => {
      // the handover names a set with a second "key" of 33 arbitrary bytes: only the first can accept
      const real = bsv.PrivateKey.fromRandom('testnet')
      const junk = '02' + 'ff'.repeat(32)
      const bytes = (() => {
        const keys = [real.publicKey.toString(), junk].sort((x, y) => Buffer.compare(Buffer.from(y, 'hex').reverse(), Buffer.from(x, 'hex').reverse()))
        return keys.join('') + '00'.repeat(33 * 3) + '0101' + '00'.repeat(8)
      })()
      const hash = bsv.crypto.Hash.sha256(Buffer.from(bytes, 'hex')).toString('hex')
      const accept: DividendAction = { kind: ActionKind.AcceptOperators, commitment: hash, height: 0n, pool: 0n }
      const approved = dividendAt(ops.hash, { proposal: actionHash(accept, EMPTY) as ByteString, approvals: 0n })
      const signing = { slot: (k: bsv.PrivateKey) => bytes.indexOf(k.publicKey.toString()) / 66, bytes, hash } as unknown as Operators
      const moved = { proposal: '' as ByteString, approvals: 0n, operators: hash as ByteString }
      expect(approveCall({ contract: approved, value: 5_000, action: accept, signing, signers: [real], next: moved }).run()).to.not.equal(null)
    })

    it('rejects an accepting set whose keys repeat or are out of order, or whose thresholds do not fit its keys', () => {
      const k = bsv.PrivateKey.fromRandom('testnet')
      const k2 = bsv.PrivateKey.fromRandom('testnet')
      const pub = k.publicKey.toString()
      const pub2 = k2.publicKey.toString()
      const [hi, lo] = Buffer.compare(Buffer.from(pub, 'hex').reverse(), Buffer.from(pub2, 'hex').reverse()) > 0 ? [pub, pub2] : [pub2, pub]
      const cases: Record<string, string> = {
        'one key twice': pub + pub + '00'.repeat(99) + '0102' + '00'.repeat(8),
        'keys in ascending order': lo + hi + '00'.repeat(99) + '0102' + '00'.repeat(8),
        'an unused slot before a key': hi + '00'.repeat(33) + lo + '00'.repeat(66) + '0102' + '00'.repeat(8),
        'm1 = 0': hi + lo + '00'.repeat(99) + '0002' + '00'.repeat(8),
        'm1 above m2': hi + lo + '00'.repeat(99) + '0201' + '00'.repeat(8),
        'm2 above the keys': hi + lo + '00'.repeat(99) + '0103' + '00'.repeat(8)
      }
      const good = hi + lo + '00'.repeat(99) + '0102' + '00'.repeat(8)
      for (const [what, bytes] of [...Object.entries(cases), ['a good set', good]]) {
        const hash = bsv.crypto.Hash.sha256(Buffer.from(bytes, 'hex')).toString('hex')
        const accept: DividendAction = { kind: ActionKind.AcceptOperators, commitment: hash, height: 0n, pool: 0n }
        const approved = dividendAt(ops.hash, { proposal: actionHash(accept, EMPTY) as ByteString, approvals: 0n })
        const slotOf = (key: bsv.PrivateKey): number => bytes.indexOf(key.publicKey.toString()) / 66
        const signing = { slot: slotOf, bytes, hash } as unknown as Operators
        const signers = what === 'one key twice' ? [k] : [k, k2]
        const call = approveCall({ contract: approved, value: 5_000, action: accept, signing, signers, next: { proposal: '' as ByteString, approvals: 0n, operators: hash as ByteString } })
        if (what === 'one key twice') {
          // the one key signs both of its slots
          const sig = call.sign(k).slice(0, -2)
          call.unlock(approved, 'approve', [4n, hash, 0n, 0n, bytes, [sig, sig, '', '', '']], SINGLE)
        }
        expect(call.run() === null, what).to.equal(what === 'a good set')
      }
    })
  })
})
