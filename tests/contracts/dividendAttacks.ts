import { bsv, ByteString } from 'scrypt-ts'
import type { Dividend } from '../../contracts/dividend'
import { acceptanceOf, ActionKind, actionHash, type DividendAction } from '../../contracts/offchain/dividendAction'
import { CraftedCall } from '../support/craftedCall'
import { ALL, approveCall, continued, dividendAt, EMPTY, MIN_DEPOSIT, Operators, SINGLE, SUPPLY } from './dividendModel'
import { payoutOutputs, randomPkh, rawCommit, rawLeafBytes, type RawLeaf } from './leafModel'

/**
 * Attacks on the version 2 dividend contract, each built by hand the way an attacker (or a
 * rogue operator key) would: `cls` is the class whose compiled script judges the call, so
 * the same attack runs against the contract (which must reject it) and against a mutant
 * with one check removed (which accepts it: the check is what stops the attack).
 */
export type Attack = (cls: typeof Dividend) => CraftedCall

const ops = Operators.random(3, 1, 2, 1_000_000n)
const [hot, cold1, cold2] = ops.keys
const stranger = Operators.random(1, 1, 1)
const commitment = 'cd'.repeat(32)
const start = (pool: bigint, com = commitment): DividendAction => ({ kind: ActionKind.StartRound, commitment: com, height: 812n, pool })
const startedWith = (pool: bigint, com = commitment): Partial<Dividend> => ({ proposal: '' as ByteString, approvals: 0n, round: 1n, snapshotHeight: 812n, cursor: com as ByteString, roundPool: pool, roundPaid: 0n })
const slotBit = (o: Operators, k: bsv.PrivateKey): bigint => 1n << BigInt(o.slot(k))

function sha256Hex (hex: string): string {
  return bsv.crypto.Hash.sha256(Buffer.from(hex, 'hex')).toString('hex')
}

/** Key slots (hex, descending as unsigned numbers) and a config: an operator set's bytes written by hand. */
function setBytes (pubs: string[], m1: number, m2: number): string {
  const sorted = [...pubs].sort((x, y) => Buffer.compare(Buffer.from(y, 'hex').reverse(), Buffer.from(x, 'hex').reverse()))
  return sorted.join('') + '00'.repeat(33 * (5 - pubs.length)) + m1.toString(16).padStart(2, '0') + m2.toString(16).padStart(2, '0') + '00'.repeat(8)
}

/** A signing set given by its bytes (its slots found by key), for sets no honest encoder writes. */
function handWritten (bytes: string): Operators {
  const slot = (k: bsv.PrivateKey): number => {
    for (let i = 0; i < 5; i++) if (bytes.slice(i * 66, i * 66 + 66) === k.publicKey.toString()) return i
    return -1
  }
  return { slot, bytes, hash: sha256Hex(bytes) } as unknown as Operators
}

/** A pending acceptance of the set whose bytes are `bytes`, approved by the operators. */
function acceptancePending (cls: typeof Dividend, bytes: string): { contract: Dividend, accept: DividendAction } {
  const accept: DividendAction = { kind: ActionKind.AcceptOperators, commitment: sha256Hex(bytes), height: 0n, pool: 0n }
  return { contract: dividendAt(ops.hash, { proposal: actionHash(accept, EMPTY) as ByteString, approvals: 0n }, cls), accept }
}

const roleTo = (hash: string): Partial<Dividend> => ({ proposal: '' as ByteString, approvals: 0n, operators: hash as ByteString })

/** A distribute call paying `paid` for `batch` (28-byte leaves), on a round whose cursor folds `committed`. */
function distributeCall (cls: typeof Dividend, o: { committed: RawLeaf[], batch?: string, pool?: bigint, value?: number, cursor?: string, tail?: string }): CraftedCall {
  const pool = o.pool ?? 1_000_000n
  const value = o.value ?? 3_000_001
  const tail = o.tail ?? EMPTY
  const d = dividendAt(ops.hash, { round: 1n, cursor: (o.cursor ?? rawCommit(o.committed, tail)) as ByteString, roundPool: pool, roundPaid: 0n }, cls)
  const payouts = payoutOutputs(o.committed, pool, SUPPLY)
  const n = continued(d, { cursor: tail as ByteString, roundPaid: payouts.paid })
  const call = new CraftedCall(d, value).output(n.lockingScript, BigInt(value) - payouts.paid).rawOutputs(payouts.hex)
  return call.unlock(d, 'distribute', [o.batch ?? o.committed.map(rawLeafBytes).join(''), tail], ALL, { amount: 0n, pkh: randomPkh() })
}

const honestLeaves = (): RawLeaf[] => [{ pkh: randomPkh(), amount: 600_000_000n }, { pkh: randomPkh(), amount: 400_000_000n }]

