import { randomBytes } from 'crypto'
import {
  PaymailBadRequestError, PaymailClient, PaymailError, PaymailRouter, P2pPaymentDestinationRoute, PublicKeyInfrastructureRoute,
  ReceiveBeefTransactionRoute, ReceiveTransactionRoute
} from '@bsv/paymail'
import { Beef, Transaction } from '@bsv/sdk'
import type { ErrorRequestHandler, Router } from 'express'
import type { bsv } from 'scrypt-ts'
import type { EventLog } from '../EventLog'
import type { Metrics } from '../Metrics'
import type { Payments } from '../store/Payments'
import { StoreKeys, type ServiceStore } from '../store/ServiceStore'

/** A token as its paymail answers: `<alias>@<domain>`, paying its collector. */
export interface PaymailToken { symbol: string, alias: string, collector: bsv.PrivateKey }

/** What a P2P payment destination handed out: the token and the amount asked for. */
interface Reference { token: string, satoshis: number, at: number, txid?: string }

export interface PaymailOptions {
  /** The public base URL the capabilities are served under (https://host[:port]). */
  baseUrl: string
  domain: string
  tokens: () => PaymailToken[]
  store: ServiceStore
  payments: Payments
  /** Broadcasts a raw transaction unless the network has it already. */
  broadcast: (hex: string, txid: string) => Promise<void>
  log: EventLog
  metrics: Metrics
}

/** 404 and 4xx errors of the paymail routes, as JSON. */
class PaymailNotFound extends PaymailError {
  constructor (message: string) { super(message, 404) }
}

const MAX_SATOSHIS = 21_000_000 * 100_000_000

/**
 * `<symbol>@<domain>` for every token of the home, with @bsv/paymail's express router:
 * capability discovery (`/.well-known/bsvalias`), public-key infrastructure (the collector's
 * key), P2P payment destination (an output to the collector, with a reference) and receive
 * transaction, BEEF or raw hex: the transaction must pay the collector what its reference
 * asked for; the service broadcasts it (and the unconfirmed parents a BEEF carries), and its
 * coins become a payment once they are on chain. Errors are JSON `{ error: { code, message } }`.
 */
export function paymailRouter (o: PaymailOptions): Router {
  const tokenOf = (params: { paymail?: string }): PaymailToken => {
    const paymail = String(params.paymail ?? '').toLowerCase()
    const [alias, domain] = paymail.split('@')
    const token = domain === o.domain.toLowerCase() ? o.tokens().find(t => t.alias === alias) : undefined
    if (token === undefined) throw new PaymailNotFound(`no paymail ${paymail} here`)
    return token
  }
  const collectorScript = (t: PaymailToken): string => Buffer.from(p2pkh(t)).toString('hex')

  const receive = async (params: { paymail?: string }, tx: Transaction, beef: Beef | undefined, referenceId: string, route: string): Promise<{ txid: string, note: string }> => {
    const token = tokenOf(params)
    const ref = await o.store.get<Reference>(StoreKeys.reference(referenceId))
    if (ref === undefined || ref.token !== token.symbol) throw new PaymailBadRequestError(`unknown reference '${referenceId}': ask for a payment destination first`)
    const txid = tx.id('hex')
    if (ref.txid !== undefined && ref.txid !== txid) throw new PaymailBadRequestError(`reference ${referenceId} was answered by transaction ${ref.txid}`)
    const script = collectorScript(token)
    const paid = tx.outputs.filter(out => out.lockingScript.toHex() === script).reduce((s, out) => s + (out.satoshis ?? 0), 0)
    if (paid < ref.satoshis) throw new PaymailBadRequestError(`the transaction pays ${paid} satoshis to ${token.alias}@${o.domain}; the destination asked for ${ref.satoshis}`)
    // The hint first: when the coin is seen it is a paymail payment, even if it is seen before this answers.
    await o.payments.hint({ txid, token: token.symbol, source: 'paymail', reference: referenceId, at: Date.now() })
    try {
      for (const parent of beef?.txs ?? []) {
        const t = parent.tx
        if (t !== undefined && t.id('hex') !== txid) await o.broadcast(t.toHex(), t.id('hex'))
      }
      await o.broadcast(tx.toHex(), txid)
    } catch (e) {
      throw new PaymailBadRequestError(`the network refused the transaction: ${(e as Error).message}`)
    }
    await o.store.put(StoreKeys.reference(referenceId), { ...ref, txid })
    o.metrics.paymailCalls.inc({ route, result: 'accepted' })
    o.log('paymail.received', { token: token.symbol, txid, satoshis: paid, reference: referenceId })
    return { txid, note: `thank you: ${paid} satoshis to the holders of $${token.symbol}` }
  }

  const routes = [
    new PublicKeyInfrastructureRoute({
      domainLogicHandler: async (params: { paymail?: string }) => {
        const token = tokenOf(params)
        o.metrics.paymailCalls.inc({ route: 'pki', result: 'ok' })
        return { bsvalias: '1.0', handle: `${token.alias}@${o.domain}`, pubkey: token.collector.publicKey.toString() }
      }
    }),
    new P2pPaymentDestinationRoute({
      domainLogicHandler: async (params: { paymail?: string }, body: { satoshis: number }) => {
        const token = tokenOf(params)
        const satoshis = body.satoshis
        if (!Number.isSafeInteger(satoshis) || satoshis < 1 || satoshis > MAX_SATOSHIS) throw new PaymailBadRequestError(`satoshis must be a whole number from 1 to ${MAX_SATOSHIS}`)
        const reference = randomBytes(16).toString('hex')
        await o.store.put(StoreKeys.reference(reference), { token: token.symbol, satoshis, at: Date.now() } satisfies Reference)
        o.metrics.paymailCalls.inc({ route: 'p2p-destination', result: 'ok' })
        return { outputs: [{ script: collectorScript(token), satoshis }], reference }
      }
    }),
    new ReceiveBeefTransactionRoute({
      paymailClient: new PaymailClient(),
      domainLogicHandler: async (params: { paymail?: string }, body: { beef: string, reference: string }) => {
        const beef = Beef.fromString(body.beef, 'hex')
        return await receive(params, Transaction.fromHexBEEF(body.beef), beef, body.reference, 'receive-beef')
      }
    }),
    new ReceiveTransactionRoute({
      paymailClient: new PaymailClient(),
      domainLogicHandler: async (params: { paymail?: string }, body: { hex: string, reference: string }) => await receive(params, Transaction.fromHex(body.hex), undefined, body.reference, 'receive-hex')
    })
  ]
  const errorHandler: ErrorRequestHandler = (err, _req, res, _next) => {
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500
    o.metrics.paymailCalls.inc({ route: 'any', result: status < 500 ? 'refused' : 'failed' })
    if (status >= 500) o.log('paymail.error', { why: (err as Error).message })
    res.status(status).json({ error: { code: status === 404 ? 'NOT_FOUND' : status < 500 ? 'BAD_REQUEST' : 'INTERNAL', message: status < 500 ? String(err?.message ?? 'bad request') : 'the paymail service failed to answer; see its log' } })
  }
  return new PaymailRouter({ baseUrl: o.baseUrl, basePath: '/api/bsvalias', routes, errorHandler }).getRouter()
}

function p2pkh (t: PaymailToken): Buffer {
  return Buffer.concat([Buffer.from('76a914', 'hex'), t.collector.toAddress().hashBuffer, Buffer.from('88ac', 'hex')])
}
