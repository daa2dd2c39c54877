import { Transaction, Utils } from '@bsv/sdk'
import { medianTimePast } from './BlockIndex'
import { Chain } from './Chain'
import { Regtest } from './ChainParams'
import { Coin, isUnspendable, outpointKey } from './Coin'
import { txidOf } from './Hashes'
import { Mempool } from './Mempool'
import { RejectCode, RpcCode, RpcFailure } from './RpcFailure'
import { ActivationHeights, scriptVerifyFlags } from './ScriptFlags'
import { scriptRejectReason } from './ScriptErrors'
import { InputCheck, verifyInputs } from './ScriptVerifier'
import { VerifyPool } from './VerifyPool'

export interface AcceptPolicy {
  /** Minimum relay fee, satoshis per 1000 bytes. */
  feeRate: number
  heights: ActivationHeights
}

const MAX_MONEY = 21_000_000n * 100_000_000n
const NULL_TXID = '00'.repeat(32)

/** A transaction whose scripts are being verified: its inputs are reserved until it settles. */
interface PendingTx { outpoints: string[], settled: Promise<void> }

/**
 * The mempool's gate: the node's checks in the node's words, then every input script
 * verified (inline when the node is idle, else on the worker threads so both cores work).
 */
export class TxAcceptor {
  private readonly pending = new Map<string, PendingTx>()
  private readonly pendingSpends = new Map<string, string>()
  private active = 0
  /** Tells whether other requests are waiting (set by the devnet to its RPC server's load). */
  busy: () => boolean = () => false

  constructor (
    private readonly chain: Chain,
    private readonly mempool: Mempool,
    private readonly pool: VerifyPool,
    private readonly policy: AcceptPolicy
  ) {}

  /** Accepts a raw transaction into the mempool and returns its txid, or throws an RpcFailure. */
  async accept (hex: string): Promise<string> {
    const { raw, tx } = decodeTransaction(hex)
    const txid = txidOf(raw)
    this.active++
    try {
      // Let the requests that arrived with this one be read first, so `busy()` sees them.
      await new Promise(resolve => setImmediate(resolve))
      return await this.acceptDecoded(txid, raw, tx)
    } finally {
      this.active--
    }
  }

  private async acceptDecoded (txid: string, raw: Uint8Array, tx: Transaction): Promise<string> {
    checkTransaction(tx)
    if (this.mempool.entries.has(txid) || this.pending.has(txid)) {
      throw new RpcFailure(RpcCode.TRANSACTION_ALREADY_IN_CHAIN, 'Transaction already in the mempool')
    }
    const outpoints = tx.inputs.map(i => outpointKey(i.sourceTXID as string, i.sourceOutputIndex))
    // Parents and rivals still being verified decide what this one sees: wait for them first.
    for (;;) {
      const blockers = new Set<Promise<void>>()
      tx.inputs.forEach((input, i) => {
        const parent = this.pending.get(input.sourceTXID as string)
        if (parent !== undefined) blockers.add(parent.settled)
        const rival = this.pendingSpends.get(outpoints[i])
        if (rival !== undefined) blockers.add((this.pending.get(rival) as PendingTx).settled)
      })
      if (blockers.size === 0) break
      await Promise.allSettled(blockers)
    }
    if (this.mempool.entries.has(txid)) throw new RpcFailure(RpcCode.TRANSACTION_ALREADY_IN_CHAIN, 'Transaction already in the mempool')

    const nextHeight = this.chain.height + 1
    checkStandard(tx, nextHeight, this.policy.heights)
    checkFinal(tx, nextHeight, medianTimePast(this.chain.entries, this.chain.height))
    if (outpoints.some(o => this.mempool.spentBy.has(o))) throw RpcFailure.rejected(RejectCode.CONFLICT, 'txn-mempool-conflict')
    const coins: Coin[] = []
    for (const [i, input] of tx.inputs.entries()) {
      const coin = this.chain.utxos.get(outpoints[i]) ?? this.mempool.coin(input.sourceTXID as string, input.sourceOutputIndex)
      if (coin === undefined) break
      coins.push(coin)
    }
    if (coins.length < tx.inputs.length) {
      // As the node does, only a transaction with missing inputs is looked for in the chain.
      if (await this.chain.confirmedTx(txid) !== undefined) {
        throw new RpcFailure(RpcCode.TRANSACTION_ALREADY_IN_CHAIN, 'transaction already in block chain')
      }
      throw new RpcFailure(RpcCode.TRANSACTION_ERROR, 'Missing inputs')
    }
    const fee = this.checkAmounts(tx, coins, nextHeight, raw.length)

    const checks = coins.map((coin, index) => ({
      index,
      check: {
        satoshis: coin.satoshis.toString(),
        script: coin.script,
        flags: scriptVerifyFlags(this.policy.heights, nextHeight, coin.height < 0 ? nextHeight : coin.height, tx.version)
      } satisfies InputCheck
    }))
    let settle = (): void => {}
    this.pending.set(txid, { outpoints, settled: new Promise<void>(resolve => { settle = resolve }) })
    for (const o of outpoints) this.pendingSpends.set(o, txid)
    try {
      // Inline is fastest for a lone small transaction. Under load, idle threads take the work
      // while this thread goes on reading requests; when all are busy, it verifies too.
      const offload = checks.length >= 4 || ((this.active > 1 || this.busy()) && this.pool.hasIdleThread())
      const failure = !offload
        ? verifyInputs(tx, checks)
        : await this.pool.verify(Buffer.from(raw).toString('hex'), checks)
      if (failure !== null) throw RpcFailure.rejected(RejectCode.INVALID, scriptRejectReason(failure.message))
      this.mempool.add({ txid, raw, tx, fee, time: Math.floor(Date.now() / 1000), height: this.chain.height })
    } finally {
      this.pending.delete(txid)
      for (const o of outpoints) this.pendingSpends.delete(o)
      settle()
    }
    return txid
  }