/**
 * A relayer rewrites an operator's approval: the operator signed a round over `commitment`
 * with a signature that covers no output (NONE), and the relayer swaps in its own snapshot.
 */
export function noneSignatureSwap (cls: typeof Dividend, keepType: boolean): CraftedCall {
  const none = bsv.crypto.Signature.SIGHASH_NONE | bsv.crypto.Signature.SIGHASH_FORKID
  const d = dividendAt(ops.hash, {}, cls)
  const call = new CraftedCall(d, 900_000).output(continued(d, startedWith(800_000n)).lockingScript, 900_000)
  const sig = call.sign(hot, none)
  // The relayer's own snapshot, in the call and in the output the NONE signature never covered.
  const stolen = 'ee'.repeat(32)
  call.tx.outputs.splice(0, 1, new bsv.Transaction.Output({ script: continued(d, startedWith(800_000n, stolen)).lockingScript, satoshis: 900_000 }))
  const sigs = ['', '', '', '', '']
  sigs[ops.slot(hot)] = keepType ? sig : sig.slice(0, -2)
  return call.unlock(d, 'approve', [1n, stolen, 812n, 800_000n, ops.bytes, sigs], SINGLE)
}

export const ATTACKS: Record<string, Attack> = {
  'a deposit below minDeposit (griefing the contract output for free)': cls => {
    const d = dividendAt(ops.hash, {}, cls)
    return new CraftedCall(d, 10_000).output(continued(d, {}).lockingScript, 10_001).unlock(d, 'deposit', [1n], SINGLE)
  },
  'a committed leaf that pays 0 satoshis': cls =>
    distributeCall(cls, { committed: [...honestLeaves(), { pkh: randomPkh(), amount: 999n }] }),
  'a batch with bytes that are not whole leaves': cls => {
    const leaves = honestLeaves()
    return distributeCall(cls, { committed: leaves, batch: 'eeee' + leaves.map(rawLeafBytes).join('') })
  },
  'a round paying more than its pool (amounts above the supply), from deposits for the next round': cls =>
    distributeCall(cls, { committed: [{ pkh: randomPkh(), amount: 2n * SUPPLY }], value: 5_000_001 }),
  'an empty batch that spends the contract and pays nobody': cls => {
    const cursor = rawCommit(honestLeaves())
    return distributeCall(cls, { committed: [], batch: '', cursor, tail: cursor })
  },
  'an unknown action kind that hands the role to bytes': cls =>
    approveCall({ contract: dividendAt(ops.hash, {}, cls), value: 5_000, action: { kind: 5 as ActionKind, commitment, height: 0n, pool: 0n }, signing: ops, signers: [hot, cold1], next: roleTo(commitment) }),
  'an operator set of 176 bytes': cls => {
    const bytes = ops.bytes + '00'
    const odd = handWritten(bytes)
    return approveCall({ contract: dividendAt(sha256Hex(bytes), {}, cls), value: 900_000, action: start(800_000n), signing: odd, signers: [hot], next: startedWith(800_000n) })
  },
  'a stranger signing with a set of its own': cls =>
    approveCall({ contract: dividendAt(ops.hash, {}, cls), value: 900_000, action: start(800_000n), signing: stranger, signers: stranger.keys, next: startedWith(800_000n) }),
  'a stranger\'s set accepting a handover nobody approved': cls =>
    approveCall({ contract: dividendAt(ops.hash, {}, cls), value: 5_000, action: acceptanceOf({ kind: ActionKind.SetOperators, commitment: stranger.hash, height: 0n, pool: 0n }), signing: stranger, signers: stranger.keys, next: roleTo(stranger.hash) }),
  'bytes that are not a signature in an operator\'s slot': cls => {
    const d = dividendAt(ops.hash, {}, cls)
    const call = new CraftedCall(d, 900_000).output(continued(d, startedWith(800_000n)).lockingScript, 900_000)
    const sigs = ['', '', '', '', '']
    sigs[ops.slot(hot)] = '30440220' + '11'.repeat(32) + '0220' + '22'.repeat(32)
    return call.unlock(d, 'approve', [1n, commitment, 812n, 800_000n, ops.bytes, sigs], SINGLE)
  },
  'a relayer swapping the snapshot under an operator\'s NONE signature': cls => noneSignatureSwap(cls, true),
  'a handover to a set with one key twice (it would count twice)': cls => {
    const k = bsv.PrivateKey.fromRandom('testnet')
    const bytes = k.publicKey.toString().repeat(2) + '00'.repeat(99) + '0102' + '00'.repeat(8)
    const { contract, accept } = acceptancePending(cls, bytes)
    const call = new CraftedCall(contract, 5_000).output(continued(contract, roleTo(accept.commitment)).lockingScript, 5_000)
    const sig = call.sign(k).slice(0, -2)
    return call.unlock(contract, 'approve', [4n, accept.commitment, 0n, 0n, bytes, [sig, sig, '', '', '']], SINGLE)
  },
  'one key replacing a proposal another key approved': cls => {
    const big = start(5_000_000n)
    const pending = dividendAt(ops.hash, { proposal: actionHash(big, EMPTY) as ByteString, approvals: slotBit(ops, cold1) }, cls)
    const mine = start(6_000_000n, 'ce'.repeat(32))
    return approveCall({ contract: pending, value: 7_000_000, action: mine, signing: ops, signers: [hot], next: { proposal: actionHash(mine, EMPTY) as ByteString, approvals: slotBit(ops, hot) } })
  },
  'the hot key alone starting a round at the approval threshold': cls =>
    approveCall({ contract: dividendAt(ops.hash, {}, cls), value: 2_000_000, action: start(1_000_000n), signing: ops, signers: [hot], next: startedWith(1_000_000n) }),
  'the hot key alone ending a round some holders were paid from': cls => {
    const running = dividendAt(ops.hash, { round: 1n, cursor: 'aa'.repeat(32) as ByteString, roundPool: 4_000_000n, roundPaid: 10n }, cls)
    return approveCall({ contract: running, value: 5_000_000, action: { kind: ActionKind.Recommit, commitment: EMPTY, height: 0n, pool: 0n }, signing: ops, signers: [hot], next: { proposal: '' as ByteString, approvals: 0n, cursor: EMPTY as ByteString } })
  },
  'a recommit approved before a batch was paid, executed after it (paying those holders twice)': cls => {
    const action: DividendAction = { kind: ActionKind.Recommit, commitment: 'bb'.repeat(32), height: 0n, pool: 0n }
    const running = { round: 1n, cursor: 'aa'.repeat(32) as ByteString, roundPool: 4_000_000n, roundPaid: 10n }
    // The first approval, at cursor aa..: whatever this contract records for it (the script decides).
    const before = dividendAt(ops.hash, running, cls)
    const recorded = [actionHash(action, 'aa'.repeat(32)), actionHash(action, '')].find(proposal =>
      approveCall({ contract: before, value: 5_000_000, action, signing: ops, signers: [cold1], next: { proposal: proposal as ByteString, approvals: slotBit(ops, cold1) } }).run() === null)
    if (recorded === undefined) throw new Error('the first approval of the recommit was refused')
    // A batch is paid (the cursor moves to cc..), then the second approval recommits.
    const moved = continued(before, { cursor: 'cc'.repeat(32) as ByteString, roundPaid: 500n, proposal: recorded as ByteString, approvals: slotBit(ops, cold1) })
    return approveCall({ contract: moved, value: 5_000_000, action, signing: ops, signers: [cold2], next: { proposal: '' as ByteString, approvals: 0n, cursor: 'bb'.repeat(32) as ByteString } })
  },
  'a handover to a set whose second key is bytes nobody can sign for': cls => {
    const real = bsv.PrivateKey.fromRandom('testnet')
    const bytes = setBytes([real.publicKey.toString(), '02' + 'ff'.repeat(32)], 1, 1)
    const { contract, accept } = acceptancePending(cls, bytes)
    return approveCall({ contract, value: 5_000, action: accept, signing: handWritten(bytes), signers: [real], next: roleTo(accept.commitment) })
  },
  'a handover to a set whose m2 exceeds its keys (large rounds frozen)': cls => {
    const keys = [bsv.PrivateKey.fromRandom('testnet'), bsv.PrivateKey.fromRandom('testnet')]
    const bytes = setBytes(keys.map(k => k.publicKey.toString()), 1, 3)
    const { contract, accept } = acceptancePending(cls, bytes)
    return approveCall({ contract, value: 5_000, action: accept, signing: handWritten(bytes), signers: keys, next: roleTo(accept.commitment) })
  },
  'a handover that moves the role before the new keys sign': cls => {
    const junk = 'ab'.repeat(32)
    return approveCall({ contract: dividendAt(ops.hash, {}, cls), value: 5_000, action: { kind: ActionKind.SetOperators, commitment: junk, height: 0n, pool: 0n }, signing: ops, signers: [hot, cold1], next: roleTo(junk) })
  },
  'a round whose pool is more than the contract holds': cls =>
    approveCall({ contract: dividendAt(ops.hash, {}, cls), value: 900_000, action: start(950_000n), signing: ops, signers: [hot], next: startedWith(950_000n) }),
  'a deposit after the first approval swept into the approved round': cls => {
    const big = start(5_000_000n)
    const pending = dividendAt(ops.hash, { proposal: actionHash(big, EMPTY) as ByteString, approvals: slotBit(ops, hot) }, cls)
    return approveCall({ contract: pending, value: 9_000_000, action: big, signing: ops, signers: [cold1], next: startedWith(8_999_999n) })
  }
}

export { ops as attackedOperators, MIN_DEPOSIT }
