import { createHash, timingSafeEqual } from 'crypto'
import type { RequestHandler } from 'express'
import { z } from 'zod'
import type { WebhookFactory } from '../Service'
import { StoreKeys } from '../store/ServiceStore'
import { readHandCash, type HandCashConfig } from './HandCashConfig'

/** The body HandCash POSTs when a Payment Request is paid (its notifications.webhook). */
const WebhookBody = z.object({
  appSecret: z.string().min(1).max(512),
  paymentRequestId: z.string().min(1).max(128),
  transactionId: z.string().regex(/^[0-9a-f]{64}$/, 'a transaction id is 64 lower-case hex characters'),
  customParameters: z.record(z.string(), z.unknown()).optional(),
  userData: z.unknown().optional()
})

interface WebhookRecord { transactionId: string, paymentRequestId: string, token: string, at: number }

/** Compares secrets in constant time (their sha256, so that lengths tell nothing either). */
function sameSecret (given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest()
  const b = createHash('sha256').update(expected).digest()
  return timingSafeEqual(a, b)
}

/**
 * `POST /handcash/webhook`: HandCash's call when a pay link (a Payment Request whose receiver is
 * a collector) is paid. The only proof it is HandCash's is the app secret in the body, compared
 * in constant time. Each transactionId is taken once (HandCash retries for 24 hours until it
 * hears 200, so a replay is answered 200 and changes nothing), the answer comes at once (two
 * LevelDB writes, no network), and the call is only a hint: it labels the payment when its
 * coins reach the collector on chain, and a transaction that never arrives is never a payment.
 * A bad body is a 400, a wrong secret a 401: JSON errors, no record.
 */
export const handcashWebhook: WebhookFactory = ({ home, payments, store, tokens, log, metrics }) => {
  // The app secret is read from the home at most once a second (a reconnect takes effect then), not per call.
  let cached: { at: number, config: HandCashConfig | undefined } = { at: 0, config: undefined }
  const currentConfig = (): HandCashConfig | undefined => {
    if (Date.now() - cached.at > 1000) cached = { at: Date.now(), config: readHandCash(home) }
    return cached.config
  }
  const handler: RequestHandler = async (req, res) => {
    const config = currentConfig()
    const parsed = WebhookBody.safeParse(req.body)
    if (!parsed.success) {
      metrics.webhookCalls.inc({ result: 'bad' })
      const issue = parsed.error.issues[0]
      res.status(400).json({ error: { code: 'BAD_BODY', message: `${issue.path.join('.') || 'body'}: ${issue.message}` } })
      return
    }
    const body = parsed.data
    if (config === undefined || !sameSecret(body.appSecret, config.appSecret)) {
      metrics.webhookCalls.inc({ result: 'refused' })
      log('webhook.refused', { paymentRequestId: body.paymentRequestId, transactionId: body.transactionId, why: 'wrong app secret' })
      res.status(401).json({ error: { code: 'BAD_SECRET', message: 'the app secret does not match' } })
      return
    }
    if (await store.get(StoreKeys.webhook(body.transactionId)) !== undefined) {
      metrics.webhookCalls.inc({ result: 'replay' })
      res.status(200).json({ ok: true, replay: true })
      return
    }
    const named = typeof body.customParameters?.token === 'string' ? body.customParameters.token.toUpperCase() : undefined
    const known = tokens()
    const token = known.find(t => t.token.symbol === named) ?? (named === undefined && known.length === 1 ? known[0] : undefined)
    if (token === undefined) {
      metrics.webhookCalls.inc({ result: 'bad' })
      res.status(422).json({ error: { code: 'UNKNOWN_TOKEN', message: `customParameters.token names no token of this service${named !== undefined ? ` (${named})` : ''}` } })
      return
    }
    await store.put(StoreKeys.webhook(body.transactionId), { transactionId: body.transactionId, paymentRequestId: body.paymentRequestId, token: token.token.symbol, at: Date.now() } satisfies WebhookRecord)
    await payments.hint({ txid: body.transactionId, token: token.token.symbol, source: 'paylink', paymentRequestId: body.paymentRequestId, handcashPaymentId: body.transactionId, at: Date.now() })
    metrics.webhookCalls.inc({ result: 'accepted' })
    log('webhook.accepted', { token: token.token.symbol, paymentRequestId: body.paymentRequestId, transactionId: body.transactionId })
    res.status(200).json({ ok: true })
  }
  return handler
}
