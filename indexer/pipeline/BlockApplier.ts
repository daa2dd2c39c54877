import type { Bsv21Effects } from '../bsv21/Bsv21Transaction'
import { tokenEffectsOf, tokensOnOutputs } from '../bsv21/TokenEffects'
import type { ParsedBlock, ParsedTx } from '../chain/ParsedBlock'
import { OP_0, OP_RETURN } from '../script/ScriptOps'
import type { IndexStore } from '../store/IndexStore'
import { INDEX_FORMAT, Keys } from '../store/Keys'
import type { BlockRecord, OutputRecord, TipRecord, TokenEventRecord, TokenInfoRecord, UndoRecord } from '../store/Records'
import { BlockWriter } from './BlockWriter'
import type { ContractWatcher, WatcherStore } from './ContractWatcher'
import { BlockOutputs } from './OutputIndex'

const unspendable = (script: Buffer): boolean => script[0] === OP_RETURN || (script[0] === OP_0 && script[1] === OP_RETURN)

export class BlockOrderError extends Error {}

/**
 * Applies one block to the index as a single atomic LevelDB batch that also stores the
 * block's undo record and the new tip: after a crash the index is at the previous block or
 * at this one, never in between.
 */
export async function applyBlock (store: IndexStore, block: ParsedBlock, height: number, tip: TipRecord | undefined, watchers: readonly ContractWatcher[] = []): Promise<TipRecord> {
  if (tip !== undefined) {
    if (height !== tip.height + 1) throw new BlockOrderError(`block ${block.hash} at height ${height} does not follow the tip at height ${tip.height}`)
    if (tip.hash !== null && block.prevHash !== tip.hash) throw new BlockOrderError(`block ${block.hash} at height ${height} does not extend the tip ${tip.hash}`)
  }
  const w = new BlockWriter(store)
  const outputs = new BlockOutputs(await prefetchSpent(store, block))
  const stores = watchers.map(watcher => watcherStore(w, watcher.name))
  for (let i = 0; i < block.txs.length; i++) {
    const tx = block.txs[i]
    // A partial block's transactions keep their positions in the whole block.
    const txIndex = block.partial?.positions[i] ?? i
    const { spent, effects } = applyOutputs(outputs, tx, height, block.partial?.keep)
    if (effects !== undefined) {
      // Awaited only when a token record must be read from the store: once per token and block.
      const reading = recordTokenEffects(w, tx.txid, height, txIndex, effects)
      if (reading !== undefined) await reading
    }
    for (let k = 0; k < watchers.length; k++) {
      await watchers[k].onTransaction(stores[k], { height, blockHash: block.hash, txIndex, tx, spent })
    }
  }
  const newTip: TipRecord = { height, hash: block.hash }
  const { ops, undo } = w.finish()
  outputs.finish(ops, undo)
  const blockRecord: BlockRecord = { hash: block.hash, prev: block.prevHash, txs: block.txs.length }
  if (block.partial !== undefined) blockRecord.ids = block.txs.map(t => t.txid)
  ops.push({ type: 'put', key: Keys.undo(height), value: undo })
  ops.push({ type: 'put', key: Keys.block(height), value: blockRecord })
  ops.push({ type: 'put', key: Keys.tip, value: newTip })
  if (tip === undefined) {
    ops.push({ type: 'put', key: Keys.start, value: height })
    ops.push({ type: 'put', key: Keys.format, value: INDEX_FORMAT })
  }
  await store.batch(ops)
  return newTip
}

/**
 * Undoes the tip block in one atomic batch; returns the new tip. The height below the start
 * has no known hash (null).
 */
export async function rollbackBlock (store: IndexStore, tip: TipRecord): Promise<TipRecord> {
  const undo = await store.get<UndoRecord>(Keys.undo(tip.height))
  if (undo === undefined) throw new Error(`no undo record for height ${tip.height}`)
  const start = await store.get<number>(Keys.start)
  const ops: Parameters<IndexStore['batch']>[0] = []
  for (const [key, prior] of undo) ops.push(prior === null ? { type: 'del', key } : { type: 'put', key, value: prior })
  ops.push({ type: 'del', key: Keys.undo(tip.height) })
  ops.push({ type: 'del', key: Keys.block(tip.height) })
  const below = await store.get<BlockRecord>(Keys.block(tip.height - 1))
  const newTip: TipRecord = { height: tip.height - 1, hash: below?.hash ?? null }
  if (start !== undefined && tip.height <= start) {
    // Back to before the first indexed block: the index is empty again.
    ops.push({ type: 'del', key: Keys.tip })
    ops.push({ type: 'del', key: Keys.start })
    ops.push({ type: 'del', key: Keys.format })
  } else {
    ops.push({ type: 'put', key: Keys.tip, value: newTip })
  }
  await store.batch(ops)
  return newTip
}

