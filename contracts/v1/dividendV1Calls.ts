import {
  bsv, ByteString, FixedArray, findSig, MethodCallOptions, PubKey, Signer, toByteString, toHex
} from 'scrypt-ts'
import { depositCall as depositCallOf, distributeCall as distributeCallOf, type ContractUtxo, type FeeWallet } from '../offchain/contractCall'
import type { Leaf as SnapshotLeaf } from '../offchain/snapshot'
import { payoutOutputs, type DistributionBatch } from '../offchain/distributionPlan'
import { leavesDataScript } from '../offchain/leavesData'
import { DividendV1, Leaf } from './dividendV1'

/** What a call of the version 1 contract produced: its transaction and the contract as it continues. */
export interface DividendV1Step {
  tx: bsv.Transaction
  next: DividendV1
}

/** A new dividend contract for a token, holding 1 satoshi until payments arrive. */
export async function deployDividendV1 (signer: Signer, tokenId: string, supply: bigint, operator: bsv.PublicKey): Promise<{ tx: bsv.Transaction, contract: DividendV1 }> {
  const contract = new DividendV1(toByteString(tokenId, true), supply, PubKey(toHex(operator)))
  await contract.connect(signer)
  const tx = await contract.deploy(1)
  return { tx, contract }
}

function continued (current: DividendV1, change: Partial<DividendV1> = {}): DividendV1 {
  const next = current.next()
  Object.assign(next, change)
  return next
}

/** Pays `amount` satoshis into the contract (anyone may). */
export async function deposit (current: DividendV1, amount: bigint): Promise<DividendV1Step> {
  if (amount < 1n) throw new Error(`a deposit must be at least 1 satoshi, got ${amount}`)
  const next = continued(current)
  const { tx } = await current.methods.deposit(amount, {
    next: { instance: next, balance: current.balance + Number(amount) }
  } as MethodCallOptions<DividendV1>)
  return { tx, next }
}

/**
 * The operator starts a round over `leaves` (the snapshot after block `height`), and
 * publishes them in an `OP_FALSE OP_RETURN` output beside the contract.
 */
export async function startRound (current: DividendV1, operator: bsv.PublicKey, tokenId: string, height: number, leaves: readonly SnapshotLeaf[], commitment: string): Promise<DividendV1Step> {
  const pool = BigInt(current.balance) - 1n
  if (pool <= 0n) throw new Error('the contract holds nothing to distribute')
  const next = continued(current, {
    round: current.round + 1n,
    snapshotHeight: BigInt(height),
    cursor: commitment as ByteString,
    roundPool: pool,
    roundTokens: 0n
  })
  current.bindTxBuilder('startRound', async (self: DividendV1, options: MethodCallOptions<DividendV1>) => {
    const tx = new bsv.Transaction()
      .addInput(self.buildContractInput(options.fromUTXO))
      .addOutput(new bsv.Transaction.Output({ script: next.lockingScript, satoshis: self.balance }))
      .addOutput(new bsv.Transaction.Output({ script: leavesDataScript(tokenId, height, leaves), satoshis: 0 }))
      .change(options.changeAddress ?? await self.signer.getDefaultAddress())
    return { tx, atInputIndex: 0, nexts: [{ instance: next, balance: self.balance, atOutputIndex: 0 }] }
  })
  const { tx } = await current.methods.startRound(
    commitment as ByteString, BigInt(height), (sigs: any) => findSig(sigs, operator),
    { pubKeyOrAddrToSign: operator } as MethodCallOptions<DividendV1>
  )
  return { tx, next }
}

/** The batch as the contract's `FixedArray<Leaf, N>` argument, padded with leaves it never reads. */
export function batchArgument (leaves: readonly SnapshotLeaf[]): FixedArray<Leaf, typeof DividendV1.N> {
  if (leaves.length > DividendV1.N) throw new Error(`a batch holds at most ${DividendV1.N} leaves`)
  const arg: Leaf[] = leaves.map(l => ({ pkh: l.pkh as ByteString, amount: l.amount }))
  while (arg.length < DividendV1.N) arg.push({ pkh: toByteString('00'.repeat(20)), amount: 0n })
  return arg as FixedArray<Leaf, typeof DividendV1.N>
}

