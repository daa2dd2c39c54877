import { ServiceHttp, ServiceAnswer, parseJson, excerpt } from '../http/ServiceHttp'
import { AddressUtxo } from '../woc/WocTypes'

/** An unspent output as the indexer serves it, with its locking script. */
export interface IndexerUtxo extends AddressUtxo {
  /** Locking script hex. */
  script: string
}

/** An unspent output of a stateful contract, with its state (isGenesis byte and props, hex). */
export interface ContractUtxo {
  txid: string
  vout: number
  satoshis: bigint
  height: number
  state: string
  /** A transaction in the node's mempool spends it already. */
  spentInMempool: boolean
}

/** `GET /contracts/:codeHash`: the contract's unspent outputs and how many transactions touched it. */
export interface ContractView {
  codeHash: string
  utxos: ContractUtxo[]
  historyCount: number
}

/** One transaction that created or spent an output of the contract, in chain order. */
export interface ContractHistoryEntry {
  txid: string
  height: number
  /** The contract outputs it spent, with their state. */
  spent: Array<{ txid: string, vout: number, satoshis: bigint, state: string }>
  /** The contract outputs it created (the continuation), with their state. */
  outputs: Array<{ vout: number, satoshis: bigint, state: string }>
  /** Its other outputs (payouts, change, data), the first 200 of them. */
  otherOutputs: Array<{ vout: number, satoshis: bigint, script: string }>
  otherOutputCount: number
}

/** `GET /contracts/:codeHash/history`: one page of the history. */
export interface ContractHistoryPage {
  codeHash: string
  offset: number
  limit: number
  total: number
  events: ContractHistoryEntry[]
}

/** A token output of one owner (`GET /addresses/:addr/tokens/:id/utxos`), with what a wallet needs to spend it. */
export interface TokenUtxo {
  txid: string
  vout: number
  /** Tokens it holds. */
  amount: bigint
  /** Locking script hex. */
  script: string
  /** An OrdLock listing of the owner (spent by a purchase or a cancel, not a transfer). */
  listing: boolean
  /** Confirmation height; null for an output of a mempool transaction (only with `pending`). */
  height: number | null
}

/** A token an address holds (`GET /addresses/:addr/tokens`): its balance, what of it is listed, and its outputs. */
export interface OwnedToken {
  id: string
  symbol: string | null
  decimals: number
  balance: bigint
  listed: bigint
  utxos: Array<{ txid: string, vout: number, amount: bigint, listing: boolean, height: number | null }>
}

/**
 * `pending: true` lays the node's mempool on top of the confirmed index: outputs unconfirmed
 * transactions spend are left out, their token outputs added (height null). Default: confirmed only.
 */
export interface PendingOption { pending?: boolean }

/** An open OrdLock listing of a token (`GET /tokens/:id/listings`). */
export interface TokenListing {
  txid: string
  vout: number
  amount: bigint
  /** Satoshis the buyer pays to `payTo`. */
  price: bigint
  /** Who can cancel it, and owns its tokens for snapshots. */
  seller: { pkh: string, address: string }
  /** Where the price goes: its script hex, and its address when it is P2PKH. */
  payTo: { script: string, address: string | null }
  height: number
}

/** A payable holder: the balance summed over its 20-byte pkh. */
export interface TokenHolder { pkh: string, address: string, amount: bigint }

/**
 * `GET /tokens/:id/holders`, every page: the payable holders, largest first, and the tokens
 * nobody can be paid for; `height` is the confirmed one (the tip the mempool is laid on when pending).
 */
export interface TokenHolders { height: number, unowned: bigint, holders: TokenHolder[] }

/** A leaf of a snapshot, with its payout from the pool (leaves cut for a payout of 0 have none). */
export interface SnapshotLeaf { pkh: string, address: string, amount: bigint, payout?: bigint }

