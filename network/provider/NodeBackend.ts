import { RpcClient, TxOutInfo } from '../rpc/RpcClient'
import { ChainBackend, BackendUtxo } from './ChainBackend'
import { IndexerClient } from './IndexerClient'

/** Blocks a coinbase output must wait before it can be spent. */
const COINBASE_MATURITY = 100

export interface NodeBackendOptions {
  rpc: RpcClient
  indexer: IndexerClient
  /** Overrides the fee rate the node reports. */
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

  /** The node's relay fee (getnetworkinfo's `relayfee`, BSV per kB), at least 1 sat/kB. */
  async feePerKb (): Promise<number> {
    if (this.fixedFeePerKb !== undefined) return this.fixedFeePerKb
    const info = await this.rpc.call<{ relayfee?: unknown }>('getnetworkinfo')
    const relayfee = typeof info?.relayfee === 'number' && Number.isFinite(info.relayfee) ? info.relayfee : 0
    // A rate, not an amount: rounding the float to whole satoshis is exact enough.
    return Math.max(1, Math.round(relayfee * 1e8))
  }

  async broadcast (hex: string): Promise<string> {
    return await this.rpc.sendRawTransaction(hex)
  }

  async rawTransaction (txid: string): Promise<string> {
    return await this.rpc.getRawTransactionHex(txid)
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
