import { Devnet, type DevnetOptions } from '../../network/devnet/Devnet'
import { RpcClient } from '../../network/rpc/RpcClient'
import { IndexedNode, type IndexedNodeOptions } from '../../indexer/IndexedNode'

/** Where an embedded devnet and its index keep their LevelDB, and their settings. */
export interface EmbeddedDevnetOptions {
  /** The devnet's LevelDB directory (its chain, mempool and UTXO set). */
  devnetDir: string
  /** The index's LevelDB directory. */
  indexDir: string
  /** Devnet settings besides its directory (default: a free port, 1 sat/kB). */
  devnet?: Omit<DevnetOptions, 'dataDir'>
  /** Index settings besides the node and its directory. */
  index?: Omit<IndexedNodeOptions, 'node' | 'indexDir'>
}

/**
 * A devnet run in this process with an index following it and the index's API: the whole
 * chain a command or a test needs, with no other program. The composition lives here, above
 * the indexer and the devnet, so that neither knows the other.
 */
export class EmbeddedDevnet {
  private constructor (readonly devnet: Devnet, readonly node: IndexedNode) {}

  /** Starts the devnet, then the index following it; `stop()` ends both. */
  static async start (options: EmbeddedDevnetOptions): Promise<EmbeddedDevnet> {
    const devnet = await Devnet.start({ port: 0, ...options.devnet, dataDir: options.devnetDir })
    try {
      const rpc = new RpcClient({ url: devnet.rpcUrl, network: 'devnet' })
      return new EmbeddedDevnet(devnet, await IndexedNode.open({ ...options.index, node: rpc, indexDir: options.indexDir }))
    } catch (e) {
      await devnet.stop()
      throw e
    }
  }

  /** The devnet's JSON-RPC client. */
  get rpc (): RpcClient {
    return this.node.rpc
  }

  /** The index API's base URL. */
  get indexerUrl (): string {
    return this.node.url
  }

  /** Brings the index to the devnet's tip and mempool. */
  async sync (): Promise<number> {
    return await this.node.sync()
  }

  /** Stops the index, then the devnet. */
  async close (): Promise<void> {
    try {
      await this.node.close()
    } finally {
      await this.devnet.stop()
    }
  }
}