/** `GET /tokens/:id/snapshot?height=&pool=`: the leaves of a round and their commitment (see DESIGN.md). */
export interface TokenSnapshot {
  tokenId: string
  height: number
  supply: bigint
  pool: bigint | null
  /** The hash chain's C_0, hex. */
  commitment: string
  /** Tokens of the leaves. */
  tokens: bigint
  leaves: SnapshotLeaf[]
  /** The holders left out because their payout would be 0. */
  cut: SnapshotLeaf[]
}

export interface IndexerClientOptions {
  /** Network name for messages ("devnet", "regtest"). */
  network: string
  /** Indexer API base, e.g. http://127.0.0.1:18339 */
  url: string
  timeoutMs?: number
}

const TXID = /^[0-9a-f]{64}$/
const HEX = /^([0-9a-f]{2})*$/
const DECIMAL = /^(0|[1-9][0-9]*)$/

type Json = Record<string, unknown>
const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x)
const isIndex = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) >= 0
const isTxid = (x: unknown): x is string => typeof x === 'string' && TXID.test(x)
const isHex = (x: unknown): x is string => typeof x === 'string' && HEX.test(x)
const isDecimal = (x: unknown): x is string => typeof x === 'string' && DECIMAL.test(x)
const isString = (x: unknown): x is string => typeof x === 'string'
const HOLDERS_PAGE = 1000
const pendingQuery = (options: PendingOption, lead: '?' | '&'): string => options.pending === true ? `${lead}pending=true` : ''

/**
 * Typed client of the indexer's API: `GET /addresses/:addr/utxos`, which answers a JSON
 * array of `{ txid, vout, satoshis: "<decimal>", script: "<hex>", height: number | null }`,
 * the BSV-21 reads (an owner's token outputs, listings, holders, snapshots) and the stateful
 * contract routes `GET /contracts/:codeHash` and `GET /contracts/:codeHash/history`. Errors
 * are `{ "error": { "code", "message" } }` and are thrown as one-line ServiceErrors with that
 * message; amounts are decimal strings on the wire and bigint here.
 */
export class IndexerClient {
  private readonly http: ServiceHttp

  constructor (options: IndexerClientOptions) {
    this.http = new ServiceHttp({ network: options.network, service: 'indexer', baseUrl: options.url, headers: { accept: 'application/json' }, timeoutMs: options.timeoutMs })
  }

  async utxos (address: string): Promise<IndexerUtxo[]> {
    const what = `the UTXOs of ${address}`
    const answer = await this.http.get(`/addresses/${encodeURIComponent(address)}/utxos`)
    if (answer.status !== 200) throw this.failure(answer, what)
    const body = parseJson(this.http, answer, what)
    if (!Array.isArray(body)) throw this.http.error('malformed', `answered ${what} with something other than a list: ${excerpt(answer.text, 80)}`)
    return body.map(entry => this.readUtxo(entry, what))
  }

  /** The tokens `address` owns or has listed, with their outputs. */
  async tokens (address: string, options: PendingOption = {}): Promise<OwnedToken[]> {
    const what = `the tokens of ${address}`
    const { body, text } = await this.getJson(`/addresses/${encodeURIComponent(address)}/tokens${pendingQuery(options, '?')}`, what)
    const malformed = (): Error => this.http.error('malformed', `answered ${what} with something other than a list of { id, symbol, decimals, balance, listed, utxos }: ${excerpt(text, 100)}`)
    if (!Array.isArray(body)) throw malformed()
    return body.map(t => {
      if (!isObject(t) || !isString(t.id) || !(t.symbol === null || isString(t.symbol)) || !isIndex(t.decimals) || !isDecimal(t.balance) || !isDecimal(t.listed) || !Array.isArray(t.utxos)) throw malformed()
      const utxos = t.utxos.map(u => {
        if (!isObject(u) || !isTxid(u.txid) || !isIndex(u.vout) || !isDecimal(u.amount) || typeof u.listing !== 'boolean' || !(u.height === null || isIndex(u.height))) throw malformed()
        return { txid: u.txid, vout: u.vout, amount: BigInt(u.amount), listing: u.listing, height: u.height }
      })
      return { id: t.id, symbol: t.symbol, decimals: t.decimals, balance: BigInt(t.balance), listed: BigInt(t.listed), utxos }
    })
  }

