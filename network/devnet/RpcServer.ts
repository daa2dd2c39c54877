import { createServer, IncomingMessage, Server, ServerResponse } from 'http'
import { AddressInfo } from 'net'
import { RpcCode, RpcFailure } from './RpcFailure'
import { RpcHandler } from './RpcMethods'
import { RpcParams } from './RpcParams'

interface Reply { result: unknown, error: { code: number, message: string } | null, id: unknown }

/**
 * bitcoind's JSON-RPC transport: HTTP POST with basic auth, JSON-RPC 1.0 single and batch
 * requests; errors with HTTP 500 (404 for an unknown method, 401 for bad credentials).
 */
export class RpcServer {
  private readonly server: Server
  private readonly expectedAuth: string
  /** Requests received and not yet answered. */
  openRequests = 0

  constructor (private readonly methods: Map<string, RpcHandler>, user: string, password: string) {
    this.expectedAuth = 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64')
    this.server = createServer((req, res) => {
      this.openRequests++
      res.once('close', () => { this.openRequests-- })
      void this.handle(req, res)
    })
    this.server.keepAliveTimeout = 30_000
  }

  async listen (port: number, host: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(port, host, () => {
        this.server.off('error', reject)
        resolve()
      })
    })
    return (this.server.address() as AddressInfo).port
  }

  async close (): Promise<void> {
    const closed = new Promise<void>(resolve => this.server.close(() => resolve()))
    this.server.closeIdleConnections()
    setTimeout(() => this.server.closeAllConnections(), 1000).unref()
    await closed
  }

  private async handle (req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.headers.authorization !== this.expectedAuth) {
      req.resume()
      res.writeHead(401, { 'www-authenticate': 'Basic realm="jsonrpc"', 'content-type': 'text/html' })
      res.end()
      return
    }
    if (req.method !== 'POST') {
      req.resume()
      res.writeHead(405, { 'content-type': 'text/plain' })
      res.end('JSONRPC server handles only POST requests')
      return
    }
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    let request: unknown
    try {
      request = JSON.parse(Buffer.concat(chunks).toString('utf8'))
    } catch {
      send(res, 500, { result: null, error: { code: RpcCode.PARSE_ERROR, message: 'Parse error' }, id: null })
      return
    }
    if (Array.isArray(request)) {
      // A batch is answered with HTTP 200 and one reply per call, errors included.
      send(res, 200, await Promise.all(request.map(async call => (await this.call(call)).reply)))
      return
    }
    const { status, reply } = await this.call(request)
    send(res, status, reply)
  }

  private async call (request: unknown): Promise<{ status: number, reply: Reply }> {
    const fail = (status: number, code: number, message: string, id: unknown): { status: number, reply: Reply } =>
      ({ status, reply: { result: null, error: { code, message }, id } })
    if (typeof request !== 'object' || request === null) return fail(500, RpcCode.INVALID_REQUEST, 'Invalid Request object', null)
    const { method, params, id } = request as { method?: unknown, params?: unknown, id?: unknown }
    if (typeof method !== 'string') return fail(500, RpcCode.INVALID_REQUEST, 'Method must be a string', id ?? null)
    if (params !== undefined && params !== null && !Array.isArray(params)) return fail(500, RpcCode.INVALID_REQUEST, 'Params must be an array', id ?? null)
    const handler = this.methods.get(method)
    if (handler === undefined) return fail(404, RpcCode.METHOD_NOT_FOUND, 'Method not found', id ?? null)
    try {
      const result = await handler(new RpcParams((params as unknown[] | undefined) ?? [], method))
      return { status: 200, reply: { result: result ?? null, error: null, id: id ?? null } }
    } catch (e) {
      if (e instanceof RpcFailure) return fail(500, e.code, e.message, id ?? null)
      return fail(500, RpcCode.INTERNAL_ERROR, `internal error: ${(e as Error).message}`, id ?? null)
    }
  }
}

function send (res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body) + '\n'
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}
