import type { Express, NextFunction, Request, Response } from 'express'
import type { Server } from 'http'
import type { Socket } from 'net'

/** The longest URL the API reads (a request line past it is 414, not parsed). */
export const MAX_URL_LENGTH = 8 * 1024
/** Room Node's HTTP parser is given, so that a long URL still arrives to be answered 414 (not a 431 and a reset). */
export const MAX_HEADER_BYTES = 128 * 1024

type ErrorBody = { error: { code: string, message: string } }
const body = (code: string, message: string): ErrorBody => ({ error: { code, message } })

/**
 * Refuses what no route should see: a URL longer than MAX_URL_LENGTH (414), and a query
 * parameter written as an array or object (`x[]=`, `x[a]=`; 400). A parameter given twice
 * is refused by the route's own parameter reading.
 */
export function guardRequest (req: Request, res: Response, next: NextFunction): void {
  if (req.originalUrl.length > MAX_URL_LENGTH) {
    res.status(414).json(body('URI_TOO_LONG', `the URL is ${req.originalUrl.length} characters long; at most ${MAX_URL_LENGTH} are read`))
    return
  }
  const bracketed = Object.keys(req.query as Record<string, unknown>).find(k => /[[\]]/.test(k))
  if (bracketed !== undefined) {
    res.status(400).json(body('BAD_PARAMETER', `'${bracketed}': parameters are given once, as plain values`))
    return
  }
  next()
}

/**
 * The last handler: 405 with `Allow` when the path is a route's but the method is not,
 * else 404. (A path that cannot even be decoded is answered by `errorStatus` as 400.)
 */
export function unmatched (app: Express): (req: Request, res: Response) => void {
  return (req, res) => {
    const allowed = new Set<string>()
    for (const layer of (app as unknown as { router: { stack: RouteLayer[] } }).router.stack) {
      if (layer.route === undefined) continue
      let matched = false
      try { matched = layer.match(req.path) !== false } catch { /* undecodable: not this route */ }
      if (matched) for (const m of Object.keys(layer.route.methods)) allowed.add(m.toUpperCase())
    }
    if (allowed.size > 0) {
      if (allowed.has('GET')) allowed.add('HEAD')
      const list = [...allowed].sort((a, b) => (a === 'GET' ? -1 : b === 'GET' ? 1 : a.localeCompare(b)))
      res.status(405).set('allow', list.join(', ')).json(body('METHOD_NOT_ALLOWED', `${req.method} ${req.path}: this resource answers ${list.join(', ')}`))
      return
    }
    res.status(404).json(body('NOT_FOUND', `no resource ${req.method} ${req.path}`))
  }
}

interface RouteLayer { route?: { methods: Record<string, boolean> }, match: (path: string) => unknown }

/**
 * A 4xx error thrown below the routes (a path that fails to decode, a body that fails to
 * parse) as the API's JSON error, or undefined for anything else.
 */
export function errorStatus (err: unknown): { status: number, body: ErrorBody } | undefined {
  const status = (err as { status?: unknown, statusCode?: unknown } | null)?.status ?? (err as { statusCode?: unknown } | null)?.statusCode
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined
  const code = err instanceof URIError ? 'BAD_ENCODING' : status === 413 ? 'TOO_LARGE' : 'BAD_REQUEST'
  const message = err instanceof URIError ? `${(err as Error).message}: not valid percent-encoding` : (err as Error).message
  return { status, body: body(code, message) }
}

/**
 * Requests Node's parser cannot read (not HTTP, headers past MAX_HEADER_BYTES) are answered
 * with a JSON error and the connection closed after it, instead of dropped without a word.
 */
export function answerClientErrors (server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) { socket.destroy(); return }
    const [status, reason, code, message] = err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'HEADERS_TOO_LARGE', `the request's headers are larger than ${MAX_HEADER_BYTES} bytes`]
      : [400, 'Bad Request', 'BAD_REQUEST', 'the request is not HTTP the API can read']
    const text = JSON.stringify(body(code, message))
    socket.end(`HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`)
  })
}
