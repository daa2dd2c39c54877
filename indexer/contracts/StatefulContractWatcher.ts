import { continuationIndex } from '../../contracts/offchain/lineage'
import type { ContractWatcher, WatchedTransaction, WatcherStore } from '../pipeline/ContractWatcher'
import type { ContractOutputRecord, LineageEventRecord, LineageRecord, OriginRecord } from './ContractRecords'
import { ContractKeys, STATEFUL_WATCHER } from './ContractKeys'
import { readStatefulScript } from './StatefulScript'

/** Other outputs kept per history entry (a distribute pays up to N holders plus change). */
export const MAX_OTHER_OUTPUTS = 200

/** A lineage output the transaction spends, and where the lineage goes from there. */
interface Spend { input: number, origins: string[], spent: LineageEventRecord['spent'] & object, code: string }

/**
 * Follows every scrypt-ts stateful contract on chain as a lineage keyed by its origin (the
 * output that no continuation created): the spend of a lineage's output at input i continues
 * at output i, or at output 0 for a distribute (contracts/offchain/lineage.ts), and nowhere
 * else. An output with the same code that is no continuation (a copy, deployed alone or
 * attached to a genuine call) starts a lineage of its own, with its own origin, so it can
 * never be taken for the contract it imitates. For each lineage: where it stands, every
 * transaction of it in chain order with that transaction's other outputs (a dividend's
 * payouts, change, published data), and its origin listed under its code hash. Its writes
 * join the block's batch and undo record, so re-orgs roll it back.
 */
export class StatefulContractWatcher implements ContractWatcher {
  readonly name = STATEFUL_WATCHER

  async onTransaction (store: WatcherStore, { height, tx, spent }: WatchedTransaction): Promise<void> {
    const codes = tx.outputs.map(o => readStatefulScript(o.script)?.codeHash)
    const spends: Spend[] = []
    for (let i = 0; i < spent.length; i++) {
      const record = spent[i]
      // Hex of a script whose last byte is not 00 cannot have the layout: skip the decode.
      if (record === undefined || !record.c.endsWith('00')) continue
      const contract = readStatefulScript(Buffer.from(record.c, 'hex'))
      if (contract === undefined) continue
      const { txid, vout } = tx.inputs[i]
      // An output created before the index started belongs to no lineage it knows.
      const origins = await store.get<string[]>(ContractKeys.current(txid, vout))
      if (origins === undefined) continue
      spends.push({ input: i, origins, spent: { txid, vout, s: record.s, st: contract.state.toString('hex') }, code: contract.codeHash })
    }
    const continued = new Set<number>()
    for (const s of spends) {
      await store.del(ContractKeys.current(s.spent.txid, s.spent.vout))
      const vout = continuationIndex(codes, s.input, s.code)
      if (vout !== undefined) {
        continued.add(vout)
        const key = ContractKeys.current(tx.txid, vout)
        const already = await store.get<string[]>(key) ?? []
        await store.put(key, [...already, ...s.origins])
      }
      for (const origin of s.origins) await this.record(store, origin, tx, height, s.input, s.spent, vout)
    }
    for (let vout = 0; vout < codes.length; vout++) {
      const code = codes[vout]
      if (code === undefined || continued.has(vout)) continue
      const origin = `${tx.txid}_${vout}`
      const lineage: LineageRecord = { code, at: null, n: 0 }
      await store.put(ContractKeys.lineage(origin), lineage)
      const listed: OriginRecord = { h: height }
      await store.put(ContractKeys.byCode(code, origin), listed)
      await store.put(ContractKeys.current(tx.txid, vout), [origin])
      await this.record(store, origin, tx, height, null, null, vout)
    }
  }

  /** Appends one transaction to a lineage's history and moves its current output. */
  private async record (store: WatcherStore, origin: string, tx: WatchedTransaction['tx'], height: number, input: number | null, spent: LineageEventRecord['spent'], vout: number | undefined): Promise<void> {
    const lineage = await store.get<LineageRecord>(ContractKeys.lineage(origin))
    if (lineage === undefined) throw new Error(`internal: lineage ${origin} has an output but no record`)
    const created = vout !== undefined ? tx.outputs[vout] : undefined
    const state = created !== undefined ? readStatefulScript(created.script)?.state.toString('hex') ?? '' : ''
    const others: LineageEventRecord['others'] = []
    for (let v = 0; v < tx.outputs.length && others.length < MAX_OTHER_OUTPUTS; v++) {
      if (v === vout) continue
      others.push({ vout: v, s: tx.outputs[v].satoshis.toString(), c: tx.outputs[v].script.toString('hex') })
    }
    const event: LineageEventRecord = {
      txid: tx.txid,
      height,
      input,
      spent,
      output: created !== undefined && vout !== undefined ? { vout, s: created.satoshis.toString(), st: state } : null,
      others,
      otherCount: tx.outputs.length - (created !== undefined ? 1 : 0)
    }
    await store.put(ContractKeys.event(origin, lineage.n), event)
    const at: ContractOutputRecord | null = created !== undefined && vout !== undefined ? { txid: tx.txid, vout, s: created.satoshis.toString(), h: height, st: state } : null
    await store.put(ContractKeys.lineage(origin), { ...lineage, at, n: lineage.n + 1 })
  }
}
