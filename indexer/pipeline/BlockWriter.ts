import type { BatchOp, IndexStore } from '../store/IndexStore'
import type { UndoRecord } from '../store/Records'

/** A key this block wrote: its value now (null: deleted) and before the block (null: absent). */
interface Change { value: unknown, prior: unknown }

/**
 * Stages the writes of one block over the store and remembers the prior value of every key
 * it touches, so that the block's batch carries its own undo record. Callers state the prior
 * value when they know it (a new outpoint has none; a spent output's derived keys are
 * rebuilt from its record), or read it through `get`.
 *
 * Reads of the store are kept for the rest of the block (the block is the store's only
 * writer while it is applied, so they cannot go stale), and `known` answers without
 * awaiting when the value is staged or was read before: the hot path of a block that
 * touches the same token in thousands of transactions reads its record once.
 */
export class BlockWriter {
  private readonly changes = new Map<string, Change>()
  private readonly reads = new Map<string, unknown>()

  constructor (private readonly store: IndexStore) {}

  /** The value as this block leaves it so far. */
  async get<T> (key: string): Promise<T | undefined> {
    const known = this.known<T>(key)
    if (known !== undefined) return known.value
    const value = await this.store.get<T>(key)
    // Another read of the same key may have finished first; either saw the same stored value.
    if (!this.reads.has(key)) this.reads.set(key, value)
    return value
  }

  /** The value as this block leaves it when that is known without reading the store; else undefined. */
  known<T> (key: string): { value: T | undefined } | undefined {
    const change = this.changes.get(key)
    if (change !== undefined) return { value: (change.value ?? undefined) as T | undefined }
    if (this.reads.has(key)) return { value: this.reads.get(key) as T | undefined }
    return undefined
  }

  /** The staged value when this block already wrote the key; `undefined` when it did not. */
  staged<T> (key: string): { value: T | undefined } | undefined {
    const change = this.changes.get(key)
    return change !== undefined ? { value: (change.value ?? undefined) as T | undefined } : undefined
  }

  put (key: string, value: unknown, prior: unknown = null): void {
    const change = this.changes.get(key)
    if (change === undefined) this.changes.set(key, { value, prior: prior ?? null })
    else change.value = value
  }

  del (key: string, prior: unknown): void {
    const change = this.changes.get(key)
    if (change === undefined) this.changes.set(key, { value: null, prior: prior ?? null })
    else change.value = null
  }

  /** The batch operations and the undo record (keys created and removed within the block drop out). */
  finish (): { ops: BatchOp[], undo: UndoRecord } {
    const ops: BatchOp[] = []
    const undo: UndoRecord = []
    for (const [key, { value, prior }] of this.changes) {
      if (value === null && prior === null) continue
      ops.push(value === null ? { type: 'del', key } : { type: 'put', key, value })
      undo.push([key, prior])
    }
    return { ops, undo }
  }
}
