import type { BatchOp, IndexStore } from '../store/IndexStore'
import type { UndoRecord } from '../store/Records'

/**
 * Stages the writes of one block over the store and remembers the prior value of every key
 * it touches, so that the block's batch carries its own undo record. Callers state the prior
 * value when they know it (a new outpoint has none; a spent output's derived keys are
 * rebuilt from its record), or read it through `get`.
 */
export class BlockWriter {
  private readonly changes = new Map<string, unknown>()
  private readonly priors = new Map<string, unknown>()

  constructor (private readonly store: IndexStore) {}

  /** The value as this block leaves it so far. */
  async get<T> (key: string): Promise<T | undefined> {
    if (this.changes.has(key)) return (this.changes.get(key) ?? undefined) as T | undefined
    return await this.store.get<T>(key)
  }

  /** The staged value when this block already wrote the key; `undefined` when it did not. */
  staged<T> (key: string): { value: T | undefined } | undefined {
    return this.changes.has(key) ? { value: (this.changes.get(key) ?? undefined) as T | undefined } : undefined
  }

  put (key: string, value: unknown, prior: unknown = null): void {
    if (!this.priors.has(key)) this.priors.set(key, prior ?? null)
    this.changes.set(key, value)
  }

  del (key: string, prior: unknown): void {
    if (!this.priors.has(key)) this.priors.set(key, prior ?? null)
    this.changes.set(key, null)
  }

  /** The batch operations and the undo record (keys created and removed within the block drop out). */
  finish (): { ops: BatchOp[], undo: UndoRecord } {
    const ops: BatchOp[] = []
    const undo: UndoRecord = []
    for (const [key, value] of this.changes) {
      const prior = this.priors.get(key) ?? null
      if (value === null && prior === null) continue
      ops.push(value === null ? { type: 'del', key } : { type: 'put', key, value })
      undo.push([key, prior])
    }
    return { ops, undo }
  }
}
