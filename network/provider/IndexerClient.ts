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

/**
 * Typed client of the indexer's API: `GET /addresses/:addr/utxos`, which answers a JSON
 * array of `{ txid, vout, satoshis: "<decimal>", script: "<hex>", height: number | null }`,
 * and the stateful contract routes `GET /contracts/:codeHash` and
 * `GET /contracts/:codeHash/history`. Errors are `{ "error": { "code", "message" } }`;
 * amounts are decimal strings on the wire and bigint here.
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
