import { QueryError } from '../query/QueryError'
import type { Page } from '../query/TokenQueries'
import type { IndexStore } from '../store/IndexStore'
import { outpointOfKey } from '../store/Keys'
import type { ContractEventRecord, ContractUtxoRecord } from './ContractRecords'
import { ContractKeys } from './ContractKeys'
import type { ContractHistoryEntrySchema, ContractUtxoSchema, Wire } from '../../network/provider/IndexerApi'

/** An unspent contract output as the API serves it (without the mempool's view, which the API adds). */
export type ContractUtxo = Omit<Wire<typeof ContractUtxoSchema>, 'spentInMempool'>

export interface ContractSummary {
  codeHash: string
  utxos: ContractUtxo[]
  /** Transactions that created or spent an output of this code hash. */
  historyCount: number
}

/** One transaction touching a contract, as the API serves it (network/provider/IndexerApi.ts). */
export type ContractEvent = Wire<typeof ContractHistoryEntrySchema>

const CODE_HASH = /^[0-9a-f]{64}$/

export function eventOf (e: ContractEventRecord): ContractEvent {
  return {
    txid: e.txid,
    height: e.height,
    spent: e.spent.map(s => ({ txid: s.txid, vout: s.vout, satoshis: s.s, state: s.st })),
    outputs: e.created.map(c => ({ vout: c.vout, satoshis: c.s, state: c.st })),
    otherOutputs: e.others.map(o => ({ vout: o.vout, satoshis: o.s, script: o.c })),
    otherOutputCount: e.otherCount
  }
}

/** Reads of the stateful contract watcher's keys: a contract's UTXOs and its history. */
export class ContractQueries {
  constructor (private readonly store: IndexStore) {}

  /** The number of history entries; 400 for a malformed hash, 404 for one never seen. */
  async historyCount (codeHash: string): Promise<number> {
    if (!CODE_HASH.test(codeHash)) throw new QueryError(400, 'BAD_CODE_HASH', 'a code hash is the sha256 of a contract\'s code part (up to and including its OP_RETURN), 64 lower-case hex characters')
    const count = await this.store.get<number>(ContractKeys.full(ContractKeys.count(codeHash)))
    if (count === undefined) throw new QueryError(404, 'UNKNOWN_CONTRACT', `no stateful contract with code hash ${codeHash} is indexed`)
    return count
  }

  async summary (codeHash: string): Promise<ContractSummary> {
    const historyCount = await this.historyCount(codeHash)
    const utxos: ContractUtxo[] = []
    for await (const [key, u] of this.store.scan<ContractUtxoRecord>(ContractKeys.full(ContractKeys.utxoPrefix(codeHash)))) {
      utxos.push({ ...outpointOfKey(key), satoshis: u.s, height: u.h, state: u.st })
    }
    return { codeHash, utxos, historyCount }
  }

  /** History entries `offset` to `offset + limit - 1`, in chain order. */
  async history (codeHash: string, page: Page): Promise<{ total: number, events: ContractEvent[] }> {
    const total = await this.historyCount(codeHash)
    const events: ContractEvent[] = []
    if (page.offset < total) {
      const prefix = ContractKeys.full(ContractKeys.eventPrefix(codeHash))
      // Entries are numbered: start right after entry offset - 1, without walking the ones before.
      const after = page.offset === 0 ? undefined : ContractKeys.full(ContractKeys.event(codeHash, page.offset - 1))
      for await (const [, e] of this.store.scan<ContractEventRecord>(prefix, { limit: page.limit, after })) events.push(eventOf(e))
    }
    return { total, events }
  }
}
