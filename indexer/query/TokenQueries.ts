import { buildSnapshot, compareLeaves, type Holding } from '../../contracts/offchain/snapshot'
import { pkhToAddress, type AddressNetwork } from '../script/Address'
import { p2pkhAt, P2PKH_LENGTH } from '../script/P2pkh'
import type { IndexStore } from '../store/IndexStore'
import { Keys, outpointOfKey } from '../store/Keys'
import type { ListingRecord, OutputRecord, TokenEventRecord, TokenHistoryRecord, TokenInfoRecord, TokenUtxoRecord } from '../store/Records'
import type { PendingTokens } from '../mempool/MempoolView'
import type {
  OwnedTokenSchema, SnapshotLeafSchema, TokenHolderSchema, TokenListingSchema, TokenSnapshotSchema, TokenSummarySchema, TokenUtxoSchema, Wire
} from '../../network/provider/IndexerApi'
import { QueryError } from './QueryError'

export interface Page { offset: number, limit: number }

// The answers are typed from the API's schemas (network/provider/IndexerApi.ts), which the client parses with.
export type TokenSummary = Wire<typeof TokenSummarySchema>
/** A token output of one owner, as `GET /addresses/:addr/tokens/:id/utxos` answers it. */
export type OwnedTokenUtxo = Wire<typeof TokenUtxoSchema>
export type HolderRow = Wire<typeof TokenHolderSchema>
type OwnedToken = Wire<typeof OwnedTokenSchema>
type Listing = Wire<typeof TokenListingSchema>

const TOKEN_ID = /^[0-9a-f]{64}_[0-9]+$/

/** Reads tokens, holders, snapshots, listings and history from the index. */
export class TokenQueries {
  constructor (private readonly store: IndexStore, private readonly network: AddressNetwork) {}

  /** The token's record; with `pending`, a token deployed in the mempool too (height -1). */
  async info (id: string, pending?: PendingTokens): Promise<TokenInfoRecord> {
    if (!TOKEN_ID.test(id)) throw new QueryError(400, 'BAD_TOKEN_ID', `'${id}' is not a token id (<txid>_<vout>, lower-case hex txid)`)
    const info = await this.store.get<TokenInfoRecord>(Keys.token(id)) ?? pending?.pendingDeploy(id)
    if (info === undefined) throw new QueryError(404, 'UNKNOWN_TOKEN', `no token ${id} is indexed`)
    return info
  }

  async list (): Promise<TokenSummary[]> {
    const out: TokenSummary[] = []
    for await (const [, info] of this.store.scan<TokenInfoRecord>(Keys.tokenPrefix)) out.push(await this.summaryOf(info))
    return out
  }

  async summary (id: string): Promise<TokenSummary> {
    return await this.summaryOf(await this.info(id))
  }

  /** Holdings (one per unspent token output) at `height`, or at the tip when undefined. */
  async holdings (id: string, height?: number): Promise<Holding[]> {
    const holdings: Holding[] = []
    if (height === undefined) {
      for await (const [, u] of this.store.scan<TokenUtxoRecord>(Keys.tokenUtxoPrefix(id))) holdings.push({ pkh: u.pkh, amount: BigInt(u.amt) })
      return holdings
    }
    for await (const [, r] of this.store.scan<TokenHistoryRecord>(Keys.tokenOutputPrefix(id))) {
      if (r.h <= height && (r.x === null || r.x > height)) holdings.push({ pkh: r.pkh, amount: BigInt(r.amt) })
    }
    return holdings
  }