/** Anyone pays one batch of the running round: P2PKH payouts right after the contract. */
export async function distribute (current: DividendV1, batch: DistributionBatch): Promise<DividendV1Step> {
  const paid = batch.payouts.reduce((s, p) => s + p, 0n)
  const tokens = batch.leaves.reduce((s, l) => s + l.amount, 0n)
  const next = continued(current, { cursor: batch.tail as ByteString, roundTokens: current.roundTokens + tokens })
  const balance = current.balance - Number(paid)
  current.bindTxBuilder('distribute', async (self: DividendV1, options: MethodCallOptions<DividendV1>) => {
    const tx = new bsv.Transaction()
      .addInput(self.buildContractInput(options.fromUTXO))
      .addOutput(new bsv.Transaction.Output({ script: next.lockingScript, satoshis: balance }))
    batch.leaves.forEach((leaf, i) => {
      tx.addOutput(new bsv.Transaction.Output({
        script: bsv.Script.buildPublicKeyHashOut(bsv.Address.fromPublicKeyHash(Buffer.from(leaf.pkh, 'hex'), 'testnet')),
        satoshis: Number(batch.payouts[i])
      }))
    })
    tx.change(options.changeAddress ?? await self.signer.getDefaultAddress())
    return { tx, atInputIndex: 0, nexts: [{ instance: next, balance, atOutputIndex: 0 }] }
  })
  const { tx } = await current.methods.distribute(batchArgument(batch.leaves), BigInt(batch.leaves.length), batch.tail as ByteString)
  return { tx, next }
}

/** The operator replaces the cursor; the empty chain ends the round. */
export async function recommit (current: DividendV1, operator: bsv.PublicKey, commitment: string): Promise<DividendV1Step> {
  const next = continued(current, { cursor: commitment as ByteString })
  const { tx } = await current.methods.recommit(commitment as ByteString, (sigs: any) => findSig(sigs, operator), {
    pubKeyOrAddrToSign: operator,
    next: { instance: next, balance: current.balance }
  } as MethodCallOptions<DividendV1>)
  return { tx, next }
}

/** The operator hands the role to `newOperator`. */
export async function setOperator (current: DividendV1, operator: bsv.PublicKey, newOperator: bsv.PublicKey): Promise<DividendV1Step> {
  const next = continued(current, { operator: PubKey(toHex(newOperator)) })
  const { tx } = await current.methods.setOperator(PubKey(toHex(newOperator)), (sigs: any) => findSig(sigs, operator), {
    pubKeyOrAddrToSign: operator,
    next: { instance: next, balance: current.balance }
  } as MethodCallOptions<DividendV1>)
  return { tx, next }
}

/**
 * Anyone pays `amount` into a version 1 contract, the call built from the compiled script
 * (contractCall.ts) with the wallet's coins for the fee, and its `extraFee` for unconfirmed
 * parents: what the commands use, beside the scrypt-ts calls above.
 */
export function depositCall (current: DividendV1, utxo: ContractUtxo, amount: bigint, wallet: FeeWallet): DividendV1Step {
  if (amount < 1n) throw new Error(`a deposit must be at least 1 satoshi, got ${amount}`)
  const next = continued(current)
  return { tx: depositCallOf(current, next, utxo, amount, wallet), next }
}

/** Anyone pays one batch of a version 1 round, built from the compiled script: payouts right after the contract, then the caller's change. */
export function distributeCall (current: DividendV1, utxo: ContractUtxo, batch: DistributionBatch, wallet: FeeWallet): DividendV1Step {
  const tokens = batch.leaves.reduce((s, l) => s + l.amount, 0n)
  const next = continued(current, { cursor: batch.tail as ByteString, roundTokens: current.roundTokens + tokens })
  const args = [batchArgument(batch.leaves), BigInt(batch.leaves.length), batch.tail as ByteString]
  return { tx: distributeCallOf(current, next, utxo, payoutOutputs(batch), args, wallet), next }
}
