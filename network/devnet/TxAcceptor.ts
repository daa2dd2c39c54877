import { Transaction } from '@bsv/sdk'
import { medianTimePast } from './BlockIndex'
import { Chain } from './Chain'
import { Regtest } from './ChainParams'
import { Coin, outpointKey } from './Coin'
import { txidOf } from './Hashes'
import { ChainLimits, Mempool } from './Mempool'
import { checkUpdate, NonFinalPool } from './NonFinalPool'
import { RejectCode, RpcCode, RpcFailure } from './RpcFailure'
import { ActivationHeights, mandatoryFlags, scriptVerifyFlags } from './ScriptFlags'
import { scriptRejection } from './ScriptErrors'
import { InputCheck, verifyInputs } from './ScriptVerifier'
import { decodeTransaction, DecodedTx } from './TxDecoder'
import { VerifyPool } from './VerifyPool'

export interface AcceptPolicy {
  /** -minminingtxfee: satoshis per 1000 bytes a transaction (or its CPFP group) must pay to be mined. */
  miningFeeRate: number
  /** -maxtxfee: a larger fee is refused as absurd unless the sender allows high fees. */
  maxTxFee: bigint
  limits: ChainLimits
  /** -mempoolexpiry and -mempoolexpirynonfinal, in seconds. */
  mempoolExpiry: number
  nonFinalExpiry: number
  /** -acceptnonstdtxn=0: refuse what IsStandardTx refuses (regtest accepts it by default). */
  requireStandard: boolean
  heights: ActivationHeights
  /** Unix time in seconds (a test can move it forward to see transactions expire). */
  now: () => number
}

/** The node's defaults (validation.h, policy/policy.h of SV node 1.2.2). */
export const NODE_POLICY_DEFAULTS = {
  maxTxFee: 10_000_000n,
  limits: { ancestors: 10_000, cpfpGroupMembers: 25 },
  mempoolExpiry: 336 * 3600,
  nonFinalExpiry: 4 * 7 * 24 * 3600
} as const

/** What sendrawtransaction's optional parameters ask. */
export interface AcceptOptions {
  allowHighFees?: boolean
  /** Mine it whatever it pays (the node prioritises it by MAX_MONEY). */
  dontCheckFee?: boolean
}

const MAX_MONEY = 21_000_000n * 100_000_000n
const NULL_TXID = '00'.repeat(32)
const SEQUENCE_FINAL = 0xffffffff
/** Post-Genesis policy limit on a transaction's size (DEFAULT_MAX_TX_SIZE_POLICY_AFTER_GENESIS). */
const MAX_STANDARD_TX_SIZE = 10_000_000

/** A transaction whose scripts are being verified: its inputs are reserved until it settles. */
interface PendingTx { outpoints: string[], settled: Promise<void> }

const invalid = (reason: string): RpcFailure => RpcFailure.rejected(RejectCode.INVALID, reason)
const nonstandard = (reason: string): RpcFailure => RpcFailure.rejected(RejectCode.NONSTANDARD, reason)

