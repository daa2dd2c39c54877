import type { RequestPacer } from './RequestPacer'
import { routeOf } from './RequestPacer'
import { ServiceError } from './ServiceError'

export interface ServiceHttpOptions {
  /** Network name used in messages: "testnet", "mainnet", "devnet"... */
  network: string
  /** Service name used in messages: "ARC", "WhatsOnChain", "indexer". */
  service: string
  /** Base URL without a trailing slash; request paths are appended to it. */
  baseUrl: string
  /** Headers sent with every request (authorization...). */
  headers?: Record<string, string>
  timeoutMs?: number
  /**
   * Keeps requests within the service's rate limit and retries 429 answers after waiting
   * (Retry-After, else exponential back-off). Without one, nothing is ever retried.
   */
  pacer?: RequestPacer
}

/** An HTTP answer the caller interprets: the status and the body as text. */
export interface ServiceAnswer {
  status: number
  text: string
  /** Retry-After of a 429, in seconds, when the service sent one. */
  retryAfterSeconds?: number
  /** The body's bytes, when they were asked for (`getBytes`). */
  bytes?: Buffer
}

/**
 * A small fetch wrapper shared by the remote-service adapters. It turns transport
 * failures (refused connection, timeout) and refused credentials into one-line
 * ServiceErrors, and hands every other answer back for the adapter to interpret.
 * It never retries on its own: only a pacer, when given, waits out 429 answers.
 */
export class ServiceHttp {
  readonly network: string
  readonly service: string
  readonly baseUrl: string
  private readonly headers: Record<string, string>
  private readonly timeoutMs: number
  private readonly pacer: RequestPacer | undefined

  constructor (options: ServiceHttpOptions) {
    let parsed: URL
    try {
      parsed = new URL(options.baseUrl)
    } catch {
      throw new ServiceError(options.network, options.service, 'failed', `URL '${options.baseUrl}' is not a valid URL`)
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new ServiceError(options.network, options.service, 'failed', `URL '${options.baseUrl}' must start with http:// or https://`)
    }
    this.network = options.network
    this.service = options.service
    this.baseUrl = options.baseUrl.replace(/\/+$/, '')
    this.headers = options.headers ?? {}
    this.timeoutMs = options.timeoutMs ?? 30000
    this.pacer = options.pacer
  }

  /** An error of this service, for adapters to throw. */
  error (kind: ServiceError['kind'], detail: string, status?: number): ServiceError {
    return new ServiceError(this.network, this.service, kind, detail, status)
  }

  async get (path: string, headers: Record<string, string> = {}): Promise<ServiceAnswer> {
    return await this.request('GET', path, undefined, headers)
  }

  /** A GET whose body is binary: the answer carries its bytes (and its text only when it is not a 200). */
  async getBytes (path: string, headers: Record<string, string> = {}): Promise<ServiceAnswer> {
    return await this.request('GET', path, undefined, headers, true)
  }

  async post (path: string, body: string, headers: Record<string, string> = {}): Promise<ServiceAnswer> {
    return await this.request('POST', path, body, headers)
  }

  private async request (method: string, path: string, body: string | undefined, headers: Record<string, string>, binary = false): Promise<ServiceAnswer> {
    if (this.pacer === undefined) return await this.once(method, path, body, headers, binary)
    return await this.pacer.run(routeOf(method, path), async () => await this.once(method, path, body, headers, binary))
  }

  private async once (method: string, path: string, body: string | undefined, headers: Record<string, string>, binary: boolean): Promise<ServiceAnswer> {
    const url = this.baseUrl + path
    let response: Response
    let text: string
    let bytes: Buffer | undefined
    try {
      // The timeout covers the whole answer, body included: a server that sends
      // headers and then stalls is as unusable as one that never answers.
      const signal = AbortSignal.timeout(this.timeoutMs)
      response = await fetch(url, { method, headers: { ...this.headers, ...headers }, body, signal })
      if (binary) {
        bytes = Buffer.from(await response.arrayBuffer())
        text = response.status === 200 ? '' : bytes.toString('utf8')
      } else text = await response.text()
    } catch (e) {
      const name = (e as Error).name
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw this.error('timeout', `at ${this.baseUrl} did not answer within ${this.timeoutMs} ms`)
      }
      const cause = (e as { cause?: { code?: string, message?: string } }).cause
      const reason = cause?.code ?? cause?.message ?? (e as Error).message
      throw this.error('unreachable', `at ${this.baseUrl} is unreachable (${reason})`)
    }
    if (response.status === 401 || response.status === 403) {
      const said = excerpt(text)
      throw this.error('credentials', `at ${this.baseUrl} refused the API key (HTTP ${response.status}${said !== '' ? `: ${said}` : ''})`, response.status)
    }
    const retryAfter = response.status === 429 ? Number(response.headers.get('retry-after') ?? NaN) : NaN
    return { status: response.status, text, ...(bytes !== undefined ? { bytes } : {}), ...(Number.isFinite(retryAfter) && retryAfter >= 0 ? { retryAfterSeconds: retryAfter } : {}) }
  }
}

/** The first line of a body, shortened for a one-line message. */
export function excerpt (text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > max ? flat.slice(0, max) + '…' : flat
}

/** Parses JSON or throws a 'malformed' error naming what was expected. */
export function parseJson (http: ServiceHttp, answer: ServiceAnswer, what: string): unknown {
  try {
    return JSON.parse(answer.text)
  } catch {
    throw http.error('malformed', `answered ${what} with HTTP ${answer.status} and a body that is not JSON: ${excerpt(answer.text, 80)}`, answer.status)
  }
}
