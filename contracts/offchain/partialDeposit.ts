import { bsv } from 'scrypt-ts'
import { Dividend } from '../dividend'
import { unlockingScriptOf, type ContractUtxo } from './contractCall'

const ANYONECANPAY_SINGLE = bsv.crypto.Signature.SIGHASH_ANYONECANPAY | bsv.crypto.Signature.SIGHASH_SINGLE | bsv.crypto.Signature.SIGHASH_FORKID

/** An input as a wallet's createAction (BRC-100) takes one that its caller unlocked already. */
export interface UnlockedInput {
  /** `<txid>.<vout>` of the output it spends. */
  outpoint: string
  /** Hex. */
  unlockingScript: string
  sequenceNumber: number
  inputDescription: string
}

/** An output as a wallet's createAction (BRC-100) takes it. */
export interface ActionOutput {
  /** Hex. */
  lockingScript: string
  satoshis: number
  outputDescription: string
}

/**
 * A deposit for any wallet to complete: a transaction whose input 0 spends the contract,
 * already unlocked under ANYONECANPAY|SINGLE|FORKID, and whose output 0 is the contract's
 * continuation holding `amount` more. The contract's preimage covers only its own input, the
 * output at its index, the version and the lock time, so a wallet may add any inputs of its
 * own (worth `amount` and the fee) and any change outputs after these, and sign them; it must
 * not change the version, the lock time, input 0 or output 0.
 */
export interface PartialDeposit {
  /** The partial transaction, serialized (one input, one output). */
  hex: string
  /** The same, as a scrypt-ts (bsv) transaction, to add inputs and outputs to. */
  tx: bsv.Transaction
  /** The same, as BRC-100 createAction arguments: the unlocked contract input and the continuation output. */
  action: { version: number, lockTime: number, inputs: UnlockedInput[], outputs: ActionOutput[] }
  /** Satoshis the wallet's inputs must bring besides the fee. */
  amount: bigint
  /** The contract as it continues at output 0. */
  next: Dividend
}

/** The transaction fields a partial deposit fixes when it unlocks the contract input. */
export interface PartialDepositOptions {
  /** Transaction version (default 1); fixed once unlocked. */
  version?: number
  /** Lock time (default 0); fixed once unlocked. */
  lockTime?: number
}

/**
 * Pays `amount` (at least the contract's minDeposit) into the dividend contract from any
 * wallet: the answer carries the contract's half of the transaction, signed for, and the
 * wallet adds its own inputs and change. No key of the depositor is needed here.
 */
export function partialDeposit (current: Dividend, utxo: ContractUtxo, amount: bigint, options: PartialDepositOptions = {}): PartialDeposit {
  if (amount < current.minDeposit) throw new Error(`a deposit is at least ${current.minDeposit} satoshis (the contract's minimum), got ${amount}`)
  const value = BigInt(utxo.satoshis) + amount
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`a deposit of ${amount} satoshis is too large`)
  const next = current.next()
  const tx = new bsv.Transaction()
  // The bsv typings leave the version out; the field is there.
  const versioned = tx as unknown as { version: number }
  versioned.version = options.version ?? 1
  tx.nLockTime = options.lockTime ?? 0
  tx.addInput(new bsv.Transaction.Input({ prevTxId: utxo.txid, outputIndex: utxo.vout, script: new bsv.Script('') }), current.lockingScript, utxo.satoshis)
  tx.addOutput(new bsv.Transaction.Output({ script: next.lockingScript, satoshis: Number(value) }))
  tx.inputs[0].setScript(unlockingScriptOf(current, 'deposit', [amount], tx.getPreimage(0, ANYONECANPAY_SINGLE)))
  const input = tx.inputs[0]
  return {
    hex: tx.toString(),
    tx,
    action: {
      version: versioned.version,
      lockTime: tx.nLockTime,
      inputs: [{ outpoint: `${utxo.txid}.${utxo.vout}`, unlockingScript: input.script.toHex(), sequenceNumber: input.sequenceNumber, inputDescription: 'the dividend contract, unlocked for this deposit' }],
      outputs: [{ lockingScript: next.lockingScript.toHex(), satoshis: Number(value), outputDescription: 'the dividend contract, holding the deposit' }]
    },
    amount,
    next
  }
}
