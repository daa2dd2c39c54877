import { RpcClient } from '../rpc/RpcClient'
import { ChainBackend, BackendUtxo } from './ChainBackend'
import { IndexerClient } from './IndexerClient'

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

  async listUnspent (address: string): Promise<BackendUtxo[]> {
    return await this.indexer.utxos(address)
  }
}
