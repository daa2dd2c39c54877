import { BenchKey, holderKey } from './BenchKey'
import { p2pkhUnlock } from './P2pkhSigner'
import { serializeTx, type TxInputSpec, type TxOutputSpec, type UnsignedTx } from './Sighash'
import { transferOutput } from './TokenScripts'

/** Fee of every transfer, in satoshis (the devnet asks for 1 sat/kB). */
export const TRANSFER_FEE = 50n
/** Satoshis a chain's fee output needs per step (the fee and up to three 1-sat token outputs). */
export const FEE_PER_STEP = TRANSFER_FEE + 3n

export interface BenchTx { txid: string, raw: Buffer }

/** An output to spend; `owner` is a holder number, or a key label for other keys. */
export interface Spendable extends TxInputSpec { owner: number | string }

/** Where a chain of transfers starts: the token output its first holder got, and its fee output. */
export interface ChainStart {
  chain: number
  token: Spendable
  amount: bigint
  holder: number
  fee: Spendable
  steps: number
}

export interface BuiltChain { chain: number, txs: BenchTx[] }

const keys = new Map<string, BenchKey>()
export const keyOf = (owner: number | string): BenchKey => {
  if (typeof owner === 'number') return holderKey(owner)
  let key = keys.get(owner)
  if (key === undefined) { key = new BenchKey(owner); keys.set(owner, key) }
  return key
}

export function signTx (inputs: Spendable[], outputs: TxOutputSpec[]): BenchTx {
  const tx: UnsignedTx = { inputs, outputs }
  return serializeTx(tx, inputs.map((input, i) => p2pkhUnlock(tx, i, keyOf(input.owner))))
}

/**
 * One chain of transfers: at each step the holder sends most of its tokens to another
 * holder, keeps a little change (a second token output) and every eighth step gives a few
 * tokens to a third holder; the payer's output pays the fee and takes the change. Returns
 * the signed transactions and adds every holder's token change to `balances` (pkh hex).
 */
export function buildChain (start: ChainStart, tokenId: string, holderCount: number, balances: Map<string, bigint>): BuiltChain {
  const credit = (holder: number, amount: bigint): void => {
    const pkh = holderKey(holder).pkhHex
    balances.set(pkh, (balances.get(pkh) ?? 0n) + amount)
  }
  const c = start.chain
  let { token, amount, holder, fee } = start
  const txs: BenchTx[] = []
  for (let step = 0; step < start.steps; step++) {
    const next = (holder + 1 + ((c * 131 + step * 7) % (holderCount - 1))) % holderCount
    const keep = BigInt(1 + (step * 31 + c) % 97)
    const gift = step % 8 === 7 ? BigInt(1 + step % 13) : 0n
    const send = amount - keep - gift
    if (send <= 0n) throw new Error(`chain ${c} ran out of tokens at step ${step}: use more chains`)
    const outputs = [transferOutput(tokenId, send, holderKey(next)), transferOutput(tokenId, keep, holderKey(holder))]
    credit(next, send)
    credit(holder, keep - amount)
    if (gift > 0n) {
      const third = (next + 1 + step % (holderCount - 2)) % holderCount
      outputs.push(transferOutput(tokenId, gift, holderKey(third)))
      credit(third, gift)
    }
    outputs.push({ satoshis: fee.satoshis + 1n - BigInt(outputs.length) - TRANSFER_FEE, script: keyOf(fee.owner).p2pkh })
    const tx = signTx([token, fee], outputs)
    txs.push(tx)
    token = { txid: tx.txid, vout: 0, script: outputs[0].script, satoshis: 1n, owner: next }
    const change = outputs[outputs.length - 1]
    fee = { txid: tx.txid, vout: outputs.length - 1, script: change.script, satoshis: change.satoshis, owner: fee.owner }
    amount = send
    holder = next
  }
  return { chain: c, txs }
}