  /**
   * Holdings at the tip with the mempool on top: confirmed token outputs no mempool
   * transaction spends, and the mempool's unspent token outputs. Never for snapshots.
   */
  async pendingHoldings (id: string, pending: PendingTokens): Promise<Holding[]> {
    const holdings: Holding[] = []
    const confirmed = new Set<string>()
    for await (const [key, u] of this.store.scan<TokenUtxoRecord>(Keys.tokenUtxoPrefix(id))) {
      const { txid, vout } = outpointOfKey(key)
      confirmed.add(`${txid}:${vout}`)
      if (!pending.isSpent(txid, vout)) holdings.push({ pkh: u.pkh, amount: BigInt(u.amt) })
    }
    for (const o of pending.tokenOutputs()) {
      // A transaction mined since the last mempool refresh is confirmed already.
      if (o.t.id === id && !confirmed.has(`${o.txid}:${o.vout}`)) holdings.push({ pkh: o.t.pkh ?? null, amount: BigInt(o.t.amt) })
    }
    return holdings
  }

  /**
   * Balances per payable pkh, largest first (the snapshot order), and the unowned total:
   * at `height`, at the tip, or (with `pending`) at the tip with the mempool on top.
   */
  async holders (id: string, height: number | undefined, page: Page, pending?: PendingTokens): Promise<{ total: number, unowned: string, holders: HolderRow[] }> {
    await this.info(id, pending)
    const holdings = pending !== undefined ? await this.pendingHoldings(id, pending) : await this.holdings(id, height)
    const balances = new Map<string, bigint>()
    let unowned = 0n
    for (const h of holdings) {
      if (h.pkh === null) unowned += h.amount
      else balances.set(h.pkh, (balances.get(h.pkh) ?? 0n) + h.amount)
    }
    const sorted = [...balances].map(([pkh, amount]) => ({ pkh, amount })).sort(compareLeaves)
    return {
      total: sorted.length,
      unowned: unowned.toString(),
      holders: sorted.slice(page.offset, page.offset + page.limit).map(l => ({ pkh: l.pkh, address: pkhToAddress(Buffer.from(l.pkh, 'hex'), this.network), amount: l.amount.toString() }))
    }
  }

  async snapshot (id: string, height: number, pool: bigint | undefined): Promise<Wire<typeof TokenSnapshotSchema>> {
    const info = await this.info(id)
    const supply = BigInt(info.supply)
    const snap = buildSnapshot(await this.holdings(id, height), supply, pool)
    const row = (l: { pkh: string, amount: bigint }, i: number, payouts?: bigint[]): Wire<typeof SnapshotLeafSchema> => ({
      pkh: l.pkh,
      address: pkhToAddress(Buffer.from(l.pkh, 'hex'), this.network),
      amount: l.amount.toString(),
      ...(payouts !== undefined ? { payout: payouts[i].toString() } : {})
    })
    return {
      tokenId: id,
      height,
      supply: info.supply,
      pool: pool?.toString() ?? null,
      commitment: snap.commitment,
      tokens: snap.tokens.toString(),
      leaves: snap.leaves.map((l, i) => row(l, i, snap.payouts)),
      cut: snap.cut.map((l, i) => row(l, i))
    }
  }

  async listings (id: string): Promise<Listing[]> {
    await this.info(id)
    const out: Listing[] = []
    for await (const [key, l] of this.store.scan<ListingRecord>(Keys.listingPrefix(id))) {
      const { txid, vout } = outpointOfKey(key)
      const pay = Buffer.from(l.pay, 'hex')
      const payPkh = pay.length === P2PKH_LENGTH ? p2pkhAt(pay) : undefined
      out.push({
        txid,
        vout,
        amount: l.amt,
        price: l.price,
        seller: { pkh: l.seller, address: pkhToAddress(Buffer.from(l.seller, 'hex'), this.network) },
        payTo: { script: l.pay, address: payPkh !== undefined ? pkhToAddress(payPkh, this.network) : null },
        height: l.h
      })
    }
    return out
  }

  async history (id: string, page: Page): Promise<{ events: TokenEventRecord[] }> {
    await this.info(id)
    const events: TokenEventRecord[] = []
    let i = 0
    for await (const [, e] of this.store.scan<TokenEventRecord>(Keys.eventPrefix(id))) {
      if (i++ < page.offset) continue
      events.push(e)
      if (events.length >= page.limit) break
    }
    return { events }
  }

