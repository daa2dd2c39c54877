import {
  bsv, ByteString, FixedArray, findSig, MethodCallOptions, PubKey, Signer, toByteString, toHex
} from 'scrypt-ts'
import type { Leaf as SnapshotLeaf } from './snapshot'
import { Dividend, Leaf } from '../dividend'
import type { DistributionBatch } from './distributionPlan'
import { leavesDataScript } from './leavesData'

/** What a call produced: its transaction and the contract as it continues. */
export interface DividendStep {
  tx: bsv.Transaction
  next: Dividend
}

/** A new dividend contract for a token, holding 1 satoshi until payments arrive. */
export async function deployDividend (signer: Signer, tokenId: string, supply: bigint, operator: bsv.PublicKey): Promise<{ tx: bsv.Transaction, contract: Dividend }> {
  const contract = new Dividend(toByteString(tokenId, true), supply, PubKey(toHex(operator)))
  await contract.connect(signer)
  const tx = await contract.deploy(1)
  return { tx, contract }
}

function continued (current: Dividend, change: Partial<Dividend> = {}): Dividend {
  const next = current.next()
  Object.assign(next, change)
  return next
}

/** Pays `amount` satoshis into the contract (anyone may). */
export async function deposit (current: Dividend, amount: bigint): Promise<DividendStep> {
  if (amount < 1n) throw new Error(`a deposit must be at least 1 satoshi, got ${amount}`)
  const next = continued(current)
  const { tx } = await current.methods.deposit(amount, {
    next: { instance: next, balance: current.balance + Number(amount) }
  } as MethodCallOptions<Dividend>)
  return { tx, next }
}

/**
 * The operator starts a round over `leaves` (the snapshot after block `height`), and
 * publishes them in an `OP_FALSE OP_RETURN` output beside the contract.
 */
export async function startRound (current: Dividend, operator: bsv.PublicKey, tokenId: string, height: number, leaves: readonly SnapshotLeaf[], commitment: string): Promise<DividendStep> {
  const pool = BigInt(current.balance) - 1n
  if (pool <= 0n) throw new Error('the contract holds nothing to distribute')
  const next = continued(current, {
    round: current.round + 1n,
    snapshotHeight: BigInt(height),
    cursor: commitment as ByteString,
    roundPool: pool,
    roundTokens: 0n
  })
  current.bindTxBuilder('startRound', async (self: Dividend, options: MethodCallOptions<Dividend>) => {
    const tx = new bsv.Transaction()
      .addInput(self.buildContractInput(options.fromUTXO))
      .addOutput(new bsv.Transaction.Output({ script: next.lockingScript, satoshis: self.balance }))
      .addOutput(new bsv.Transaction.Output({ script: leavesDataScript(tokenId, height, leaves), satoshis: 0 }))
      .change(options.changeAddress ?? await self.signer.getDefaultAddress())
    return { tx, atInputIndex: 0, nexts: [{ instance: next, balance: self.balance, atOutputIndex: 0 }] }
  })
  const { tx } = await current.methods.startRound(
    commitment as ByteString, BigInt(height), (sigs: any) => findSig(sigs, operator),
    { pubKeyOrAddrToSign: operator } as MethodCallOptions<Dividend>
  )
  return { tx, next }
}

/** The batch as the contract's `FixedArray<Leaf, N>` argument, padded with leaves it never reads. */
export function batchArgument (leaves: readonly SnapshotLeaf[]): FixedArray<Leaf, typeof Dividend.N> {
  if (leaves.length > Dividend.N) throw new Error(`a batch holds at most ${Dividend.N} leaves`)
  const arg: Leaf[] = leaves.map(l => ({ pkh: l.pkh as ByteString, amount: l.amount }))
  while (arg.length < Dividend.N) arg.push({ pkh: toByteString('00'.repeat(20)), amount: 0n })
  return arg as FixedArray<Leaf, typeof Dividend.N>
}

/** Anyone pays one batch of the running round: P2PKH payouts right after the contract. */
export async function distribute (current: Dividend, batch: DistributionBatch): Promise<DividendStep> {
  const paid = batch.payouts.reduce((s, p) => s + p, 0n)
  const tokens = batch.leaves.reduce((s, l) => s + l.amount, 0n)
  const next = continued(current, { cursor: batch.tail as ByteString, roundTokens: current.roundTokens + tokens })
  const balance = current.balance - Number(paid)
  current.bindTxBuilder('distribute', async (self: Dividend, options: MethodCallOptions<Dividend>) => {
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
export async function recommit (current: Dividend, operator: bsv.PublicKey, commitment: string): Promise<DividendStep> {
  const next = continued(current, { cursor: commitment as ByteString })
  const { tx } = await current.methods.recommit(commitment as ByteString, (sigs: any) => findSig(sigs, operator), {
    pubKeyOrAddrToSign: operator,
    next: { instance: next, balance: current.balance }
  } as MethodCallOptions<Dividend>)
  return { tx, next }
}

/** The operator hands the role to `newOperator`. */
export async function setOperator (current: Dividend, operator: bsv.PublicKey, newOperator: bsv.PublicKey): Promise<DividendStep> {
  const next = continued(current, { operator: PubKey(toHex(newOperator)) })
  const { tx } = await current.methods.setOperator(PubKey(toHex(newOperator)), (sigs: any) => findSig(sigs, operator), {
    pubKeyOrAddrToSign: operator,
    next: { instance: next, balance: current.balance }
  } as MethodCallOptions<Dividend>)
  return { tx, next }
}
