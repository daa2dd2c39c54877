import { Level } from 'level'
import { prefixEnd } from './Keys'

export type BatchOp = { type: 'put', key: string, value: unknown } | { type: 'del', key: string }

/** The indexer's LevelDB: JSON values, string keys, prefix scans, atomic batches. */
export class IndexStore {
  private constructor (private readonly db: Level<string, unknown>) {}

  static async open (dir: string): Promise<IndexStore> {
    const db = new Level<string, unknown>(dir, { valueEncoding: 'json' })
    try {
      await db.open()
    } catch (e) {
      const cause = (e as { cause?: Error }).cause
      throw new Error(`cannot open the index at ${dir}: ${cause?.message ?? (e as Error).message}`)
    }
    return new IndexStore(db)
  }

  async get<T> (key: string): Promise<T | undefined> {
    return await this.db.get(key) as T | undefined
  }

  async getMany<T> (keys: string[]): Promise<Array<T | undefined>> {
    if (keys.length === 0) return []
    return await this.db.getMany(keys) as Array<T | undefined>
  }

  /**
   * Writes `ops` atomically (one LevelDB write batch). Built as a chained batch: for a
   * block's tens of thousands of operations that costs about half the CPU of an array
   * batch, which clones and re-validates every operation object first.
   */
  async batch (ops: BatchOp[]): Promise<void> {
    if (ops.length === 0) return
    const batch = this.db.batch()
    try {
      for (const op of ops) {
        if (op.type === 'put') batch.put(op.key, op.value)
        else batch.del(op.key)
      }
    } catch (e) {
      await batch.close()
      throw e
    }
    await batch.write()
  }

  /** Entries whose key starts with `prefix`, in key order. */
  async * scan<T> (prefix: string, options: { reverse?: boolean, limit?: number, after?: string } = {}): AsyncGenerator<[string, T]> {
    const range: Record<string, unknown> = { gte: prefix, lt: prefixEnd(prefix), reverse: options.reverse ?? false, limit: options.limit ?? -1 }
    if (options.after !== undefined) {
      if (options.reverse === true) { range.lt = options.after } else { delete range.gte; range.gt = options.after }
    }
    for await (const [key, value] of this.db.iterator(range)) yield [key, value as T]
  }

  async close (): Promise<void> {
    await this.db.close()
  }
}
