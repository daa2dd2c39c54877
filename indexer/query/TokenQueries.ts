import { buildSnapshot, compareLeaves, type Holding } from '../snapshot'
import { pkhToAddress, type AddressNetwork } from '../script/Address'
import { p2pkhAt, P2PKH_LENGTH } from '../script/P2pkh'
import type { IndexStore } from '../store/IndexStore'
import { Keys, outpointOfKey } from '../store/Keys'
import type { ListingRecord, OutputRecord, TokenEventRecord, TokenHistoryRecord, TokenInfoRecord, TokenUtxoRecord } from '../store/Records'
import { QueryError } from './QueryError'

export interface Page { offset: number, limit: number }

export interface TokenSummary {
  id: string
  symbol: string | null
  decimals: number
  supply: string
  burned: string
  /** Payable holders (distinct pkhs) at the tip. */
  holders: number
  /** Tokens on outputs without a payable owner at the tip. */
  unowned: string
  deploy: { txid: string, vout: number, height: number }
  icon: string | null
}

/** A token output of one owner, as `GET /addresses/:addr/tokens/:id/utxos` answers it. */
export interface OwnedTokenUtxo { txid: string, vout: number, amount: string, script: string, listing: boolean, height: number }

export interface HolderRow { pkh: string, address: string, amount: string }

const TOKEN_ID = /^[0-9a-f]{64}_[0-9]+$/

/** Reads tokens, holders, snapshots, listings and history from the index. */
export class TokenQueries {
  constructor (private readonly store: IndexStore, private readonly network: AddressNetwork) {}

  async info (id: string): Promise<TokenInfoRecord> {
    if (!TOKEN_ID.test(id)) throw new QueryError(400, 'BAD_TOKEN_ID', `'${id}' is not a token id (<txid>_<vout>, lower-case hex txid)`)
    const info = await this.store.get<TokenInfoRecord>(Keys.token(id))
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

  /** Balances per payable pkh, largest first (the snapshot order), and the unowned total. */
  async holders (id: string, height: number | undefined, page: Page): Promise<{ total: number, unowned: string, holders: HolderRow[] }> {
    await this.info(id)
    const holdings = await this.holdings(id, height)
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

  async snapshot (id: string, height: number, pool: bigint | undefined): Promise<object> {
    const info = await this.info(id)
    const supply = BigInt(info.supply)
    const snap = buildSnapshot(await this.holdings(id, height), supply, pool)
    const row = (l: { pkh: string, amount: bigint }, i: number, payouts?: bigint[]): object => ({
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

  async listings (id: string): Promise<object[]> {
    await this.info(id)
    const out: object[] = []
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

  /** The token outputs a pkh owns or has listed, grouped per token. */
  async ofOwner (pkh: string): Promise<object[]> {
    const byToken = new Map<string, { balance: bigint, listed: bigint, utxos: object[] }>()
    for await (const [key, u] of this.store.scan<TokenUtxoRecord>(Keys.ownerTokenPrefix(pkh))) {
      const { txid, vout } = outpointOfKey(key)
      const id = key.slice(Keys.ownerTokenPrefix(pkh).length, key.length - 64 - 1 - 6 - 1)
      const entry = byToken.get(id) ?? { balance: 0n, listed: 0n, utxos: [] }
      entry.balance += BigInt(u.amt)
      if (u.own === 'ordlock') entry.listed += BigInt(u.amt)
      entry.utxos.push({ txid, vout, amount: u.amt, listing: u.own === 'ordlock', height: u.h })
      byToken.set(id, entry)
    }
    const out: object[] = []
    for (const [id, e] of byToken) {
      const info = await this.store.get<TokenInfoRecord>(Keys.token(id))
      out.push({ id, symbol: info?.sym ?? null, decimals: info?.dec ?? 0, balance: e.balance.toString(), listed: e.listed.toString(), utxos: e.utxos })
    }
    return out
  }

  /**
   * The unspent outputs of one token that a pkh owns or has listed, with their locking
   * scripts: what a wallet needs to spend them (a transfer, a listing, a cancel).
   */
  async utxosOf (pkh: string, id: string): Promise<OwnedTokenUtxo[]> {
    await this.info(id)
    const out: OwnedTokenUtxo[] = []
    for await (const [key, u] of this.store.scan<TokenUtxoRecord>(`${Keys.ownerTokenPrefix(pkh)}${id}:`)) {
      const { txid, vout } = outpointOfKey(key)
      const output = await this.store.get<OutputRecord>(Keys.output(txid, vout))
      if (output === undefined) continue
      out.push({ txid, vout, amount: u.amt, script: output.c, listing: u.own === 'ordlock', height: u.h })
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
