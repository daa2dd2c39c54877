import { createHash } from 'crypto'
import * as path from 'path'
import { bsv } from 'scrypt-ts'
import { continuationIndex, parseOutpoint } from '../../contracts/offchain/lineage'
import { readStatefulScript } from '../../indexer/contracts/StatefulScript'
import type { DivvyContext } from './DivvyContext'
import { LineageCache } from './LineageCache'

/** One output of a contract's lineage: the transaction that created it, the output, and how it got there. */
export interface LineageStep {
  tx: bsv.Transaction
  vout: number
  /** The input of `tx` that spent the previous step's output; null at the origin. */
  input: number | null
  /** The block height of `tx`; null while it waits in the mempool. */
  height: number | null
}

/** A page of the indexer's lineage history. */
const PAGE = 1000

/** The code hash of each output of a transaction (undefined for an output that is no stateful contract). */
export function outputCodes (tx: bsv.Transaction): Array<string | undefined> {
  return tx.outputs.map(o => readStatefulScript(o.script.toBuffer())?.codeHash)
}

export const codeHashOf = (codePart: string): string => createHash('sha256').update(Buffer.from(codePart, 'hex')).digest('hex')

/** Lineages read by this process, by context and origin: a command reads its contract's history once and extends it. */
const memo = new WeakMap<DivvyContext, Map<string, LineageStep[]>>()
/** The lineages a home checked before, in its folder: a later command fetches only what is new. */
const caches = new WeakMap<DivvyContext, LineageCache>()

function cacheOf (ctx: DivvyContext): LineageCache {
  let cache = caches.get(ctx)
  if (cache === undefined) caches.set(ctx, cache = new LineageCache(path.join(ctx.home, 'lineages')))
  return cache
}

/**
 * The lineage of the contract that starts at `origin` (`<txid>_<vout>`), from its origin to
 * where it stands now, its continuations waiting in the mempool included: each step's
 * transaction checked here, from its raw bytes, to spend the previous step's output and to
 * continue it at this step's output by the identity rule (contracts/offchain/lineage.ts:
 * output i for a spend at input i, output 0 for a distribute), with the contract's code.
 * The indexer says which transactions to look at (it follows every spend); nothing it says
 * is taken without this check, and no other output with the same code is ever followed.
 * `codePart` is the contract's code (scrypt-ts's `codePart`); the origin must carry it.
 */
export async function lineageOf (ctx: DivvyContext, origin: string, codePart: string): Promise<LineageStep[]> {
  const at = parseOutpoint(origin)
  if (at === undefined) throw new Error(`'${origin}' is not a contract origin <txid>_<vout>`)
  const code = codeHashOf(codePart)
  const indexer = ctx.indexerClient()
  const view = await indexer.contract(origin, { pending: true })
  if (view === undefined) throw new Error(`no contract starts at ${origin} on ${ctx.settings.name} (the indexer knows no contract output there, confirmed or in the mempool)`)
  if (view.codeHash !== code) throw new Error(`the contract at ${origin} is not the one expected (its code differs)`)
  let byOrigin = memo.get(ctx)
  if (byOrigin === undefined) memo.set(ctx, byOrigin = new Map())
  const known = byOrigin.get(origin)
  // What this process checked before stays valid while the indexer's history still has it, at
  // the same heights (a re-org may have undone it); what this home read before is checked again
  // from the bytes it kept, and only the rest is fetched.
  const kept = known === undefined ? cacheOf(ctx).load(origin) : new Map<string, bsv.Transaction>()
  let steps = (known ?? []).filter(s => s.height !== null)
  const events: Array<{ txid: string, height: number | null, input: number | null, vout: number | null }> = []
  for (let offset = 0; offset < view.historyCount; offset += PAGE) {
    const page = await indexer.contractHistory(origin, { offset, limit: PAGE })
    for (const e of page.events) events.push({ txid: e.txid, height: e.height, input: e.input, vout: e.output?.vout ?? null })
  }
  if (steps.some((s, i) => events[i] === undefined || events[i].txid !== s.tx.id || events[i].vout !== s.vout || events[i].height !== s.height)) steps = []
  for (const p of view.pending ?? []) events.push({ txid: p.txid, height: null, input: null, vout: p.vout })
  for (let i = steps.length; i < events.length; i++) {
    const e = events[i]
    if (e.vout === null) throw new Error(`the contract ${origin} ended in ${e.txid}: it has no output any more`)
    const tx = kept.get(e.txid) ?? await ctx.provider.getTransaction(e.txid)
    if (tx.id !== e.txid) throw new Error(`the transaction served as ${e.txid} has another id`)
    const codes = outputCodes(tx)
    if (codes[e.vout] !== code) throw new Error(`output ${e.txid}_${e.vout} of the contract ${origin}'s lineage does not carry its code`)
    if (i === 0) {
      if (tx.id !== at.txid || e.vout !== at.vout) throw new Error(`the lineage of ${origin} does not start at its origin`)
      steps.push({ tx, vout: e.vout, input: null, height: e.height })
      continue
    }
    const prev = steps[i - 1]
    const input = tx.inputs.findIndex(x => x.prevTxId.toString('hex') === prev.tx.id && x.outputIndex === prev.vout)
    if (input < 0 || (e.input !== null && e.input !== input)) throw new Error(`${e.txid} does not spend the contract ${origin}'s output ${prev.tx.id}_${prev.vout}`)
    if (continuationIndex(codes, input, code) !== e.vout) throw new Error(`${e.txid} spends the contract ${origin} at input ${input} but does not continue it at output ${e.vout}`)
    steps.push({ tx, vout: e.vout, input, height: e.height })
  }
  byOrigin.set(origin, steps)
  cacheOf(ctx).save(origin, steps.filter(s => s.height !== null).map(s => s.tx))
  return steps
}

/** Walks a lineage from where it stands back to its origin; `visit` answers true to stop. */
export async function walkBack (steps: readonly LineageStep[], visit: (step: LineageStep) => boolean | Promise<boolean>): Promise<void> {
  for (let i = steps.length - 1; i >= 0; i--) if (await visit(steps[i])) return
}
