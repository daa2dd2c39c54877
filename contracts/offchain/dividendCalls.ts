import { bsv, ByteString, FixedArray } from 'scrypt-ts'
import { Dividend } from '../dividend'
import { approvalOutcome, type ApprovalOutcome } from './approvalTally'
import { buildContractCall, depositCall, distributeCall, pinnedSignature, type ContractUtxo, type FeeWallet } from './contractCall'
import type { DividendAction } from './dividendAction'
import { payoutOutputs, type DistributionBatch } from './distributionPlan'
import { dividendState, type DividendState } from './dividendState'
import { encodeOperatorSet, normalizeOperatorSet, slotOf, type OperatorSet } from './operatorSet'
import { num2bin } from './snapshot'

/** What a call produced: its transaction, and the contract as it continues (at output 0). */
export interface DividendStep {
  tx: bsv.Transaction
  next: Dividend
}

const SINGLE = bsv.crypto.Signature.SIGHASH_ANYONECANPAY | bsv.crypto.Signature.SIGHASH_SINGLE | bsv.crypto.Signature.SIGHASH_FORKID

function continued (current: Dividend, change: Partial<DividendState> = {}): Dividend {
  const next = current.next()
  Object.assign(next, change)
  return next
}

/** Anyone pays `amount` (at least the contract's minDeposit) into the contract. */
export function deposit (current: Dividend, utxo: ContractUtxo, amount: bigint, wallet: FeeWallet): DividendStep {
  if (amount < current.minDeposit) throw new Error(`a deposit is at least ${current.minDeposit} satoshis (the contract's minimum), got ${amount}`)
  const next = continued(current)
  return { tx: depositCall(current, next, utxo, amount, wallet), next }
}

/** The batch as the contract's `batch` argument: its leaves' 28 bytes each, in order. */
export function batchBytes (batch: DistributionBatch): string {
  return batch.leaves.map(l => l.pkh + num2bin(l.amount, 8).toString('hex')).join('')
}

/** Anyone pays one batch of the running round: P2PKH payouts right after the contract, then the caller's change. */
export function distribute (current: Dividend, utxo: ContractUtxo, batch: DistributionBatch, wallet: FeeWallet): DividendStep {
  if (batch.leaves.length < 1 || batch.leaves.length > Dividend.N) throw new Error(`a batch holds 1 to ${Dividend.N} leaves, got ${batch.leaves.length}`)
  const paid = batch.payouts.reduce((s, p) => s + p, 0n)
  const next = continued(current, { cursor: batch.tail, roundPaid: current.roundPaid + paid })
  return { tx: distributeCall(current, next, utxo, payoutOutputs(batch), [batchBytes(batch), batch.tail], wallet), next }
}

/** What one `approve` call proposes or approves, and who signs it. */
export interface Approval {
  action: DividendAction
  /** The set that signs: the operators' set, or for an acceptance the new one. */
  signingSet: OperatorSet
  /** The keys of the signing set that approve in this call (held by this caller). */
  signers: readonly bsv.PrivateKey[]
  /** Outputs published beside the contract (the leaves of a round, a proposal), 0 satoshis each. */
  data?: readonly bsv.Script[]
}

/**
 * Operators approve an action in one call: each signer's signature (ALL|FORKID, over this
 * transaction, its published outputs and its fee coins) in its key's slot. The outcome says
 * whether the action happens here or waits as the pending proposal, computed as the
 * contract does; a call the contract would refuse throws with its reason.
 */
export function approve (current: Dividend, utxo: ContractUtxo, approval: Approval, wallet: FeeWallet): DividendStep & { outcome: ApprovalOutcome } {
  const set = normalizeOperatorSet(approval.signingSet)
  const slots = approval.signers.map(k => {
    const slot = slotOf(set, k.publicKey.toString())
    if (slot < 0) throw new Error(`key ${k.publicKey.toString()} is not in the signing operator set`)
    return slot
  })
  const outcome = approvalOutcome(dividendState(current), approval.action, set, slots, BigInt(utxo.satoshis))
  const next = continued(current, outcome.next)
  const a = approval.action
  const tx = buildContractCall({
    contract: current,
    utxo,
    method: 'approve',
    sighash: SINGLE,
    outputs: [{ script: next.lockingScript, satoshis: utxo.satoshis }, ...(approval.data ?? []).map(script => ({ script, satoshis: 0 }))],
    args: tx => {
      const sigs = ['', '', '', '', '']
      approval.signers.forEach((k, i) => { sigs[slots[i]] = pinnedSignature(tx, k, 0, current.lockingScript, utxo.satoshis) })
      return [BigInt(a.kind), a.commitment as ByteString, a.height, a.pool, encodeOperatorSet(set).toString('hex') as ByteString, sigs as FixedArray<ByteString, 5>]
    },
    wallet
  })
  return { tx, next, outcome }
}
