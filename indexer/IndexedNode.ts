import type { RpcClient } from '../network/rpc/RpcClient'
import { startApi, type RunningApi } from './api/ApiServer'
import { Follower } from './follow/Follower'
import { Indexer } from './Indexer'
import { MempoolView } from './mempool/MempoolView'
import type { AddressNetwork } from './script/Address'

export interface IndexedNodeOptions {
  /** The node to follow; whoever started it stops it. */
  node: RpcClient
  /** The index's LevelDB directory. */
  indexDir: string
  /** Address format of the index (default regtest). */
  network?: AddressNetwork
  /** The API's port on 127.0.0.1 (default 0: a free port). */
  port?: number
  /** The first height to index when the index is empty (default 0). */
  startHeight?: number
  log?: (line: string) => void
}

/**
 * A node reached over JSON-RPC, an indexer in this process following it and its mempool,
 * and the indexer's API. `close()` stops what it started; the node is not its to stop.
 */
export class IndexedNode {
  private constructor (
    readonly rpc: RpcClient,
    readonly indexer: Indexer,
    readonly follower: Follower,
    readonly api: RunningApi
  ) {}

  static async open (options: IndexedNodeOptions): Promise<IndexedNode> {
    const rpc = options.node
    let indexer: Indexer | undefined
    try {
      // Everything in it comes from the node: an index of an earlier layout is rebuilt from it.
      indexer = await Indexer.open({ dataDir: options.indexDir, network: options.network, rebuildStale: true })
      const mempool = new MempoolView(rpc, indexer.store)
      const follower = new Follower({ rpc, indexer, startHeight: options.startHeight ?? 0, mempool, log: options.log })
      const api = await startApi(indexer, { port: options.port ?? 0, rpc, mempool })
      return new IndexedNode(rpc, indexer, follower, api)
    } catch (e) {
      await indexer?.close()
      throw e
    }
  }

  /** The API's base URL. */
  get url (): string {
    return this.api.url
  }

  /** Brings the index to the node's tip and mempool; answers the number of blocks applied. */
  async sync (): Promise<number> {
    return await this.follower.sync()
  }

  async close (): Promise<void> {
    await this.follower.stop()
    await this.api.close()
    await this.indexer.close()
  }
}