  /** The token outputs `address` owns (P2PKH and its OrdLock listings), with their scripts. */
  async tokenUtxos (address: string, tokenId: string, options: PendingOption = {}): Promise<TokenUtxo[]> {
    const what = `the ${tokenId} outputs of ${address}`
    const { body, text } = await this.getJson(`/addresses/${encodeURIComponent(address)}/tokens/${encodeURIComponent(tokenId)}/utxos${pendingQuery(options, '?')}`, what)
    const malformed = (): Error => this.http.error('malformed', `answered ${what} with something other than a list of { txid, vout, amount, script, listing, height }: ${excerpt(text, 100)}`)
    if (!Array.isArray(body)) throw malformed()
    return body.map(u => {
      if (!isObject(u) || !isTxid(u.txid) || !isIndex(u.vout) || !isDecimal(u.amount) || !isHex(u.script) || typeof u.listing !== 'boolean' || !(u.height === null || isIndex(u.height))) throw malformed()
      return { txid: u.txid, vout: u.vout, amount: BigInt(u.amount), script: u.script, listing: u.listing, height: u.height }
    })
  }

  /** The token's open OrdLock listings. */
  async listings (tokenId: string): Promise<TokenListing[]> {
    const what = `the listings of ${tokenId}`
    const { body, text } = await this.getJson(`/tokens/${encodeURIComponent(tokenId)}/listings`, what)
    const malformed = (): Error => this.http.error('malformed', `answered ${what} with something other than a list of { txid, vout, amount, price, seller, payTo, height }: ${excerpt(text, 100)}`)
    if (!Array.isArray(body)) throw malformed()
    return body.map(l => {
      if (!isObject(l) || !isTxid(l.txid) || !isIndex(l.vout) || !isDecimal(l.amount) || !isDecimal(l.price) || !isIndex(l.height) ||
        !isObject(l.seller) || !isHex(l.seller.pkh) || !isString(l.seller.address) ||
        !isObject(l.payTo) || !isHex(l.payTo.script) || !(l.payTo.address === null || isString(l.payTo.address))) throw malformed()
      return {
        txid: l.txid,
        vout: l.vout,
        amount: BigInt(l.amount),
        price: BigInt(l.price),
        seller: { pkh: l.seller.pkh, address: l.seller.address },
        payTo: { script: l.payTo.script, address: l.payTo.address },
        height: l.height
      }
    })
  }

  /**
   * Every payable holder of the token, largest first, at a confirmed `height` (default: the
   * indexed tip), or with `pending` at the tip with the mempool on top (no height then).
   */
  async holders (tokenId: string, height?: number, options: PendingOption = {}): Promise<TokenHolders> {
    const what = `the ${options.pending === true ? 'pending ' : ''}holders of ${tokenId}`
    const holders: TokenHolder[] = []
    for (let offset = 0; ; offset += HOLDERS_PAGE) {
      const params = new URLSearchParams({ limit: String(HOLDERS_PAGE), offset: String(offset) })
      if (height !== undefined) params.set('height', String(height))
      if (options.pending === true) params.set('pending', 'true')
      const { body, text } = await this.getJson(`/tokens/${encodeURIComponent(tokenId)}/holders?${params.toString()}`, what)
      const malformed = (): Error => this.http.error('malformed', `answered ${what} with something other than { height, total, unowned, holders }: ${excerpt(text, 100)}`)
      if (!isObject(body) || !isIndex(body.height) || !isIndex(body.total) || !isDecimal(body.unowned) || !Array.isArray(body.holders)) throw malformed()
      for (const h of body.holders) {
        if (!isObject(h) || !isHex(h.pkh) || !isString(h.address) || !isDecimal(h.amount)) throw malformed()
        holders.push({ pkh: h.pkh, address: h.address, amount: BigInt(h.amount) })
      }
      if (holders.length >= body.total || body.holders.length === 0) return { height: body.height, unowned: BigInt(body.unowned), holders }
    }
  }