/**
 * The mempool's gate: the node's checks in the node's order and words (TxnValidation of SV
 * node 1.2.2), then every input script verified (inline when the node is idle, else on the
 * worker threads so both cores work). A transaction that is not final yet goes to the
 * non-final pool; one that pays less than the mining fee is accepted into the secondary
 * mempool and waits there.
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
    private readonly nonFinal: NonFinalPool,
    private readonly pool: VerifyPool,
    readonly policy: AcceptPolicy
  ) {}

  /** The fee rate's fee for a size, as CFeeRate::GetFee computes it. */
  miningFee (size: number): bigint {
    return minimumFee(this.policy.miningFeeRate, size)
  }

  /** Accepts a raw transaction into the mempool (or the non-final pool) and returns its txid, or throws an RpcFailure. */
  async accept (hex: string, options: AcceptOptions = {}): Promise<string> {
    const decoded = decodeTransaction(hex)
    const txid = txidOf(decoded.raw)
    this.active++
    try {
      // Let the requests that arrived with this one be read first, so `busy()` sees them.
      await new Promise(resolve => setImmediate(resolve))
      await this.expire()
      return await this.acceptDecoded(txid, decoded, options)
    } finally {
      this.active--
    }
  }

  /**
   * After a block: transactions of the non-final pool that are final now go through
   * acceptance again (those that no longer fit are dropped, as the node drops them).
   */
  async afterBlock (): Promise<void> {
    await this.expire()
    const nextHeight = this.chain.height + 1
    const mtp = medianTimePast(this.chain.entries, this.chain.height)
    const ready = [...this.nonFinal.entries.values()].filter(e => isFinal(e.tx, nextHeight, mtp))
    for (const entry of ready) {
      await this.nonFinal.remove([entry.txid])
      try {
        await this.acceptDecoded(entry.txid, decodeTransaction(Buffer.from(entry.raw).toString('hex')), { allowHighFees: true })
      } catch { /* no longer valid: gone, as on the node */ }
    }
  }

  private async expire (): Promise<void> {
    const now = this.policy.now()
    await this.mempool.expire(now - this.policy.mempoolExpiry)
    await this.nonFinal.remove(this.nonFinal.expiredBefore(now - this.policy.nonFinalExpiry))
  }

  private async acceptDecoded (txid: string, decoded: DecodedTx, options: AcceptOptions): Promise<string> {
    const { raw, tx, values } = decoded
    checkTransaction(tx, values)
    const nextHeight = this.chain.height + 1
    if (this.policy.requireStandard) checkStandard(tx, values, raw.length, nextHeight, this.policy.heights)
    const final = isFinal(tx, nextHeight, medianTimePast(this.chain.entries, this.chain.height))
    if (!final && tx.inputs.some(i => this.nonFinal.entries.has(i.sourceTXID as string))) throw nonstandard('too-long-non-final-chain')
    if (this.known(txid)) throw new RpcFailure(RpcCode.TRANSACTION_ALREADY_IN_CHAIN, 'Transaction already in the mempool')
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
    if (this.known(txid)) throw new RpcFailure(RpcCode.TRANSACTION_ALREADY_IN_CHAIN, 'Transaction already in the mempool')

    if (outpoints.some(o => this.mempool.spentBy.has(o))) throw RpcFailure.rejected(RejectCode.CONFLICT, 'txn-mempool-conflict')
    // Spending what a non-final transaction spends is an update of it (CTimeLockedMempool):
    // a final transaction only when it finalises it, else it conflicts.
    const updated = this.nonFinal.updatedBy(tx)
    let replaces: string | undefined
    if (updated.size > 0) {
      if (final && !this.finalisesHeld(tx, updated)) throw RpcFailure.rejected(RejectCode.CONFLICT, 'txn-mempool-conflict')
      const old = updated.size === 1 ? this.nonFinal.entries.get([...updated][0]) : undefined
      if (old === undefined || checkUpdate(tx, old.tx) === null) throw invalid('bad-txn-update')
      replaces = old.txid
    }

    const coins: Coin[] = []
    for (const [i, input] of tx.inputs.entries()) {
      const coin = this.chain.utxos.get(outpoints[i]) ?? this.mempool.coin(input.sourceTXID as string, input.sourceOutputIndex)
      if (coin === undefined) break
      coins.push(coin)
    }
    if (coins.length < tx.inputs.length) {
      // As the node does (CheckTxOutputs), a transaction whose inputs are gone is "already
      // known" when one of its own outputs is still unspent: it was confirmed before.
      if (tx.outputs.some((_, vout) => this.chain.utxos.has(outpointKey(txid, vout)))) throw RpcFailure.rejected(RejectCode.ALREADY_KNOWN, 'txn-already-known')
      throw new RpcFailure(RpcCode.TRANSACTION_ERROR, 'Missing inputs')
    }
    const valueIn = coins.reduce((sum, c) => sum + c.satoshis, 0n)
    const fee = valueIn - values.reduce((sum, v) => sum + v, 0n)
    if (options.allowHighFees !== true && this.policy.maxTxFee > 0n && fee > this.policy.maxTxFee) throw RpcFailure.rejected(RejectCode.HIGHFEE, 'absurdly-high-fee')
    if (final) {
      const chainError = this.mempool.chainLimitError(tx.inputs.map(i => i.sourceTXID as string), this.policy.limits)
      if (chainError !== null) throw nonstandard('too-long-mempool-chain')
    }
    for (const coin of coins) {
      if (coin.coinbase && nextHeight - coin.height < Regtest.coinbaseMaturity) throw invalid('bad-txns-premature-spend-of-coinbase')
    }
    if (fee < 0n) throw invalid('bad-txns-in-belowout')

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
      if (failure !== null) {
        // As the node does, the failing input runs again under the consensus flags alone, to tell policy from consensus.
        const failed = checks.find(c => c.index === failure.input) as { index: number, check: InputCheck }
        const consensusOnly = verifyInputs(tx, [{ index: failed.index, check: { ...failed.check, flags: mandatoryFlags(failed.check.flags) } }])
        const { code, reason } = scriptRejection(failure.message, consensusOnly === null)
        throw RpcFailure.rejected(code, reason)
      }
      const entry = { txid, raw, tx, fee, feeDelta: options.dontCheckFee === true ? MAX_MONEY : 0n, time: this.policy.now(), height: this.chain.height }
      if (replaces !== undefined) await this.nonFinal.remove([replaces])
      if (final) this.mempool.add(entry)
      else await this.nonFinal.add(entry)
    } finally {
      this.pending.delete(txid)
      for (const o of outpoints) this.pendingSpends.delete(o)
      settle()
    }
    return txid
  }

  /** finalisesExistingTransaction: every input spends an outpoint of the one held transaction, with a final sequence. */
  private finalisesHeld (tx: Transaction, updated: Set<string>): boolean {
    return updated.size === 1 && tx.inputs.every(i =>
      this.nonFinal.spentBy.has(outpointKey(i.sourceTXID as string, i.sourceOutputIndex)) && (i.sequence ?? SEQUENCE_FINAL) === SEQUENCE_FINAL)
  }

  private known (txid: string): boolean {
    return this.mempool.entries.has(txid) || this.nonFinal.entries.has(txid) || this.pending.has(txid)
  }
}

