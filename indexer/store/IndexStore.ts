import { Level } from 'level'
import { prefixEnd } from './Keys'

export type BatchOp = { type: 'put', key: string, value: unknown } | { type: 'del', key: string }

/** A value as the store's JSON encoding writes it; undefined and null are refused as level refuses them. */
function encodeValue (value: unknown): string {
  if (value === undefined || value === null) throw new TypeError('index values cannot be null or undefined')
  return JSON.stringify(value)
}

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

  /** Removes every key (an index to be rebuilt from scratch). */
  async clear (): Promise<void> {
    await this.db.clear()
  }

  async get<T> (key: string): Promise<T | undefined> {
    return await this.db.get(key) as T | undefined
  }

  async getMany<T> (keys: string[]): Promise<Array<T | undefined>> {
    if (keys.length === 0) return []
    return await this.db.getMany(keys) as Array<T | undefined>
  }

  /**
   * Writes `ops` atomically (one LevelDB write batch). A block is tens of thousands of
   * operations: abstract-level's public batch() clones and re-validates each one before
   * encoding it, which costs as much as the write itself, and its chained batch keeps its
   * native buffer until the garbage collector finalizes it (tens of MB per block). So the
   * operations are JSON-encoded here and handed to the store's own batch implementation
   * (abstract-level's `_batch` interface, which classic-level implements in one native call).
   */
  async batch (ops: BatchOp[]): Promise<void> {
    if (ops.length === 0) return
    const db = this.db as unknown as { status: string, _batch?: (ops: unknown[], options: object) => Promise<void> }
    if (db.status !== 'open' || typeof db._batch !== 'function') {
      await this.db.batch(ops as any)
      return
    }
    const encoded = new Array(ops.length)
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i]
      if (typeof op.key !== 'string') throw new TypeError('index keys are strings')
      encoded[i] = op.type === 'put' ? { type: 'put', key: op.key, value: encodeValue(op.value) } : { type: 'del', key: op.key }
    }
    await db._batch(encoded, {})
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
