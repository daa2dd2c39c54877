import type { Checkpoint } from '../network/chain/Checkpoint'
import { startApi, type RunningApi } from './api/ApiServer'
import { Indexer } from './Indexer'
import { MempoolView } from './mempool/MempoolView'
import type { SpendWitness } from './public/CrossCheck'
import type { FollowedToken } from './public/FeedKeys'
import type { FeedSource } from './public/FeedSource'
import { PublicFeeder, type FeedReport } from './public/PublicFeeder'
import type { AddressNetwork } from './script/Address'

export interface IndexedPublicOptions {
  /** The index's LevelDB directory. */
  indexDir: string
  /** Address format of the API's answers. */
  network: AddressNetwork
  checkpoint: Checkpoint
  /** The chain service (WhatsOnChainFeed) and its bulk size. */
  source: FeedSource
  bulkLimit?: number
  parallel?: number
  /** The second service spends are cross-checked with (the 1Sat API). */
  witness?: SpendWitness
  witnessBatch?: number
  /** Requests made so far, for progress lines. */
  requests?: () => number
  /** The API's port on 127.0.0.1 (default 0: a free port). */
  port?: number
  log?: (line: string) => void
}

/**
 * The same index and API as IndexedNode, fed from public services (testnet, mainnet): an
 * indexer, the public-network feeder following the tokens it is told to follow, their
 * unconfirmed transactions as the pending view, and the API. `close()` stops what it started.
 */
export class IndexedPublic {
  private constructor (readonly indexer: Indexer, readonly feeder: PublicFeeder, readonly api: RunningApi) {}

  static async open (options: IndexedPublicOptions): Promise<IndexedPublic> {
    let indexer: Indexer | undefined
    try {
      indexer = await Indexer.open({ dataDir: options.indexDir, network: options.network })
      const mempool = new MempoolView(undefined, indexer.store)
      const feeder = await PublicFeeder.open({ ...options, indexer, mempool })
      const api = await startApi(indexer, { port: options.port ?? 0, mempool, status: async () => await feeder.status() })
      return new IndexedPublic(indexer, feeder, api)
    } catch (e) {
      await indexer?.close()
      throw e
    }
  }

  get url (): string {
    return this.api.url
  }

  async follow (token: FollowedToken): Promise<void> {
    await this.feeder.follow(token)
  }

  /** A transaction this process broadcast, into the pending view without asking any service. */
  async learn (rawHex: string): Promise<void> {
    await this.feeder.learn(rawHex)
  }

  async sync (): Promise<FeedReport> {
    return await this.feeder.sync()
  }

  async close (): Promise<void> {
    await this.feeder.stop()
    await this.api.close()
    await this.indexer.close()
  }
}
