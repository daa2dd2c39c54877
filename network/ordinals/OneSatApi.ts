import type { RequestPacer } from '../http/RequestPacer'
import { excerpt, parseJson, ServiceHttp, type ServiceAnswer } from '../http/ServiceHttp'

export interface OneSatApiOptions {
  network: string
  /** API base, e.g. https://ordinals.gorillapool.io/api */
  url: string
  timeoutMs?: number
  pacer?: RequestPacer
}

/** What the 1Sat API says of a BSV-21 token (`GET /bsv20/id/{id}`): whether it indexes it, and its indexing fund. */
export interface OneSatToken {
  id: string
  /** The fund has reached the indexer's threshold: the token's outputs and listings are indexed. */
  included: boolean
  fundAddress: string | undefined
  fundTotal: number
  fundUsed: number
  fundBalance: number
}

export interface OneSatHolder { address: string, amount: bigint }

/** Holders asked for per page (the route's own default is 10). */
const HOLDERS_PAGE = 100
/** Outpoints per `POST /spends`. */
export const ONESAT_SPENDS_BATCH = 100
const MAX_PAGES = 10_000

const TXID = /^[0-9a-f]{64}$/

/**
 * The 1Sat ordinals API (GorillaPool's, as its swagger documents it): a token's record and
 * indexing fund, its holders, and where outputs were spent. Used to cross-check the index
 * built from WhatsOnChain, never to discover anything.
 */
export class OneSatApi {
  readonly network: string
  private readonly http: ServiceHttp

  constructor (options: OneSatApiOptions) {
    this.network = options.network
    this.http = new ServiceHttp({ network: options.network, service: '1Sat API', baseUrl: options.url, headers: { accept: 'application/json' }, timeoutMs: options.timeoutMs, pacer: options.pacer })
  }

  /** The token as the API indexes it; undefined when it has never seen it. */
  async token (id: string): Promise<OneSatToken | undefined> {
    const answer = await this.http.get(`/bsv20/id/${encodeURIComponent(id)}`)
    if (answer.status === 404) return undefined
    const t = this.json(answer, `token ${id}`) as Record<string, unknown>
    if (typeof t !== 'object' || t === null) throw this.http.error('malformed', `answered token ${id} with something other than a token: ${excerpt(answer.text, 80)}`)
    const num = (v: unknown): number => typeof v === 'number' && Number.isFinite(v) ? v : 0
    return {
      id,
      included: t.included === true,
      fundAddress: typeof t.fundAddress === 'string' && t.fundAddress !== '' ? t.fundAddress : undefined,
      fundTotal: num(t.fundTotal),
      fundUsed: num(t.fundUsed),
      fundBalance: num(t.fundBalance)
    }
  }

  /** Every holder the API lists for the token (`GET /bsv20/id/{id}/holders`, page by page). */
  async holders (id: string): Promise<OneSatHolder[]> {
    const out: OneSatHolder[] = []
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await this.http.get(`/bsv20/id/${encodeURIComponent(id)}/holders?limit=${HOLDERS_PAGE}&offset=${page * HOLDERS_PAGE}`)
      const body = this.json(answer, `the holders of ${id}`)
      if (!Array.isArray(body)) throw this.http.error('malformed', `answered the holders of ${id} with something other than a list: ${excerpt(answer.text, 80)}`)
      for (const h of body) {
        const e = h as Record<string, unknown>
        const amt = typeof e?.amt === 'number' && Number.isSafeInteger(e.amt) ? String(e.amt) : e?.amt
        if (typeof e !== 'object' || e === null || typeof e.address !== 'string' || typeof amt !== 'string' || !/^[0-9]+$/.test(amt)) {
          throw this.http.error('malformed', `answered the holders of ${id} with an entry that is not { address, amt }: ${excerpt(JSON.stringify(h), 80)}`)
        }
        out.push({ address: e.address, amount: BigInt(amt) })
      }
      if (body.length < HOLDERS_PAGE) return out
    }
    throw this.http.error('failed', `listed more than ${MAX_PAGES} pages of holders of ${id}`)
  }

  /** The txid that spent each outpoint (`POST /spends`), '' when unspent; at most 100 a request. */
  async spends (outpoints: string[]): Promise<string[]> {
    if (outpoints.length === 0) return []
    if (outpoints.length > ONESAT_SPENDS_BATCH) throw new Error(`at most ${ONESAT_SPENDS_BATCH} outpoints per spends request, not ${outpoints.length}`)
    const what = `the spends of ${outpoints.length} outputs`
    const answer = await this.http.post('/spends', JSON.stringify(outpoints), { 'content-type': 'application/json' })
    const body = this.json(answer, what)
    if (!Array.isArray(body) || body.length !== outpoints.length || !body.every(s => typeof s === 'string' && (s === '' || TXID.test(s)))) {
      throw this.http.error('malformed', `answered ${what} with something other than one txid or '' per output: ${excerpt(answer.text, 80)}`)
    }
    return body as string[]
  }

  private json (answer: ServiceAnswer, what: string): unknown {
    if (answer.status !== 200) throw this.http.error('failed', `could not return ${what}: HTTP ${answer.status} ${excerpt(answer.text)}`, answer.status)
    return parseJson(this.http, answer, what)
  }
}
