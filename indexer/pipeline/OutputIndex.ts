import { createHash, hash as oneShot } from 'crypto'
import { Keys } from '../store/Keys'
import type { BatchOp } from '../store/IndexStore'
import type { AddressEntry, ListingRecord, OutputRecord, TokenHistoryRecord, TokenUtxoRecord, UndoRecord } from '../store/Records'

/**
 * The keys derived from one output record: written when the output is created, removed when
 * it is spent. Every value is rebuilt from the record, so spending needs no extra reads and
 * the undo record gets exact prior values.
 */
export const scriptHashOf: (script: Buffer) => string = typeof oneShot === 'function'
  ? script => oneShot('sha256', script, 'hex')
  : script => createHash('sha256').update(script).digest('hex')

const entryOf = (r: OutputRecord): AddressEntry => r.cb === 1 ? { s: r.s, h: r.h, cb: 1 } : { s: r.s, h: r.h }

function tokenUtxoOf (r: OutputRecord): TokenUtxoRecord | undefined {
  const t = r.t
  return t === undefined ? undefined : { amt: t.amt, own: t.own, pkh: t.pkh ?? null, h: r.h }
}

function listingOf (r: OutputRecord): ListingRecord | undefined {
  const t = r.t
  if (t?.own !== 'ordlock' || t.pkh === undefined) return undefined
  return { amt: t.amt, seller: t.pkh, price: t.price ?? '0', pay: t.pay ?? '', h: r.h }
}

function historyOf (r: OutputRecord, spentAt: number | null): TokenHistoryRecord | undefined {
  const t = r.t
  return t === undefined ? undefined : { amt: t.amt, pkh: t.pkh ?? null, h: r.h, x: spentAt }
}

/** The pkh (hex) of a locking script given in hex when it is exactly P2PKH (25 bytes), else undefined. */
function plainP2pkhHex (c: string): string | undefined {
  return c.length === 50 && c.startsWith('76a914') && c.endsWith('88ac') ? c.slice(6, 46) : undefined
}

/** An output the block touched: created in it, spent in it, or both. */
interface Touched {
  txid: string
  vout: number
  record: OutputRecord
  /** The locking script when the block created the output (hashed only if the output survives the block). */
  script: Buffer | undefined
  created: boolean
  /** The height it was spent at, when the block spent it. */
  spentAt: number | null
}

/**
 * The outputs one block creates and spends, kept per outpoint while the block is applied;
 * `finish` turns them into the writes of the output index (`o:`, `s:`, `a:`, `tu:`, `th:`,
 * `ta:`, `tl:`) and their undo entries. The result is what writing every key at creation
 * and deleting it at spending would leave, but an output created and spent in the same
 * block (most of them in busy token traffic) costs one staged entry instead of a dozen
 * writes that cancel out. Every derived key contains its outpoint, so no other writer of
 * the block touches them.
 */
export class BlockOutputs {
  /** By txid, then by vout: a txid string is hashed once however many of its outputs the block touches. */
  private readonly touched = new Map<string, Touched[]>()

  /** `stored`: the records of outputs of earlier blocks the block spends (prefetched by output key). */
  constructor (private readonly stored: Map<string, OutputRecord | undefined>) {}

  /** The unspent output `txid:vout` as the block leaves it so far; undefined when unknown or spent. */
  unspent (txid: string, vout: number): OutputRecord | undefined {
    const t = this.touched.get(txid)?.[vout]
    if (t !== undefined) return t.spentAt === null ? t.record : undefined
    return this.stored.get(Keys.output(txid, vout))
  }

  create (txid: string, vout: number, script: Buffer, record: OutputRecord): void {
    this.slot(txid)[vout] = { txid, vout, record, script, created: true, spentAt: null }
  }

  /** Spends the output `txid:vout`, whose record `unspent` gave. */
  spend (txid: string, vout: number, record: OutputRecord, height: number): void {
    const outputs = this.slot(txid)
    const t = outputs[vout]
    if (t !== undefined) t.spentAt = height
    else outputs[vout] = { txid, vout, record, script: undefined, created: false, spentAt: height }
  }

  private slot (txid: string): Touched[] {
    let outputs = this.touched.get(txid)
    if (outputs === undefined) { outputs = []; this.touched.set(txid, outputs) }
    return outputs
  }

  /** Appends the block's output index writes to `ops` and their prior values to `undo`. */
  finish (ops: BatchOp[], undo: UndoRecord): void {
    const put = (key: string, value: unknown, prior: unknown): void => { ops.push({ type: 'put', key, value }); undo.push([key, prior ?? null]) }
    const del = (key: string, prior: unknown): void => { ops.push({ type: 'del', key }); undo.push([key, prior ?? null]) }
    for (const outputs of this.touched.values()) {
      for (const t of outputs) {
        if (t !== undefined) this.finishOne(t, put, del)
      }
    }
  }

  private finishOne (t: Touched, put: (key: string, value: unknown, prior: unknown) => void, del: (key: string, prior: unknown) => void): void {
    const { txid, vout, record: r } = t
    const key = Keys.output(txid, vout)
    const tok = r.t
    if (t.created) {
      // Created and spent here: only its history remains. Created here: every key is new.
      if (t.spentAt !== null) {
        if (tok !== undefined) put(Keys.tokenOutput(tok.id, txid, vout), historyOf(r, t.spentAt), null)
        return
      }
      put(key, r, null)
      const entry = entryOf(r)
      put(Keys.scriptHash(scriptHashOf(t.script as Buffer), txid, vout), entry, null)
      const pkh = tok === undefined ? plainP2pkhHex(r.c) : undefined
      if (pkh !== undefined) put(Keys.address(pkh, txid, vout), entry, null)
      if (tok === undefined) return
      put(Keys.tokenUtxo(tok.id, txid, vout), tokenUtxoOf(r), null)
      put(Keys.tokenOutput(tok.id, txid, vout), historyOf(r, null), null)
      if (tok.pkh !== undefined) put(Keys.ownerToken(tok.pkh, tok.id, txid, vout), tokenUtxoOf(r), null)
      const listing = listingOf(r)
      if (listing !== undefined) put(Keys.listing(tok.id, txid, vout), listing, null)
      return
    }
    // An output of an earlier block, spent here: its keys go, its history records the spend.
    del(key, r)
    const entry = entryOf(r)
    del(Keys.scriptHash(scriptHashOf(Buffer.from(r.c, 'hex')), txid, vout), entry)
    const pkh = tok === undefined ? plainP2pkhHex(r.c) : undefined
    if (pkh !== undefined) del(Keys.address(pkh, txid, vout), entry)
    if (tok === undefined) return
    del(Keys.tokenUtxo(tok.id, txid, vout), tokenUtxoOf(r))
    put(Keys.tokenOutput(tok.id, txid, vout), historyOf(r, t.spentAt), historyOf(r, null))
    if (tok.pkh !== undefined) del(Keys.ownerToken(tok.pkh, tok.id, txid, vout), tokenUtxoOf(r))
    const listing = listingOf(r)
    if (listing !== undefined) del(Keys.listing(tok.id, txid, vout), listing)
  }
}