  /** Coinbase maturity, no value created, and the minimum relay fee; returns the fee. */
  private checkAmounts (tx: Transaction, coins: Coin[], spendHeight: number, size: number): bigint {
    let valueIn = 0n
    for (const coin of coins) {
      if (coin.coinbase && spendHeight - coin.height < Regtest.coinbaseMaturity) {
        throw RpcFailure.rejected(RejectCode.INVALID, 'bad-txns-premature-spend-of-coinbase')
      }
      valueIn += coin.satoshis
    }
    const valueOut = tx.outputs.reduce((sum, o) => sum + BigInt(o.satoshis as number), 0n)
    if (valueIn < valueOut) throw RpcFailure.rejected(RejectCode.INVALID, 'bad-txns-in-belowout')
    const fee = valueIn - valueOut
    if (fee < minimumFee(this.policy.feeRate, size)) throw RpcFailure.rejected(RejectCode.INSUFFICIENTFEE, 'mempool min fee not met')
    return fee
  }
}

/** The relay fee for a size as the node computes it: rate × size / 1000, at least 1 if the rate is positive. */
export function minimumFee (satoshisPerKb: number, size: number): bigint {
  const fee = (BigInt(Math.round(satoshisPerKb)) * BigInt(size)) / 1000n
  return fee === 0n && satoshisPerKb > 0 ? 1n : fee
}

function decodeTransaction (hex: unknown): { raw: Uint8Array, tx: Transaction } {
  if (typeof hex !== 'string' || hex.length === 0 || hex.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(hex)) {
    throw new RpcFailure(RpcCode.DESERIALIZATION_ERROR, 'TX decode failed')
  }
  const raw = Uint8Array.from(Buffer.from(hex, 'hex'))
  try {
    const reader = new Utils.Reader(Array.from(raw))
    const tx = Transaction.fromReader(reader)
    // The reader does not notice running past the end: the bytes must round-trip exactly.
    if (reader.pos !== raw.length || Buffer.compare(Buffer.from(tx.toUint8Array()), Buffer.from(raw)) !== 0) throw new Error('not a transaction')
    return { raw, tx }
  } catch {
    throw new RpcFailure(RpcCode.DESERIALIZATION_ERROR, 'TX decode failed')
  }
}

/** The node's context-free checks (CheckRegularTransaction). */
function checkTransaction (tx: Transaction): void {
  const invalid = (reason: string): RpcFailure => RpcFailure.rejected(RejectCode.INVALID, reason)
  if (tx.inputs.length === 0) throw invalid('bad-txns-vin-empty')
  if (tx.outputs.length === 0) throw invalid('bad-txns-vout-empty')
  let total = 0n
  for (const output of tx.outputs) {
    const value = BigInt(output.satoshis as number)
    if (value < 0n) throw invalid('bad-txns-vout-negative')
    if (value > MAX_MONEY) throw invalid('bad-txns-vout-toolarge')
    total += value
    if (total > MAX_MONEY) throw invalid('bad-txns-txouttotal-toolarge')
  }
  const seen = new Set<string>()
  for (const input of tx.inputs) {
    if (input.sourceTXID === NULL_TXID && input.sourceOutputIndex === 0xffffffff) {
      throw invalid(tx.inputs.length === 1 ? 'bad-tx-coinbase' : 'bad-txns-prevout-null')
    }
    const key = outpointKey(input.sourceTXID as string, input.sourceOutputIndex)
    if (seen.has(key)) throw invalid('bad-txns-inputs-duplicate')
    seen.add(key)
  }
}

/** The node's policy (IsStandardTx): version before Chronicle, push-only unlocking scripts, dust. */
function checkStandard (tx: Transaction, height: number, heights: ActivationHeights): void {
  const nonstandard = (reason: string): RpcFailure => RpcFailure.rejected(RejectCode.NONSTANDARD, reason)
  const chronicle = height >= heights.chronicle
  if (!chronicle && (tx.version < 1 || tx.version > 2)) throw nonstandard('version')
  if (!chronicle && tx.inputs.some(i => !(i.unlockingScript?.isPushOnly() ?? true))) throw nonstandard('scriptsig-not-pushonly')
  // Since the 2024 policy the dust limit is 1 satoshi, and only OP_FALSE OP_RETURN outputs may carry 0.
  for (const output of tx.outputs) {
    if (output.satoshis === 0 && !isUnspendable(output.lockingScript.toHex())) throw nonstandard('dust')
  }
}

/** Only transactions final in the next block are accepted (the node parks others in a separate pool). */
function checkFinal (tx: Transaction, height: number, medianTime: number): void {
  if (tx.lockTime === 0) return
  const limit = tx.lockTime < 500_000_000 ? height : medianTime
  if (tx.lockTime < limit) return
  if (tx.inputs.every(i => (i.sequence ?? 0xffffffff) === 0xffffffff)) return
  throw RpcFailure.rejected(RejectCode.NONSTANDARD, 'non-final')
}
