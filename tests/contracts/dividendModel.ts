import { bsv, ByteString, FixedArray } from 'scrypt-ts'
import { Dividend } from '../../contracts/dividend'
import { approvalOutcome } from '../../contracts/offchain/approvalTally'
import { dividendState } from '../../contracts/offchain/dividendState'
import { actionHash, type DividendAction } from '../../contracts/offchain/dividendAction'
import { encodeOperatorSet, normalizeOperatorSet, operatorSetHash, type OperatorSet } from '../../contracts/offchain/operatorSet'
import { CraftedCall } from '../support/craftedCall'

export const SUPPLY = 1_000_000_000n
export const MIN_DEPOSIT = 1_000n
export const EMPTY = '00'.repeat(32)
export const SINGLE = bsv.crypto.Signature.SIGHASH_ANYONECANPAY | bsv.crypto.Signature.SIGHASH_SINGLE | bsv.crypto.Signature.SIGHASH_FORKID
export const ALL = bsv.crypto.Signature.SIGHASH_ALL | bsv.crypto.Signature.SIGHASH_FORKID

/** An operator set with its private keys, in slot order. */
export class Operators {
  readonly set: OperatorSet
  readonly keys: bsv.PrivateKey[]

  constructor (keys: bsv.PrivateKey[], m1: number, m2: number, approvalThreshold = 0n) {
    this.set = normalizeOperatorSet({ keys: keys.map(k => k.publicKey.toString()), m1, m2, approvalThreshold })
    this.keys = this.set.keys.map(pub => keys.find(k => k.publicKey.toString() === pub)!)
  }

  static random (n: number, m1: number, m2: number, approvalThreshold = 0n): Operators {
    return new Operators(Array.from({ length: n }, () => bsv.PrivateKey.fromRandom('testnet')), m1, m2, approvalThreshold)
  }

  get bytes (): string { return encodeOperatorSet(this.set).toString('hex') }
  get hash (): string { return operatorSetHash(this.set) }
  slot (key: bsv.PrivateKey): number { return this.keys.indexOf(key) }
}

/**
 * A version 2 contract that has been called at least once (its state is read from its
 * script), for a 1,000,000,000 supply and MIN_DEPOSIT, run by `operators`, in `state`.
 * `Cls` is the class whose artifact runs (Dividend, or a mutant's subclass).
 */
export function dividendAt (operators: string, state: Partial<Dividend> = {}, Cls: typeof Dividend = Dividend): Dividend {
  return continued(new Cls(SUPPLY, MIN_DEPOSIT, operators as ByteString), state)
}

/** The contract as it carries on after a call, with `change` applied to its state. */
export function continued (c: Dividend, change: Partial<Dividend>): Dividend {
  const n = c.next()
  Object.assign(n, change)
  return n
}

/** One signature slot per key: the DER signature of `key` over the contract input (its last, sighash, byte removed). */
export function signatureSlots (call: CraftedCall, signing: Operators, signers: readonly bsv.PrivateKey[], sighash = ALL, keepType = false): FixedArray<ByteString, 5> {
  const sigs: string[] = ['', '', '', '', '']
  for (const k of signers) {
    const slot = signing.slot(k)
    if (slot < 0) throw new Error('the signer has no slot in this set')
    const sig = call.sign(k, sighash)
    sigs[slot] = keepType ? sig : sig.slice(0, -2)
  }
  return sigs as FixedArray<ByteString, 5>
}

export interface ApproveCall {
  /** The contract being called and the value it holds. */
  contract: Dividend
  value: number
  action: DividendAction
  /** The set that signs (the operators, or for an acceptance the new set) and who signs. */
  signing: Operators
  signers: bsv.PrivateKey[]
  /** The next state, when not the honest one (approvalTally's). */
  next?: Partial<Dividend>
  outValue?: number
  /** The operators' sighash type (ALL|FORKID unless an attack says otherwise). */
  sighash?: number
  /** Pass the signatures with their sighash byte (a contract that does not pin it). */
  keepType?: boolean
  /** Changes the transaction before it is signed (extra outputs, ...). */
  build?: (call: CraftedCall) => void
  /** The `set` argument, when not the signing set's bytes. */
  setBytes?: string
}

/**
 * The state an approval leads to, as the contract computes it; where the contract refuses
 * the call, the state its caller hoped for: the action recorded as pending with the
 * signers' approvals.
 */
function honestNext (c: Dividend, o: ApproveCall): Partial<Dividend> {
  const slots = o.signers.map(k => o.signing.slot(k))
  try {
    return approvalOutcome(dividendState(c), o.action, o.signing.set, slots, BigInt(o.value)).next as unknown as Partial<Dividend>
  } catch {
    return { proposal: actionHash(o.action, c.cursor) as ByteString, approvals: slots.reduce((m, s) => m | (1n << BigInt(s)), 0n) }
  }
}

/** A hand-built approve call: the next state (honest unless given), operators' signatures, the unlocking script. */
export function approveCall (o: ApproveCall): CraftedCall {
  const c = o.contract
  const next = o.next ?? honestNext(c, o)
  const call = new CraftedCall(c, o.value).output(continued(c, next).lockingScript, o.outValue ?? o.value)
  o.build?.(call)
  const sigs = signatureSlots(call, o.signing, o.signers, o.sighash ?? ALL, o.keepType === true)
  const a = o.action
  return call.unlock(c, 'approve', [BigInt(a.kind), a.commitment, a.height, a.pool, o.setBytes ?? o.signing.bytes, sigs], SINGLE)
}