/** Reads, in one go, the stored outputs that the block spends from earlier blocks. */
async function prefetchSpent (store: IndexStore, block: ParsedBlock): Promise<Map<string, OutputRecord | undefined>> {
  const created = new Set(block.txs.map(t => t.txid))
  const keys: string[] = []
  for (const tx of block.txs) {
    for (const input of tx.inputs) if (!created.has(input.txid)) keys.push(Keys.output(input.txid, input.vout))
  }
  const values = await store.getMany<OutputRecord>(keys)
  return new Map(keys.map((k, i) => [k, values[i]]))
}

/** Spends the inputs and creates the outputs of one transaction; returns what it spent and its token effects. */
function applyOutputs (outputs: BlockOutputs, tx: ParsedTx, height: number, keep?: (txid: string, vout: number) => boolean): { spent: Array<OutputRecord | undefined>, effects: Bsv21Effects | undefined } {
  const spent = tx.inputs.map(input => outputs.unspent(input.txid, input.vout))
  tx.inputs.forEach((input, i) => {
    const record = spent[i]
    if (record !== undefined) outputs.spend(input.txid, input.vout, record, height)
  })

  const effects = tokenEffects(tx, spent)
  const tokenByVout = tokensOnOutputs(effects)
  tx.outputs.forEach((output, vout) => {
    if (unspendable(output.script) || (keep !== undefined && !keep(tx.txid, vout))) return
    const record: OutputRecord = { s: output.satoshis.toString(), c: output.script.toString('hex'), h: height }
    if (tx.coinbase) record.cb = 1
    const token = tokenByVout.get(vout)
    if (token !== undefined) record.t = token
    outputs.create(tx.txid, vout, output.script, record)
  })
  return { spent, effects }
}

function tokenEffects (tx: ParsedTx, spent: Array<OutputRecord | undefined>): Bsv21Effects | undefined {
  return tokenEffectsOf(tx, spent.map(r => r?.t !== undefined ? { id: r.t.id, amt: BigInt(r.t.amt) } : undefined))
}

/**
 * Writes the token records and events of one transaction: synchronously (undefined) when
 * the block already knows every token record it needs, else a promise that reads them first.
 */
function recordTokenEffects (w: BlockWriter, txid: string, height: number, txIndex: number, effects: Bsv21Effects): Promise<void> | undefined {
  for (const d of effects.deploys) {
    const info: TokenInfoRecord = { id: d.id, sym: d.sym ?? null, icon: d.icon ?? null, dec: d.dec, supply: d.supply.toString(), burned: '0', height }
    w.put(Keys.token(d.id), info)
    const event: TokenEventRecord = { txid, height, kind: 'deploy', in: '0', out: d.supply.toString(), burned: '0' }
    w.put(Keys.event(d.id, height, txIndex), event)
  }
  const unknown = effects.movements.map(m => Keys.token(m.id)).filter(key => w.known(key) === undefined)
  if (unknown.length === 0) {
    recordMovements(w, txid, height, txIndex, effects)
    return undefined
  }
  return (async () => {
    for (const key of unknown) await w.get(key)
    recordMovements(w, txid, height, txIndex, effects)
  })()
}

function recordMovements (w: BlockWriter, txid: string, height: number, txIndex: number, effects: Bsv21Effects): void {
  for (const m of effects.movements) {
    const key = Keys.token(m.id)
    const info = w.known<TokenInfoRecord>(key)?.value
    // A transfer of an id that no deploy created carries nothing; it is kept out of the index.
    if (info === undefined) continue
    if (m.burned > 0n) w.put(key, { ...info, burned: (BigInt(info.burned) + m.burned).toString() }, info)
    const kind = !m.valid ? 'invalid' : m.out === 0n && m.burned > 0n ? 'burn' : 'transfer'
    const event: TokenEventRecord = { txid, height, kind, in: m.in.toString(), out: m.out.toString(), burned: m.burned.toString() }
    w.put(Keys.event(m.id, height, txIndex), event)
  }
}

function watcherStore (w: BlockWriter, name: string): WatcherStore {
  return {
    get: async <T>(key: string) => await w.get<T>(Keys.watcher(name, key)),
    put: async (key: string, value: unknown) => { const k = Keys.watcher(name, key); w.put(k, value, await w.get(k)) },
    del: async (key: string) => { const k = Keys.watcher(name, key); w.del(k, await w.get(k)) }
  }
}
