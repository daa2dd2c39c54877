import type { ParsedBlock } from './chain/ParsedBlock'
import { StatefulContractWatcher } from './contracts/StatefulContractWatcher'
import { applyBlock, rollbackBlock } from './pipeline/BlockApplier'
import type { ContractWatcher } from './pipeline/ContractWatcher'
import type { AddressNetwork } from './script/Address'
import { IndexStore } from './store/IndexStore'
import { INDEX_FORMAT, Keys } from './store/Keys'
import type { BlockRecord, TipRecord } from './store/Records'

export interface IndexerOptions {
  /** The LevelDB directory. */
  dataDir: string
  /** Address format of the API's answers (regtest and testnet share one). */
  network?: AddressNetwork
  /**
   * Contract-specific state kept in the same blocks and batches. Default: the scrypt-ts
   * stateful contract watcher (contract lineages by origin, `/contracts/:origin`); [] for none.
   */
  watchers?: ContractWatcher[]
  /**
   * An index written with another key layout (an earlier version's) is cleared, to be
   * rebuilt from the node (true for an index that follows a node); otherwise opening it fails.
   */
  rebuildStale?: boolean
}

/**
 * The index on disk and the only writer to it: applies and rolls back blocks one at a
 * time (writes are queued), and knows the tip.
 */
export class Indexer {
  readonly network: AddressNetwork
  private tipRecord: TipRecord | undefined
  private queue: Promise<unknown> = Promise.resolve()

  private constructor (readonly store: IndexStore, private readonly watchers: ContractWatcher[], network: AddressNetwork) {
    this.network = network
  }

  static async open (options: IndexerOptions): Promise<Indexer> {
    const store = await IndexStore.open(options.dataDir)
    const indexer = new Indexer(store, options.watchers ?? [new StatefulContractWatcher()], options.network ?? 'regtest')
    indexer.tipRecord = await store.get<TipRecord>(Keys.tip)
    const format = await store.get<number>(Keys.format)
    if (indexer.tipRecord !== undefined && format !== INDEX_FORMAT) {
      if (options.rebuildStale !== true) {
        await store.close()
        throw new Error(`the index at ${options.dataDir} was written by another version of Divvy (key layout ${format ?? 1}, this one reads ${INDEX_FORMAT}): remove it to have it rebuilt`)
      }
      await store.clear()
      indexer.tipRecord = undefined
    }
    return indexer
  }

  /** The last applied block; undefined before the first. */
  get tip (): TipRecord | undefined {
    return this.tipRecord
  }

  async startHeight (): Promise<number | undefined> {
    return await this.store.get<number>(Keys.start)
  }

  async blockAt (height: number): Promise<BlockRecord | undefined> {
    return await this.store.get<BlockRecord>(Keys.block(height))
  }

  /** Applies the block at `height`, which must extend the tip. */
  async applyBlock (block: ParsedBlock, height: number): Promise<TipRecord> {
    return await this.serialize(async () => {
      this.tipRecord = await applyBlock(this.store, block, height, this.tipRecord, this.watchers)
      return this.tipRecord
    })
  }

  /** Undoes the tip block. */
  async rollback (): Promise<TipRecord | undefined> {
    return await this.serialize(async () => {
      const tip = this.tipRecord
      if (tip === undefined) throw new Error('nothing to roll back: the index is empty')
      await rollbackBlock(this.store, tip)
      this.tipRecord = await this.store.get<TipRecord>(Keys.tip)
      return this.tipRecord
    })
  }

  async close (): Promise<void> {
    await this.queue.catch(() => {})
    await this.store.close()
  }

  private async serialize<T> (work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work)
    this.queue = run.catch(() => {})
    return await run
  }
}
