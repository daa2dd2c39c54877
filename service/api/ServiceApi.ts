import express, { type NextFunction, type Request, type Response } from 'express'
import { rateLimit } from 'express-rate-limit'
import { errorStatus, guardRequest, unmatched } from '../../indexer/api/HttpGuards'
import type { Metrics } from '../Metrics'
import type { PaymentRecord } from '../store/PaymentRecord'
import type { Payments } from '../store/Payments'
import type { PaymentSchema } from './paymentView'
import type { z } from 'zod'
import { trustProxySetting } from './trustProxy'

export interface ApiParts {
  payments: Payments
  metrics: Metrics
  status: () => Promise<unknown>
  /** Mounted at /: the paymail routes. */
  paymail?: express.Router
  /** POST /handcash/webhook. */
  webhook?: express.RequestHandler
  /** Requests per minute per client on the webhook and paymail routes. */
  rateLimitPerMinute: number
  /** The proxies whose X-Forwarded-For names the client (hops or addresses); none: no header is believed. */
  trustProxy?: string
}

class ApiError extends Error {
  constructor (readonly status: number, readonly code: string, message: string) { super(message) }
}

const STATES = ['received', 'deposited', 'pooled']
const SOURCES = ['handcash', 'paylink', 'paymail', 'address']

function wire (p: PaymentRecord): z.input<typeof PaymentSchema> {
  const { seenAt, depositedAt, ...rest } = p
  return { ...rest, seenAt: new Date(seenAt).toISOString(), ...(depositedAt !== undefined ? { depositedAt: new Date(depositedAt).toISOString() } : {}) }
}

function one (q: unknown, name: string): string | undefined {
  if (q === undefined) return undefined
  if (typeof q !== 'string') throw new ApiError(400, 'BAD_PARAMETER', `'${name}' is given once, as a plain value`)
  return q
}

function count (q: unknown, name: string, fallback: number, max: number): number {
  const s = one(q, name)
  if (s === undefined) return fallback
  if (!/^[0-9]{1,9}$/.test(s)) throw new ApiError(400, 'BAD_PARAMETER', `'${name}' must be a whole number`)
  return Math.min(Number(s), max)
}

/** A limiter answering 429 as the API's JSON error. */
function limiter (perMinute: number): express.RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    // An X-Forwarded-For from a proxy not trusted is ignored on purpose (see trustProxy.ts), not a set-up mistake to warn of.
    validate: { xForwardedForHeader: false },
    handler: (_req, res) => { res.status(429).json({ error: { code: 'RATE_LIMITED', message: `more than ${perMinute} requests a minute: slow down` } }) }
  })
}

/**
 * The service's HTTP API: `GET /status`, `GET /payments` (filters token, state, source; paged
 * offset/limit), `GET /payments/:txid`, `GET /metrics` (Prometheus), the paymail routes and
 * the HandCash webhook (both rate-limited per client). Every error is JSON
 * `{ error: { code, message } }`; a bad body is a 4xx, never a crash or a record.
 */
export function serviceApi (parts: ApiParts): express.Express {
  const app = express()
  app.set('trust proxy', trustProxySetting(parts.trustProxy))
  app.use(guardRequest)
  const limit = limiter(parts.rateLimitPerMinute)

  app.get('/status', async (_req, res) => { res.json(await parts.status()) })

  app.get('/payments', async (req, res) => {
    const q = req.query as Record<string, unknown>
    const token = one(q.token, 'token')?.replace(/^\$/, '').toUpperCase()
    const state = one(q.state, 'state')
    const source = one(q.source, 'source')
    if (state !== undefined && !STATES.includes(state)) throw new ApiError(400, 'BAD_PARAMETER', `'state' is one of ${STATES.join(', ')}`)
    if (source !== undefined && !SOURCES.includes(source)) throw new ApiError(400, 'BAD_PARAMETER', `'source' is one of ${SOURCES.join(', ')}`)
    const offset = count(q.offset, 'offset', 0, 1e9)
    const limitN = Math.max(1, count(q.limit, 'limit', 100, 1000))
    const all = (await parts.payments.all())
      .filter(p => (token === undefined || p.token === token) && (state === undefined || p.state === state) && (source === undefined || p.source === source))
      .sort((a, b) => a.seenAt - b.seenAt || (a.txid < b.txid ? -1 : 1))
    res.json({ total: all.length, offset, limit: limitN, payments: all.slice(offset, offset + limitN).map(wire) })
  })

  app.get('/payments/:txid', async (req, res) => {
    const txid = req.params.txid
    if (!/^[0-9a-f]{64}$/.test(txid)) throw new ApiError(400, 'BAD_TXID', 'a txid is 64 lower-case hex characters')
    const p = await parts.payments.payment(txid)
    if (p === undefined) throw new ApiError(404, 'UNKNOWN_PAYMENT', `no payment ${txid} has reached a collector of this service`)
    res.json(wire(p))
  })

  app.get('/metrics', async (_req, res) => {
    res.type(parts.metrics.registry.contentType).send(await parts.metrics.text())
  })

  if (parts.webhook !== undefined) {
    app.post('/handcash/webhook', limit, express.json({ limit: '32kb', type: () => true }), parts.webhook)
  }
  if (parts.paymail !== undefined) {
    app.use('/.well-known/bsvalias', limit)
    app.use('/api/bsvalias', limit)
    app.use(parts.paymail)
  }

  app.use(unmatched(app))
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof ApiError) { res.status(err.status).json({ error: { code: err.code, message: err.message } }); return }
    const known = errorStatus(err)
    if (known !== undefined) { res.status(known.status).json(known.body); return }
    console.error('divvy serve:', err)
    res.status(500).json({ error: { code: 'INTERNAL', message: 'the service failed to answer; see its log' } })
  })
  return app
}
