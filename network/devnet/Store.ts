import { Level } from 'level'

/** How long a lazy write may wait for company (group commit of mempool entries). */
const LAZY_WRITE_MS = 20

export type StoreOp = { type: 'put', key: string, value: string } | { type: 'del', key: string }

/**
 * LevelDB under the data directory, written through one queue: writes land in the order
 * they were issued, each group of operations in one atomic batch (groups queued together
 * are coalesced into a single batch). Reads see queued writes at once through an overlay.
 */
export class Store {
  private readonly db: Level<string, string>
  private readonly overlay = new Map<string, string | null>()
  private queued: Array<{ ops: StoreOp[], done: () => void, fail: (e: Error) => void }> = []
  private flushing: Promise<void> | null = null
  private lazyTimer: NodeJS.Timeout | null = null

  private constructor (db: Level<string, string>) {
    this.db = db
  }

  static async open (location: string): Promise<Store> {
    const db = new Level<string, string>(location, { valueEncoding: 'utf8' })
    await db.open()
    return new Store(db)
  }

  async get (key: string): Promise<string | undefined> {
    if (this.overlay.has(key)) return this.overlay.get(key) ?? undefined
    return await this.db.get(key)
  }

  /** All entries whose keys start with prefix, in key order (only after writes are flushed). */
  async * entries (prefix: string): AsyncGenerator<[string, string]> {
    await this.drain()
    for await (const entry of this.db.iterator({ gte: prefix, lt: prefix + '\xff' })) yield entry
  }

  /**
   * Queues one atomic group of writes; resolves once it is on disk. A `lazy` group may wait
   * up to `LAZY_WRITE_MS` to share one LevelDB batch with the groups queued after it.
   */
  write (ops: StoreOp[], lazy = false): Promise<void> {
    for (const op of ops) this.overlay.set(op.key, op.type === 'put' ? op.value : null)
    const written = new Promise<void>((resolve, reject) => this.queued.push({ ops, done: resolve, fail: reject }))
    if (this.flushing != null) return written
    if (!lazy) {
      this.flushNow()
    } else if (this.lazyTimer == null) {
      this.lazyTimer = setTimeout(() => this.flushNow(), LAZY_WRITE_MS)
    }
    return written
  }

  private flushNow (): void {
    if (this.lazyTimer != null) clearTimeout(this.lazyTimer)
    this.lazyTimer = null
    this.flushing ??= this.flush()
  }

  private async flush (): Promise<void> {
    while (this.queued.length > 0) {
      const groups = this.queued
      this.queued = []
      const ops = groups.flatMap(g => g.ops)
      try {
        await this.db.batch(ops)
        for (const op of ops) {
          const value = op.type === 'put' ? op.value : null
          if (this.overlay.get(op.key) === value) this.overlay.delete(op.key)
        }
        for (const g of groups) g.done()
      } catch (e) {
        for (const g of groups) g.fail(e as Error)
      }
    }
    this.flushing = null
  }

  /** Waits until every queued write is on disk. */
  async drain (): Promise<void> {
    if (this.queued.length > 0) this.flushNow()
    while (this.flushing != null) await this.flushing
  }

  async close (): Promise<void> {
    await this.drain()
    await this.db.close()
  }
}
