import { createServer, IncomingMessage, Server, ServerResponse } from 'http'
import { AddressInfo } from 'net'
import { RpcCode, RpcFailure } from './RpcFailure'
import { writeJson } from './RpcJson'
import type { RpcMethod } from './RpcMethod'
import { RpcParams } from './RpcParams'

interface Reply { result: unknown, error: { code: number, message: string } | null, id: unknown }

/** How long a request with wrong credentials waits for its 401, as the node makes it wait (deters guessing). */
const WRONG_PASSWORD_DELAY_MS = 250

/**
 * bitcoind's JSON-RPC transport (httprpc.cpp): POST only (405), HTTP basic auth (401 with an
 * empty body), JSON-RPC 1.0 single and batch requests, params as an array or an object of
 * named params; errors with HTTP 500, 400 for an invalid request, 404 for an unknown method,
 * and 200 with one reply per call for a batch.
 */
export class RpcServer {
  private readonly server: Server
  private readonly expectedAuth: string
  /** Requests received and not yet answered. */
  openRequests = 0

  constructor (private readonly methods: Map<string, RpcMethod>, user: string, password: string) {
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
    if (req.method !== 'POST') {
      req.resume()
      res.writeHead(405, { 'content-type': 'text/html' })
      res.end('JSONRPC server handles only POST requests')
      return
    }
    const authorization = req.headers.authorization
    if (authorization !== this.expectedAuth) {
      req.resume()
      if (authorization !== undefined) await new Promise(resolve => setTimeout(resolve, WRONG_PASSWORD_DELAY_MS))
      res.writeHead(401, { 'www-authenticate': 'Basic realm="jsonrpc"', 'content-type': 'text/html' })
      res.end()
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
      const replies: Reply[] = []
      for (const call of request) replies.push((await this.call(call)).reply)
      send(res, 200, replies)
      return
    }
    if (typeof request !== 'object' || request === null) {
      send(res, 500, { result: null, error: { code: RpcCode.PARSE_ERROR, message: 'Top-level object parse error' }, id: null })
      return
    }
    const { status, reply } = await this.call(request)
    send(res, status, reply)
  }

  private async call (request: unknown): Promise<{ status: number, reply: Reply }> {
    const fail = (status: number, code: number, message: string, id: unknown): { status: number, reply: Reply } =>
      ({ status, reply: { result: null, error: { code, message }, id } })
    if (typeof request !== 'object' || request === null || Array.isArray(request)) return fail(400, RpcCode.INVALID_REQUEST, 'Invalid Request object', null)
    const { method, params, id = null } = request as { method?: unknown, params?: unknown, id?: unknown }
    if (method === undefined || method === null) return fail(400, RpcCode.INVALID_REQUEST, 'Missing method', id)
    if (typeof method !== 'string') return fail(400, RpcCode.INVALID_REQUEST, 'Method must be a string', id)
    if (params !== undefined && params !== null && typeof params !== 'object') return fail(400, RpcCode.INVALID_REQUEST, 'Params must be an array or object', id)
    const handler = this.methods.get(method)
    if (handler === undefined) return fail(404, RpcCode.METHOD_NOT_FOUND, 'Method not found', id)
    try {
      const positional = Array.isArray(params) ? params : params == null ? [] : namedToPositional(params as Record<string, unknown>, handler.args)
      // Out of the method's range, the node answers its help text (RPC_MISC_ERROR).
      if (positional.length < handler.min || positional.length > handler.max) throw new RpcFailure(RpcCode.MISC_ERROR, handler.help)
      const result = await handler.run(new RpcParams(positional))
      return { status: 200, reply: { result: result ?? null, error: null, id } }
    } catch (e) {
      if (e instanceof RpcFailure) return fail(e.code === RpcCode.INVALID_REQUEST ? 400 : 500, e.code, e.message, id)
      return fail(500, RpcCode.MISC_ERROR, (e as Error).message, id)
    }
  }
}

/**
 * transformNamedArguments: named params in the method's order, holes between given ones
 * filled with null (none at the end); a name the method does not have is -8.
 */
function namedToPositional (named: Record<string, unknown>, argNames: string[]): unknown[] {
  const left = new Map(Object.entries(named))
  const out: unknown[] = []
  let hole = 0
  for (const pattern of argNames) {
    const name = pattern.split('|').find(n => left.has(n))
    if (name === undefined) { hole++; continue }
    for (; hole > 0; hole--) out.push(null)
    out.push(left.get(name))
    left.delete(name)
  }
  const unknown = left.keys().next()
  if (unknown.done !== true) throw new RpcFailure(RpcCode.INVALID_PARAMETER, `Unknown named parameter ${unknown.value}`)
  return out
}

function send (res: ServerResponse, status: number, body: unknown): void {
  const text = writeJson(body) + '\n'
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}
