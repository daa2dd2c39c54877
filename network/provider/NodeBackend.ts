import { RpcClient, TxOutInfo } from '../rpc/RpcClient'
import { Transaction } from '@bsv/sdk'
import { RpcError } from '../rpc/RpcError'
import { InputSpentError } from './InputSpentError'
import type { ChainTip, TxStatus } from '../woc/WocTypes'
import { ChainBackend, BackendUtxo } from './ChainBackend'
import { IndexerClient } from './IndexerClient'

/** Blocks a coinbase output must wait before it can be spent. */
const COINBASE_MATURITY = 100

export interface NodeBackendOptions {
  rpc: RpcClient
  indexer: IndexerClient
  /** Overrides the mining fee the node reports (satoshis per kB). */
  feePerKb?: number
}

/**
 * The devnet or a real `bitcoind -regtest`: transactions over JSON-RPC, UTXOs by address
 * from this project's indexer (bitcoind has no address index).
 */
export class NodeBackend implements ChainBackend {
  private readonly rpc: RpcClient
  private readonly indexer: IndexerClient
  private readonly fixedFeePerKb: number | undefined

  constructor (options: NodeBackendOptions) {
    this.rpc = options.rpc
    this.indexer = options.indexer
    this.fixedFeePerKb = options.feePerKb
  }

  async check (): Promise<void> {
    await this.rpc.getBlockchainInfo()
  }

  /**
   * The fee the node mines a transaction for: getsettings' `minminingtxfee` (BSV per kB),
   * at least 1 sat/kB. Never getnetworkinfo's `relayfee`: an SV node reads 0 there whatever
   * it mines for, and a transaction under the mining fee is accepted and then never mined.
   */
  async feePerKb (): Promise<number> {
    if (this.fixedFeePerKb !== undefined) return this.fixedFeePerKb
    let settings: { minminingtxfee?: unknown }
    try {
      settings = await this.rpc.call<{ minminingtxfee?: unknown }>('getsettings')
    } catch (e) {
      if (e instanceof RpcError && e.code === -32601) throw new RpcError(this.rpc.network, 0, 'the node does not tell the fee it mines for (it has no getsettings): pass --fee-rate <sat/kB>')
      throw e
    }
    const fee = settings?.minminingtxfee
    if (typeof fee !== 'number' || !Number.isFinite(fee) || fee < 0) throw new RpcError(this.rpc.network, 0, 'the node\'s getsettings has no minminingtxfee: pass --fee-rate <sat/kB>')
    // A rate in BSV with 8 decimals: rounding to whole satoshis per kB is exact.
    return Math.max(1, Math.round(fee * 1e8))
  }

  /**
   * sendrawtransaction. When the node refuses it for an input that is gone (-25 Missing
   * inputs, or a mempool conflict), the inputs are looked up to say which one someone else
   * spent first, and where (InputSpentError).
   */
  async broadcast (hex: string): Promise<string> {
    try {
      return await this.rpc.sendRawTransaction(hex)
    } catch (e) {
      if (!(e instanceof RpcError) || !(e.code === -25 || /258: txn-mempool-conflict/.test(e.message))) throw e
      throw await this.spentInput(hex, e) ?? e
    }
  }

  private async spentInput (hex: string, refusal: RpcError): Promise<InputSpentError | undefined> {
    for (const input of Transaction.fromHex(hex).inputs) {
      const txid = input.sourceTXID as string
      const vout = input.sourceOutputIndex
      if (await this.rpc.getTxOut(txid, vout, true) !== null) continue
      if (await this.rpc.getTxOut(txid, vout, false) !== null) return new InputSpentError(this.rpc.network, txid, vout, 'mempool', refusal)
      const parent = await this.rpc.call<{ blockhash?: string }>('getrawtransaction', [txid, true]).catch(() => undefined)
      if (parent === undefined) continue
      // An output of an unconfirmed transaction can only have been spent in the mempool.
      return new InputSpentError(this.rpc.network, txid, vout, parent.blockhash === undefined ? 'mempool' : 'block', refusal)
    }
    return undefined
  }

  async rawTransaction (txid: string): Promise<string> {
    return await this.rpc.getRawTransactionHex(txid)
  }

  /** From getrawtransaction (mempool and txindex); a transaction waiting to be final counts as waiting. */
  async txStatus (txid: string): Promise<TxStatus> {
    try {
      const tx = await this.rpc.call<{ confirmations?: number, blockhash?: string, blockheight?: number }>('getrawtransaction', [txid, true])
      if (tx.blockhash !== undefined && (tx.confirmations ?? 0) > 0) return { txid, state: 'mined', blockHash: tx.blockhash, blockHeight: tx.blockheight, confirmations: tx.confirmations ?? 1 }
      return { txid, state: 'mempool', confirmations: 0 }
    } catch (e) {
      if (!(e instanceof RpcError) || e.code !== -5) throw e
    }
    const nonFinal = await this.rpc.call<string[]>('getrawnonfinalmempool').catch((): string[] => [])
    return { txid, state: nonFinal.includes(txid) ? 'mempool' : 'unknown', confirmations: 0 }
  }

  /** The node's gettxout, which counts the mempool. */
  async isUnspent (txid: string, vout: number): Promise<boolean> {
    return await this.rpc.getTxOut(txid, vout, true) !== null
  }

  async tip (): Promise<ChainTip> {
    const info = await this.rpc.getBlockchainInfo()
    return { height: info.blocks, hash: info.bestblockhash }
  }

  /**
   * The indexer's UTXOs, less coinbase outputs not yet mature for the next block (a
   * node refuses to spend them) and outputs the node already sees spent (the indexer
   * may lag). Only outputs younger than the maturity are asked about, in one batch.
   */
  async listUnspent (address: string): Promise<BackendUtxo[]> {
    const utxos = await this.indexer.utxos(address)
    if (utxos.every(u => u.height === null)) return utxos
    const nextHeight = await this.rpc.getBlockCount() + 1
    const young = utxos.filter(u => u.height !== null && nextHeight - u.height < COINBASE_MATURITY)
    if (young.length === 0) return utxos
    const answers = await this.rpc.batch(young.map(u => ({ method: 'gettxout', params: [u.txid, u.vout, true] })))
    const unusable = new Set<string>()
    young.forEach((u, i) => {
      const out = answers[i] as TxOutInfo | null | Error
      if (out === null || (!(out instanceof Error) && out.coinbase)) unusable.add(`${u.txid}:${u.vout}`)
    })
    return utxos.filter(u => !unusable.has(`${u.txid}:${u.vout}`))
  }
}
