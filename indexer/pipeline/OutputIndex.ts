import { createHash } from 'crypto'
import { plainP2pkh } from '../script/P2pkh'
import { Keys } from '../store/Keys'
import type { AddressEntry, ListingRecord, OutputRecord, TokenHistoryRecord, TokenUtxoRecord } from '../store/Records'
import type { BlockWriter } from './BlockWriter'

/**
 * The keys derived from one output record: written when the output is created, removed when
 * it is spent. Every value is rebuilt from the record, so spending needs no extra reads and
 * the undo record gets exact prior values.
 */
export const scriptHashOf = (script: Buffer): string => createHash('sha256').update(script).digest('hex')

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

export function createOutput (w: BlockWriter, txid: string, vout: number, script: Buffer, r: OutputRecord): void {
  w.put(Keys.output(txid, vout), r)
  const entry = entryOf(r)
  w.put(Keys.scriptHash(scriptHashOf(script), txid, vout), entry)
  const pkh = r.t === undefined ? plainP2pkh(script) : undefined
  if (pkh !== undefined) w.put(Keys.address(pkh.toString('hex'), txid, vout), entry)
  const t = r.t
  if (t === undefined) return
  w.put(Keys.tokenUtxo(t.id, txid, vout), tokenUtxoOf(r))
  w.put(Keys.tokenOutput(t.id, txid, vout), historyOf(r, null))
  if (t.pkh !== undefined) w.put(Keys.ownerToken(t.pkh, t.id, txid, vout), tokenUtxoOf(r))
  const listing = listingOf(r)
  if (listing !== undefined) w.put(Keys.listing(t.id, txid, vout), listing)
}

export function spendOutput (w: BlockWriter, txid: string, vout: number, r: OutputRecord, height: number): void {
  const script = Buffer.from(r.c, 'hex')
  w.del(Keys.output(txid, vout), r)
  const entry = entryOf(r)
  w.del(Keys.scriptHash(scriptHashOf(script), txid, vout), entry)
  const pkh = r.t === undefined ? plainP2pkh(script) : undefined
  if (pkh !== undefined) w.del(Keys.address(pkh.toString('hex'), txid, vout), entry)
  const t = r.t
  if (t === undefined) return
  w.del(Keys.tokenUtxo(t.id, txid, vout), tokenUtxoOf(r))
  w.put(Keys.tokenOutput(t.id, txid, vout), historyOf(r, height), historyOf(r, null))
  if (t.pkh !== undefined) w.del(Keys.ownerToken(t.pkh, t.id, txid, vout), tokenUtxoOf(r))
  const listing = listingOf(r)
  if (listing !== undefined) w.del(Keys.listing(t.id, txid, vout), listing)
}