  /**
   * The token outputs a pkh owns or has listed, grouped per token; with `pending`, the
   * mempool on top (outputs it spends left out, its outputs added with height null).
   */
  async ofOwner (pkh: string, pending?: PendingTokens): Promise<OwnedToken[]> {
    const byToken = new Map<string, { balance: bigint, listed: bigint, utxos: OwnedToken['utxos'] }>()
    const add = (id: string, txid: string, vout: number, amt: string, listing: boolean, height: number | null): void => {
      const entry = byToken.get(id) ?? { balance: 0n, listed: 0n, utxos: [] }
      entry.balance += BigInt(amt)
      if (listing) entry.listed += BigInt(amt)
      entry.utxos.push({ txid, vout, amount: amt, listing, height })
      byToken.set(id, entry)
    }
    const confirmed = new Set<string>()
    for await (const [key, u] of this.store.scan<TokenUtxoRecord>(Keys.ownerTokenPrefix(pkh))) {
      const { txid, vout } = outpointOfKey(key)
      confirmed.add(`${txid}:${vout}`)
      if (pending?.isSpent(txid, vout) === true) continue
      const id = key.slice(Keys.ownerTokenPrefix(pkh).length, key.length - 64 - 1 - 6 - 1)
      add(id, txid, vout, u.amt, u.own === 'ordlock', u.h)
    }
    for (const o of pending?.tokenOutputs() ?? []) {
      if (o.t.pkh === pkh && !confirmed.has(`${o.txid}:${o.vout}`)) add(o.t.id, o.txid, o.vout, o.t.amt, o.t.own === 'ordlock', null)
    }
    const out: OwnedToken[] = []
    for (const [id, e] of byToken) {
      const info = await this.store.get<TokenInfoRecord>(Keys.token(id)) ?? pending?.pendingDeploy(id)
      out.push({ id, symbol: info?.sym ?? null, decimals: info?.dec ?? 0, balance: e.balance.toString(), listed: e.listed.toString(), utxos: e.utxos })
    }
    return out
  }

  /**
   * The unspent outputs of one token that a pkh owns or has listed, with their locking
   * scripts: what a wallet needs to spend them (a transfer, a listing, a cancel). With
   * `pending`, the mempool on top (its outputs with height null).
   */
  async utxosOf (pkh: string, id: string, pending?: PendingTokens): Promise<OwnedTokenUtxo[]> {
    await this.info(id, pending)
    const out: OwnedTokenUtxo[] = []
    const confirmed = new Set<string>()
    for await (const [key, u] of this.store.scan<TokenUtxoRecord>(`${Keys.ownerTokenPrefix(pkh)}${id}:`)) {
      const { txid, vout } = outpointOfKey(key)
      confirmed.add(`${txid}:${vout}`)
      if (pending?.isSpent(txid, vout) === true) continue
      const output = await this.store.get<OutputRecord>(Keys.output(txid, vout))
      if (output === undefined) continue
      out.push({ txid, vout, amount: u.amt, script: output.c, listing: u.own === 'ordlock', height: u.h })
    }
    for (const o of pending?.tokenOutputs() ?? []) {
      if (o.t.pkh === pkh && o.t.id === id && !confirmed.has(`${o.txid}:${o.vout}`)) {
        out.push({ txid: o.txid, vout: o.vout, amount: o.t.amt, script: o.script, listing: o.t.own === 'ordlock', height: null })
      }
    }
    return out
  }

  private async summaryOf (info: TokenInfoRecord): Promise<TokenSummary> {
    const owners = new Set<string>()
    let unowned = 0n
    for await (const [, u] of this.store.scan<TokenUtxoRecord>(Keys.tokenUtxoPrefix(info.id))) {
      if (u.pkh === null) unowned += BigInt(u.amt)
      else owners.add(u.pkh)
    }
    const [txid, vout] = info.id.split('_')
    return { id: info.id, symbol: info.sym, decimals: info.dec, supply: info.supply, burned: info.burned, holders: owners.size, unowned: unowned.toString(), deploy: { txid, vout: Number(vout), height: info.height }, icon: info.icon }
  }
}
