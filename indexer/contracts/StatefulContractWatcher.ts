import type { ContractWatcher, WatchedTransaction, WatcherStore } from '../pipeline/ContractWatcher'
import type { ContractEventRecord, ContractOutputRecord, ContractSpendRecord, ContractUtxoRecord } from './ContractRecords'
import { ContractKeys, STATEFUL_WATCHER } from './ContractKeys'
import { readStatefulScript } from './StatefulScript'

/** Other outputs kept per history entry (a distribute pays up to N holders plus change). */
export const MAX_OTHER_OUTPUTS = 200

interface Touch { spent: ContractSpendRecord[], created: ContractOutputRecord[] }

/**
 * Follows every scrypt-ts stateful contract on chain, keyed by the sha256 of its code part:
 * its unspent outputs with their state, and every transaction that creates or spends one,
 * in chain order, with the transaction's other outputs (a dividend's payouts and change).
 * Its writes join the block's batch and undo record, so re-orgs roll it back.
 */
export class StatefulContractWatcher implements ContractWatcher {
  readonly name = STATEFUL_WATCHER

  async onTransaction (store: WatcherStore, { height, tx, spent }: WatchedTransaction): Promise<void> {
    const touched = new Map<string, Touch>()
    const touch = (codeHash: string): Touch => {
      let t = touched.get(codeHash)
      if (t === undefined) { t = { spent: [], created: [] }; touched.set(codeHash, t) }
      return t
    }
    spent.forEach((record, i) => {
      // Hex of a script whose last byte is not 00 cannot have the layout: skip the decode.
      if (record === undefined || !record.c.endsWith('00')) return
      const contract = readStatefulScript(Buffer.from(record.c, 'hex'))
      if (contract === undefined) return
      const { txid, vout } = tx.inputs[i]
      touch(contract.codeHash).spent.push({ txid, vout, s: record.s, st: contract.state.toString('hex') })
    })
    tx.outputs.forEach((output, vout) => {
      const contract = readStatefulScript(output.script)
      if (contract !== undefined) touch(contract.codeHash).created.push({ vout, s: output.satoshis.toString(), st: contract.state.toString('hex') })
    })
    for (const [codeHash, t] of touched) await this.record(store, codeHash, t, tx, height)
  }

  private async record (store: WatcherStore, codeHash: string, t: Touch, tx: WatchedTransaction['tx'], height: number): Promise<void> {
    for (const s of t.spent) await store.del(ContractKeys.utxo(codeHash, s.txid, s.vout))
    for (const c of t.created) {
      const utxo: ContractUtxoRecord = { s: c.s, h: height, st: c.st }
      await store.put(ContractKeys.utxo(codeHash, tx.txid, c.vout), utxo)
    }
    const ours = new Set(t.created.map(c => c.vout))
    const others: ContractEventRecord['others'] = []
    for (let vout = 0; vout < tx.outputs.length && others.length < MAX_OTHER_OUTPUTS; vout++) {
      if (ours.has(vout)) continue
      const o = tx.outputs[vout]
      others.push({ vout, s: o.satoshis.toString(), c: o.script.toString('hex') })
    }
    const event: ContractEventRecord = { txid: tx.txid, height, spent: t.spent, created: t.created, others, otherCount: tx.outputs.length - t.created.length }
    const n = await store.get<number>(ContractKeys.count(codeHash)) ?? 0
    await store.put(ContractKeys.event(codeHash, n), event)
    await store.put(ContractKeys.count(codeHash), n + 1)
  }
}
