import { Level } from 'level'

export type StoreOp = { type: 'put', key: string, value: unknown } | { type: 'del', key: string }

/** The key space of the service's LevelDB. */
export const StoreKeys = {
  payment: (txid: string) => `p:${txid}`,
  paymentPrefix: 'p:',
  hint: (txid: string) => `h:${txid}`,
  hintPrefix: 'h:',
  coin: (txid: string, vout: number) => `c:${txid}:${vout.toString().padStart(6, '0')}`,
  coinPrefix: 'c:',
  sweep: (txid: string) => `s:${txid}`,
  sweepPrefix: 's:',
  round: (token: string, round: number) => `r:${token}:${round.toString().padStart(10, '0')}`,
  roundPrefix: (token: string) => `r:${token}:`,
  /** A pay link webhook's transactionId, answered once. */
  webhook: (transactionId: string) => `w:${transactionId}`,
  /** A paymail P2P reference handed out: what it asked for. */
  reference: (ref: string) => `ref:${ref}`,
  /** A HandCash forward, from before it is paid until its coin is seen. */
  forward: (id: string) => `f:${id}`,
  forwardPrefix: 'f:',
  /** Per-token service state (last round time, the proposal it waits for). */
  tokenState: (token: string) => `t:${token}`
}

/**
 * The service's own LevelDB in the home (`<home>/service`): payment records, collector
 * coins, sweeps, rounds, webhook and paymail bookkeeping. Every change that must not be half
 * done is one atomic batch, so a kill at any moment leaves a state the next start resumes.
 * LevelDB's lock file also makes the home's service single: a second process cannot open it.
 */
export class ServiceStore {
  private constructor (private readonly db: Level<string, unknown>) {}

  static async open (dir: string): Promise<ServiceStore> {
    const db = new Level<string, unknown>(dir, { valueEncoding: 'json' })
    await db.open()
    return new ServiceStore(db)
  }

  async get<T> (key: string): Promise<T | undefined> {
    return await this.db.get(key) as T | undefined
  }

  async put (key: string, value: unknown): Promise<void> {
    await this.db.put(key, value)
  }

  async batch (ops: StoreOp[]): Promise<void> {
    if (ops.length > 0) await this.db.batch(ops as any)
  }

  /** Values whose key starts with `prefix`, in key order. */
  async list<T> (prefix: string, options: { limit?: number, reverse?: boolean } = {}): Promise<T[]> {
    const out: T[] = []
    for await (const value of this.db.values({ gte: prefix, lt: prefix + '\xff', limit: options.limit ?? -1, reverse: options.reverse ?? false })) out.push(value as T)
    return out
  }

  async close (): Promise<void> {
    await this.db.close()
  }
}
