import http from 'http'
import https from 'https'

export interface HttpAnswer { status: number, text: string }

/** Why a request got no answer: the node could not be reached, or did not answer in time. */
export class TransportError extends Error {
  constructor (readonly reason: 'unreachable' | 'timeout', readonly code?: string) {
    super(reason)
  }
}

/**
 * POSTs over keep-alive connections, several in parallel. (Node's fetch costs milliseconds of
 * CPU per call and queues concurrent calls on one connection: too slow for a node client.)
 */
export class HttpTransport {
  private readonly agent: http.Agent
  private readonly client: typeof http | typeof https

  constructor (private readonly endpoint: URL, maxSockets = 16) {
    const secure = endpoint.protocol === 'https:'
    this.client = secure ? https : http
    this.agent = new (secure ? https.Agent : http.Agent)({ keepAlive: true, maxSockets })
  }

  async post (headers: Record<string, string>, body: string, timeoutMs: number): Promise<HttpAnswer> {
    try {
      return await this.once(headers, body, timeoutMs)
    } catch (e) {
      // The node closed an idle kept-alive connection just as it was reused, before reading
      // the request: the documented case for sending it again on a fresh connection.
      if ((e as { reusedSocket?: boolean }).reusedSocket === true) return await this.once(headers, body, timeoutMs)
      throw e
    }
  }

  private once (headers: Record<string, string>, body: string, timeoutMs: number): Promise<HttpAnswer> {
    return new Promise((resolve, reject) => {
      const req = this.client.request(this.endpoint, {
        method: 'POST',
        agent: this.agent,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }
      })
      const timer = setTimeout(() => req.destroy(new TransportError('timeout')), timeoutMs)
      req.on('response', res => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          clearTimeout(timer)
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') })
        })
        res.on('error', e => req.destroy(e))
      })
      req.on('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer)
        if (e instanceof TransportError) return reject(e)
        const failure = new TransportError('unreachable', e.code)
        const retryable = req.reusedSocket && (e.code === 'ECONNRESET' || e.code === 'EPIPE')
        reject(Object.assign(failure, { reusedSocket: retryable }))
      })
      req.end(body)
    })
  }
}
