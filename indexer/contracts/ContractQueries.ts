import { parseOutpoint } from '../../contracts/offchain/lineage'
import { QueryError } from '../query/QueryError'
import type { Page } from '../query/TokenQueries'
import type { IndexStore } from '../store/IndexStore'
import type { LineageEventRecord, LineageRecord, OriginRecord } from './ContractRecords'
import { ContractKeys } from './ContractKeys'
import type { ContractHistoryEntrySchema, ContractOriginsSchema, ContractUtxoSchema, Wire } from '../../network/provider/IndexerApi'

/** A lineage's current output as the API serves it (without the mempool's view, which the API adds). */
export type ContractUtxo = Omit<Wire<typeof ContractUtxoSchema>, 'spentInMempool'>

export interface ContractSummary {
  origin: string
  codeHash: string
  /** Its current confirmed output; null once it ended (spent without continuation). */
  utxo: ContractUtxo | null
  /** Transactions of the lineage, its origin included. */
  historyCount: number
}

/** One transaction of a lineage, as the API serves it (network/provider/IndexerApi.ts). */
export type ContractEvent = Wire<typeof ContractHistoryEntrySchema>

const CODE_HASH = /^[0-9a-f]{64}$/
/** The most origins one code hash lists. */
export const MAX_ORIGINS = 1000

export function eventOf (e: LineageEventRecord): ContractEvent {
  return {
    txid: e.txid,
    height: e.height,
    input: e.input,
    spent: e.spent === null ? null : { txid: e.spent.txid, vout: e.spent.vout, satoshis: e.spent.s, state: e.spent.st },
    output: e.output === null ? null : { vout: e.output.vout, satoshis: e.output.s, state: e.output.st },
    otherOutputs: e.others.map(o => ({ vout: o.vout, satoshis: o.s, script: o.c })),
    otherOutputCount: e.otherCount
  }
}

/** 400 unless `origin` is `<txid>_<vout>`. */
export function checkOrigin (origin: string): void {
  if (parseOutpoint(origin) === undefined) throw new QueryError(400, 'BAD_ORIGIN', 'a contract is named by its origin, the output that started it: <txid>_<vout>, the txid 64 lower-case hex characters')
}

/** Reads of the stateful contract watcher's keys: a lineage, its history, the origins of a code. */
export class ContractQueries {
  constructor (private readonly store: IndexStore) {}

  /** The lineage of `origin`, or undefined when no confirmed output started one there. */
  async lineage (origin: string): Promise<LineageRecord | undefined> {
    checkOrigin(origin)
    return await this.store.get<LineageRecord>(ContractKeys.full(ContractKeys.lineage(origin)))
  }

  async summary (origin: string): Promise<ContractSummary | undefined> {
    const l = await this.lineage(origin)
    if (l === undefined) return undefined
    return { origin, codeHash: l.code, utxo: l.at === null ? null : { txid: l.at.txid, vout: l.at.vout, satoshis: l.at.s, height: l.at.h, state: l.at.st }, historyCount: l.n }
  }

  /** History entries `offset` to `offset + limit - 1`, in chain order; 404 for an unknown origin. */
  async history (origin: string, page: Page): Promise<{ total: number, events: ContractEvent[] }> {
    const l = await this.lineage(origin)
    if (l === undefined) throw new QueryError(404, 'UNKNOWN_CONTRACT', `no confirmed stateful contract output ${origin} started a lineage`)
    const events: ContractEvent[] = []
    if (page.offset < l.n) {
      const prefix = ContractKeys.full(ContractKeys.eventPrefix(origin))
      // Entries are numbered: start right after entry offset - 1, without walking the ones before.
      const after = page.offset === 0 ? undefined : ContractKeys.full(ContractKeys.event(origin, page.offset - 1))
      for await (const [, e] of this.store.scan<LineageEventRecord>(prefix, { limit: page.limit, after })) events.push(eventOf(e))
    }
    return { total: l.n, events }
  }

  /** The origins of the lineages whose code hashes to `codeHash`, in key order (up to MAX_ORIGINS). */
  async origins (codeHash: string): Promise<Wire<typeof ContractOriginsSchema>> {
    if (!CODE_HASH.test(codeHash)) throw new QueryError(400, 'BAD_CODE_HASH', 'a code hash is the sha256 of a contract\'s code part (up to and including its OP_RETURN), 64 lower-case hex characters')
    const prefix = ContractKeys.full(ContractKeys.byCodePrefix(codeHash))
    const origins: Array<{ origin: string, height: number }> = []
    for await (const [key, r] of this.store.scan<OriginRecord>(prefix, { limit: MAX_ORIGINS + 1 })) origins.push({ origin: key.slice(prefix.length), height: r.h })
    const truncated = origins.length > MAX_ORIGINS
    return { codeHash, origins: origins.slice(0, MAX_ORIGINS).sort((a, b) => a.height - b.height || (a.origin < b.origin ? -1 : 1)), truncated }
  }
}