  /** The snapshot of the token's payable holders after block `height`, with each leaf's payout from `pool` satoshis. */
  async snapshot (tokenId: string, height: number, pool: bigint): Promise<TokenSnapshot> {
    const what = `the snapshot of ${tokenId} at height ${height}`
    const { body, text } = await this.getJson(`/tokens/${encodeURIComponent(tokenId)}/snapshot?height=${height}&pool=${pool}`, what)
    const malformed = (): Error => this.http.error('malformed', `answered ${what} with something other than { tokenId, height, supply, pool, commitment, tokens, leaves, cut }: ${excerpt(text, 100)}`)
    if (!isObject(body) || body.tokenId !== tokenId || !isIndex(body.height) || !isDecimal(body.supply) || !(body.pool === null || isDecimal(body.pool)) ||
      !isHex(body.commitment) || !isDecimal(body.tokens) || !Array.isArray(body.leaves) || !Array.isArray(body.cut)) throw malformed()
    const leaf = (l: unknown): SnapshotLeaf => {
      if (!isObject(l) || !isHex(l.pkh) || !isString(l.address) || !isDecimal(l.amount) || !(l.payout === undefined || isDecimal(l.payout))) throw malformed()
      return { pkh: l.pkh, address: l.address, amount: BigInt(l.amount), ...(l.payout !== undefined ? { payout: BigInt(l.payout) } : {}) }
    }
    return {
      tokenId,
      height: body.height,
      supply: BigInt(body.supply),
      pool: body.pool === null ? null : BigInt(body.pool),
      commitment: body.commitment,
      tokens: BigInt(body.tokens),
      leaves: body.leaves.map(leaf),
      cut: body.cut.map(leaf)
    }
  }

  /**
   * The unspent outputs and state of the stateful contract whose code part (up to and
   * including its OP_RETURN, scrypt-ts's `instance.codePart`) hashes to `codeHash` (sha256,
   * hex); undefined when the indexer has never seen it.
   */
  async contract (codeHash: string): Promise<ContractView | undefined> {
    const what = `the contract ${codeHash}`
    const answer = await this.http.get(`/contracts/${encodeURIComponent(codeHash)}`)
    if (answer.status === 404 && this.errorCode(answer) === 'UNKNOWN_CONTRACT') return undefined
    if (answer.status !== 200) throw this.failure(answer, what)
    const body = parseJson(this.http, answer, what)
    const malformed = (): Error => this.http.error('malformed', `answered ${what} with something other than { codeHash, utxos, historyCount }: ${excerpt(answer.text, 100)}`)
    if (!isObject(body) || body.codeHash !== codeHash || !isIndex(body.historyCount) || !Array.isArray(body.utxos)) throw malformed()
    const utxos = body.utxos.map(u => {
      if (!isObject(u) || !isTxid(u.txid) || !isIndex(u.vout) || !isDecimal(u.satoshis) || !isIndex(u.height) || !isHex(u.state) || typeof u.spentInMempool !== 'boolean') throw malformed()
      return { txid: u.txid, vout: u.vout, satoshis: BigInt(u.satoshis), height: u.height, state: u.state, spentInMempool: u.spentInMempool }
    })
    return { codeHash, utxos, historyCount: body.historyCount }
  }

