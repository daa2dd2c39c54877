import { ServiceHttp, ServiceAnswer, parseJson, excerpt } from '../http/ServiceHttp'
import { AddressUtxo } from '../woc/WocTypes'

/** An unspent output as the indexer serves it, with its locking script. */
export interface IndexerUtxo extends AddressUtxo {
  /** Locking script hex. */
  script: string
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

/**
 * Typed client of the indexer's `GET /addresses/:addr/utxos`, which answers a JSON array of
 * `{ txid, vout, satoshis: "<decimal>", script: "<hex>", height: number | null }` and
 * errors as `{ "error": { "code", "message" } }`.
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