/** The fee for a size as the node's CFeeRate::GetFee computes it: rate × size / 1000, at least 1 if the rate is positive. */
export function minimumFee (satoshisPerKb: number, size: number): bigint {
  const fee = (BigInt(Math.round(satoshisPerKb)) * BigInt(size)) / 1000n
  return fee === 0n && satoshisPerKb > 0 && size > 0 ? 1n : fee
}

/** The node's context-free checks (CheckRegularTransaction), on the values as signed integers. */
function checkTransaction (tx: Transaction, values: bigint[]): void {
  if (tx.inputs.length === 0) throw invalid('bad-txns-vin-empty')
  if (tx.outputs.length === 0) throw invalid('bad-txns-vout-empty')
  let total = 0n
  for (const value of values) {
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

/**
 * IsStandardTx, for a node started with -acceptnonstdtxn=0 (regtest, like the devnet,
 * accepts non-standard transactions by default; non-standard outputs are always accepted
 * after Genesis, as -acceptnonstdoutputs defaults to on).
 */
function checkStandard (tx: Transaction, values: bigint[], size: number, height: number, heights: ActivationHeights): void {
  const chronicle = height >= heights.chronicle
  if (!chronicle && (tx.version < 1 || tx.version > 2)) throw nonstandard('version')
  if (size > MAX_STANDARD_TX_SIZE) throw nonstandard('tx-size')
  if (!chronicle && tx.inputs.some(i => !(i.unlockingScript?.isPushOnly() ?? true))) throw nonstandard('scriptsig-not-pushonly')
  // The dust limit is 1 satoshi; only OP_FALSE OP_RETURN outputs may carry 0.
  tx.outputs.forEach((output, i) => {
    if (values[i] === 0n && !output.lockingScript.toHex().startsWith('006a')) throw nonstandard('dust')
  })
}

/** IsFinalTx for the next block: no lock time, a lock time passed, or every input opting out with a final sequence. */
function isFinal (tx: Transaction, height: number, medianTime: number): boolean {
  if (tx.lockTime === 0) return true
  const limit = tx.lockTime < 500_000_000 ? height : medianTime
  if (tx.lockTime < limit) return true
  return tx.inputs.every(i => (i.sequence ?? SEQUENCE_FINAL) === SEQUENCE_FINAL)
}
