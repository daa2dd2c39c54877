import type { DivvyContext } from './DivvyContext'

/** A token output of one owner (`GET /addresses/:addr/tokens/:id/utxos`). */
export interface OwnedTokenUtxo { txid: string, vout: number, amount: bigint, script: string, listing: boolean, height: number }

/** An open OrdLock listing (`GET /tokens/:id/listings`). */
export interface ListingRow { txid: string, vout: number, amount: bigint, price: bigint, seller: string, payScript: string }

export interface SnapshotLeafRow { pkh: string, address: string, amount: bigint, payout: bigint }
export interface SnapshotAnswer { height: number, commitment: string, tokens: bigint, leaves: SnapshotLeafRow[], cut: number }

export interface HolderRow { pkh: string, address: string, amount: bigint }

/** An answer of `/contracts/:codeHash` (the indexer's stateful contract watcher), undefined when it has none. */
export interface ContractUtxoRow { txid: string, vout: number, satoshis: bigint, height: number, spentInMempool: boolean }

/**
 * The reads of the Divvy indexer the commands need (devnet and regtest). Errors are one
 * line: the indexer's own `{ error: { message } }` when it gave one.
 */
export class IndexerReads {
  constructor (private readonly ctx: DivvyContext) {}

  private get base (): string {
    const url = this.ctx.settings.indexerUrl
    if (!this.ctx.isNode || url === undefined) throw new Error(`${this.ctx.settings.name}: BSV-21 tokens are read from the Divvy indexer, which follows devnet and regtest nodes; ${this.ctx.settings.name} is not supported for token commands yet`)
    return url
  }

  async get<T> (path: string, allow404 = false): Promise<T | undefined> {
    let res: Response
    try {
      res = await fetch(this.base + path, { signal: AbortSignal.timeout(30_000) })
    } catch (e) {
      throw new Error(`indexer at ${this.base} does not answer: ${(e as Error).message}`)
    }
    const text = await res.text()
    if (res.status === 404 && allow404) return undefined
    let body: any
    try { body = JSON.parse(text) } catch { throw new Error(`indexer answered ${path} with HTTP ${res.status} and no JSON`) }
    if (!res.ok) throw new Error(`indexer: ${body?.error?.message ?? `HTTP ${res.status}`}`)
    return body as T
  }

  async tokenUtxos (address: string, tokenId: string): Promise<OwnedTokenUtxo[]> {
    const rows = await this.get<any[]>(`/addresses/${address}/tokens/${tokenId}/utxos`) ?? []
    return rows.map(r => ({ txid: r.txid, vout: r.vout, amount: BigInt(r.amount), script: r.script, listing: r.listing === true, height: r.height }))
  }

  async listings (tokenId: string): Promise<ListingRow[]> {
    const rows = await this.get<any[]>(`/tokens/${tokenId}/listings`) ?? []
    return rows.map(r => ({ txid: r.txid, vout: r.vout, amount: BigInt(r.amount), price: BigInt(r.price), seller: r.seller.address, payScript: r.payTo.script }))
  }

  async holders (tokenId: string, height?: number): Promise<{ height: number, unowned: bigint, holders: HolderRow[] }> {
    const rows: HolderRow[] = []
    let answerHeight = -1
    let unowned = 0n
    for (let offset = 0; ; offset += 1000) {
      const body = await this.get<any>(`/tokens/${tokenId}/holders?limit=1000&offset=${offset}${height !== undefined ? `&height=${height}` : ''}`)
      answerHeight = body.height
      unowned = BigInt(body.unowned)
      for (const h of body.holders) rows.push({ pkh: h.pkh, address: h.address, amount: BigInt(h.amount) })
      if (rows.length >= body.total || body.holders.length === 0) break
    }
    return { height: answerHeight, unowned, holders: rows }
  }

  async snapshot (tokenId: string, height: number, pool: bigint): Promise<SnapshotAnswer> {
    const body = await this.get<any>(`/tokens/${tokenId}/snapshot?height=${height}&pool=${pool}`)
    return {
      height: body.height,
      commitment: body.commitment,
      tokens: BigInt(body.tokens),
      leaves: body.leaves.map((l: any) => ({ pkh: l.pkh, address: l.address, amount: BigInt(l.amount), payout: BigInt(l.payout) })),
      cut: body.cut.length
    }
  }

  /** The contract's unspent outputs, or undefined when this indexer has no contract watcher. */
  async contractUtxos (codeHash: string): Promise<ContractUtxoRow[] | undefined> {
    const body = await this.get<any>(`/contracts/${codeHash}`, true)
    if (body === undefined || !Array.isArray(body.utxos)) return undefined
    return body.utxos.map((u: any) => ({ txid: u.txid, vout: u.vout, satoshis: BigInt(u.satoshis), height: u.height, spentInMempool: u.spentInMempool === true }))
  }
}