  /** One page of the contract's history in chain order (entries offset .. offset + limit - 1). */
  async contractHistory (codeHash: string, page: { offset?: number, limit?: number } = {}): Promise<ContractHistoryPage> {
    const what = `the history of contract ${codeHash}`
    const params = new URLSearchParams()
    if (page.offset !== undefined) params.set('offset', String(page.offset))
    if (page.limit !== undefined) params.set('limit', String(page.limit))
    const search = params.size > 0 ? `?${params.toString()}` : ''
    const answer = await this.http.get(`/contracts/${encodeURIComponent(codeHash)}/history${search}`)
    if (answer.status !== 200) throw this.failure(answer, what)
    const body = parseJson(this.http, answer, what)
    const malformed = (): Error => this.http.error('malformed', `answered ${what} with something other than { codeHash, offset, limit, total, events }: ${excerpt(answer.text, 100)}`)
    if (!isObject(body) || body.codeHash !== codeHash || !isIndex(body.offset) || !isIndex(body.limit) || !isIndex(body.total) || !Array.isArray(body.events)) throw malformed()
    const list = (x: unknown): unknown[] => { if (!Array.isArray(x)) throw malformed(); return x }
    const events = body.events.map((e): ContractHistoryEntry => {
      if (!isObject(e) || !isTxid(e.txid) || !isIndex(e.height) || !isIndex(e.otherOutputCount)) throw malformed()
      return {
        txid: e.txid,
        height: e.height,
        spent: list(e.spent).map(s => {
          if (!isObject(s) || !isTxid(s.txid) || !isIndex(s.vout) || !isDecimal(s.satoshis) || !isHex(s.state)) throw malformed()
          return { txid: s.txid, vout: s.vout, satoshis: BigInt(s.satoshis), state: s.state }
        }),
        outputs: list(e.outputs).map(o => {
          if (!isObject(o) || !isIndex(o.vout) || !isDecimal(o.satoshis) || !isHex(o.state)) throw malformed()
          return { vout: o.vout, satoshis: BigInt(o.satoshis), state: o.state }
        }),
        otherOutputs: list(e.otherOutputs).map(o => {
          if (!isObject(o) || !isIndex(o.vout) || !isDecimal(o.satoshis) || !isHex(o.script)) throw malformed()
          return { vout: o.vout, satoshis: BigInt(o.satoshis), script: o.script }
        }),
        otherOutputCount: e.otherOutputCount
      }
    })
    return { codeHash, offset: body.offset, limit: body.limit, total: body.total, events }
  }

  /** A GET that must answer 200 with JSON: its body (and text, for messages). */
  private async getJson (path: string, what: string): Promise<{ body: unknown, text: string }> {
    const answer = await this.http.get(path)
    if (answer.status !== 200) throw this.failure(answer, what)
    return { body: parseJson(this.http, answer, what), text: answer.text }
  }

  private errorCode (answer: ServiceAnswer): string | undefined {
    try {
      const code = (JSON.parse(answer.text) as { error?: { code?: unknown } }).error?.code
      return typeof code === 'string' ? code : undefined
    } catch { return undefined }
  }

  private readUtxo (entry: unknown, what: string): IndexerUtxo {
    const e = entry as Record<string, unknown>
    const valid = typeof e === 'object' && e !== null &&
      typeof e.txid === 'string' && TXID.test(e.txid) &&
      Number.isSafeInteger(e.vout) && (e.vout as number) >= 0 &&
      typeof e.satoshis === 'string' && DECIMAL.test(e.satoshis) &&
      typeof e.script === 'string' && HEX.test(e.script) &&
      (e.height === null || (Number.isSafeInteger(e.height) && (e.height as number) >= 0))
    if (!valid) throw this.http.error('malformed', `answered ${what} with an entry that is not { txid, vout, satoshis, script, height }: ${excerpt(JSON.stringify(entry), 100)}`)
    return { txid: e.txid as string, vout: e.vout as number, satoshis: BigInt(e.satoshis as string), script: e.script as string, height: e.height as number | null }
  }

  /** The indexer's own `{ error: { code, message } }`, else the HTTP status and body. */
  private failure (answer: ServiceAnswer, what: string): Error {
    let said = `HTTP ${answer.status} ${excerpt(answer.text)}`
    try {
      const error = (JSON.parse(answer.text) as { error?: { code?: unknown, message?: unknown } }).error
      if (typeof error?.message === 'string') said = `${error.message} (${String(error.code ?? answer.status)})`
    } catch { /* not JSON: keep the raw body */ }
    return this.http.error(answer.status === 400 ? 'rejected' : answer.status === 404 ? 'not-found' : 'failed', `could not return ${what}: ${said}`, answer.status)
  }
}
