import { createHash, randomBytes } from 'crypto'
import express, { type NextFunction, type Request, type Response } from 'express'
import { createServer, type Server } from 'http'
import type { AddressInfo } from 'net'
import { BigNumber, ECDSA, PrivateKey, PublicKey, Signature } from '@bsv/sdk'
import { bsvToSatoshis, satoshisToBsv } from '../bsvAmount'

/** Pays `satoshis` to a P2PKH address on the chain the stand-in stands beside, with an optional data output; answers the txid. */
export type ChainPayer = (address: string, satoshis: bigint, data?: Buffer) => Promise<string>

interface Account {
  handle: string
  authToken: string
  publicKey: string
  permissions: string[]
  balance: bigint
  /** What the app may still spend today (the owner's spend limit). */
  limit: bigint
}

interface PaymentRequest {
  id: string
  body: any
  receivers: Array<{ destination: string, sendAmount: number }>
  createdAt: string
}

/** One webhook delivery attempt, as the stand-in made it. */
export interface Delivery { paymentRequestId: string, transactionId: string, status: number | 'error', at: number }

export interface StandInOptions {
  appId: string
  appSecret: string
  /** Makes the on-chain payments HandCash's wallet makes. */
  payOnChain: ChainPayer
  /** Delays between webhook retries (HandCash retries with back-off for 24 hours); default a compressed schedule. */
  retryDelaysMs?: number[]
}

class StandInError extends Error {
  constructor (readonly status: number, message: string) { super(message) }
}

const MAX_SKEW_MS = 5 * 60_000

/**
 * A local stand-in for HandCash's cloud API (v3), answering the routes HandCash's SDK
 * (@handcash/sdk, `src/client/sdk.gen.ts` and `types.gen.ts`) defines, with their shapes:
 * the app's `app-id`/`app-secret` headers on every call, and on the Connect routes the SDK's
 * request signature (`oauth-publickey`, `-signature`, `-timestamp`, `-nonce`: secp256k1 over
 * sha256 of method, path, timestamp, body and nonce), checked as the real service checks
 * it. It refuses what the real service refuses: a Payment Request without `sendAmount`, a pay
 * above the spend limit or the balance, an unsigned or stale request, a route without the
 * permission. Payments are real transactions on the devnet (`payOnChain`), and a paid
 * Payment Request's webhook carries the documented body `{ appSecret, paymentRequestId,
 * transactionId, customParameters, userData }`, retried with back-off until it hears 200.
 */
export class HandCashStandIn {
  url = ''
  readonly deliveries: Delivery[] = []
  private readonly accounts = new Map<string, Account>()
  private readonly payments = new Map<string, unknown>()
  private readonly requests = new Map<string, PaymentRequest>()
  private readonly nonces = new Set<string>()
  private readonly pendingDeliveries = new Set<Promise<void>>()
  private server: Server | undefined
  private stopped = false

  private constructor (private readonly o: StandInOptions) {}

  static async start (o: StandInOptions): Promise<HandCashStandIn> {
    const s = new HandCashStandIn(o)
    const server = createServer(s.app())
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    s.server = server
    s.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    return s
  }

  /** The owner authorizes the app (what the redirect back with ?authToken= gives): answers the auth token. */
  authorize (handle: string, permissions: string[] = ['PAY', 'READ_BALANCE', 'USER_PUBLIC_PROFILE'], limit = 10n ** 15n): string {
    const key = PrivateKey.fromRandom()
    const authToken = key.toHex().padStart(64, '0')
    const publicKey = key.toPublicKey().toString()
    // Authorizing again replaces the handle's earlier authorization (its balance stays the wallet's).
    const earlier = [...this.accounts.values()].find(a => a.handle === handle)
    if (earlier !== undefined) this.accounts.delete(earlier.publicKey)
    this.accounts.set(publicKey, { handle, authToken, publicKey, permissions, balance: earlier?.balance ?? 0n, limit })
    return authToken
  }

  /** Someone pays the handle (a HandCash-internal credit: no event tells any app). */
  receive (handle: string, satoshis: bigint): void { this.account(handle).balance += satoshis }

  balanceOf (handle: string): bigint { return this.account(handle).balance }

  /** The owner's spend limit for the app: what it may still spend. */
  setSpendLimit (handle: string, satoshis: bigint): void { this.account(handle).limit = satoshis }

  /**
   * A HandCash user pays a Payment Request: its receivers paid on chain, then HandCash calls
   * its webhook (retrying until 200). `webhookFirst` calls it before the transaction is
   * broadcast, `withoutTransaction` calls it for a transaction that never reaches the chain.
   */
  async payRequest (id: string, options: { webhookFirst?: boolean, withoutTransaction?: boolean, secret?: string } = {}): Promise<string> {
    const r = this.requests.get(id)
    if (r === undefined) throw new Error(`no payment request ${id}`)
    let transactionId: string
    const broadcast = async (): Promise<string> => {
      let txid = ''
      for (const rc of r.receivers) txid = await this.o.payOnChain(rc.destination, bsvToSatoshis(rc.sendAmount))
      return txid
    }
    if (options.withoutTransaction === true) transactionId = randomBytes(32).toString('hex')
    else if (options.webhookFirst === true) {
      transactionId = ''
      const txid = await broadcast()
      transactionId = txid
      // The webhook first: delivered, then the transaction is seen later (made already; the caller mines it).
    } else transactionId = await broadcast()
    const body = { appSecret: options.secret ?? this.o.appSecret, paymentRequestId: id, transactionId, customParameters: r.body.notifications?.webhook?.customParameters ?? {}, userData: {} }
    const delivery = this.deliver(r.body.notifications?.webhook?.webhookUrl, body)
    this.pendingDeliveries.add(delivery)
    void delivery.finally(() => this.pendingDeliveries.delete(delivery))
    return transactionId
  }

  /** Calls a webhook again as HandCash's retry would (a replay of an already answered call). */
  async replay (url: string, body: unknown): Promise<number> {
    return await post(url, body)
  }

  /** Waits for the webhook deliveries under way. */
  async settled (): Promise<void> {
    await Promise.all([...this.pendingDeliveries])
  }

  async stop (): Promise<void> {
    this.stopped = true
    const server = this.server
    this.server = undefined
    if (server !== undefined) await new Promise<void>(resolve => { server.close(() => resolve()); server.closeAllConnections() })
  }

  private async deliver (url: string | undefined, body: { paymentRequestId: string, transactionId: string }): Promise<void> {
    if (url === undefined) return
    const delays = this.o.retryDelaysMs ?? [50, 100, 200, 400, 800, 1600, 3200]
    for (let attempt = 0; !this.stopped; attempt++) {
      let status: number | 'error'
      try { status = await post(url, body) } catch { status = 'error' }
      this.deliveries.push({ paymentRequestId: body.paymentRequestId, transactionId: body.transactionId, status, at: Date.now() })
      if (status === 200 || attempt >= delays.length) return
      await new Promise(resolve => setTimeout(resolve, delays[attempt]))
    }
  }

  private account (handle: string): Account {
    const a = [...this.accounts.values()].find(x => x.handle === handle)
    if (a === undefined) throw new Error(`no account ${handle} authorized the app`)
    return a
  }

  private app (): express.Express {
    const app = express()
    app.use(express.text({ type: () => true, limit: '1mb' }))
    const appAuth = (req: Request): void => {
      if (req.get('app-id') !== this.o.appId || req.get('app-secret') !== this.o.appSecret) throw new StandInError(401, 'Invalid app credentials')
    }
    const userAuth = (req: Request, permission?: string): Account => {
      appAuth(req)
      const publicKey = req.get('oauth-publickey') ?? ''
      const signature = req.get('oauth-signature') ?? ''
      const timestamp = req.get('oauth-timestamp') ?? ''
      const nonce = req.get('oauth-nonce') ?? ''
      const account = this.accounts.get(publicKey)
      if (account === undefined) throw new StandInError(401, 'Invalid authentication token')
      const when = Date.parse(timestamp)
      if (!Number.isFinite(when) || Math.abs(Date.now() - when) > MAX_SKEW_MS) throw new StandInError(401, 'Request timestamp is not valid')
      if (this.nonces.has(`${publicKey}:${nonce}`)) throw new StandInError(401, 'Request nonce was already used')
      const body = typeof req.body === 'string' ? req.body : ''
      const payload = `${req.method}\n${req.path}\n${timestamp}\n${body}\n${nonce}`
      const digest = createHash('sha256').update(payload).digest('hex')
      let ok = false
      try { ok = ECDSA.verify(new BigNumber(digest, 16), Signature.fromDER(signature, 'hex'), PublicKey.fromString(publicKey)) } catch { ok = false }
      if (!ok) throw new StandInError(401, 'Invalid request signature')
      this.nonces.add(`${publicKey}:${nonce}`)
      if (permission !== undefined && !account.permissions.includes(permission)) throw new StandInError(403, `The app has no ${permission} permission`)
      return account
    }
    const json = (req: Request): any => {
      try { return JSON.parse(typeof req.body === 'string' && req.body !== '' ? req.body : '{}') } catch { throw new StandInError(400, 'Invalid JSON body') }
    }

    app.get('/v3/connect/profile/currentUserProfile', (req, res) => {
      const a = userAuth(req)
      res.json({ publicProfile: { id: a.publicKey.slice(0, 24), handle: a.handle, paymail: `${a.handle}@handcash.io`, displayName: a.handle, avatarUrl: '', localCurrencyCode: 'USD', createdAt: new Date(0).toISOString() }, privateProfile: {} })
    })
    app.get('/v3/connect/profile/permissions', (req, res) => {
      const a = userAuth(req)
      res.json({ items: a.permissions, appId: this.o.appId })
    })
    app.get('/v3/connect/wallet/balances', (req, res) => {
      const a = userAuth(req, 'READ_BALANCE')
      res.json({ items: [{ currency: { code: 'BSV', logoUrl: '', symbol: 'BSV' }, units: satoshisToBsv(a.balance) }] })
    })
    app.get('/v3/connect/wallet/spendableBalances', (req, res) => {
      const a = userAuth(req, 'READ_BALANCE')
      res.json({ items: [{ spendableBalance: satoshisToBsv(a.balance < a.limit ? a.balance : a.limit), currencyCode: 'BSV' }] })
    })
    app.post('/v3/connect/wallet/pay', async (req, res) => {
      const a = userAuth(req, 'PAY')
      const body = json(req)
      if (body.instrumentCurrencyCode !== 'BSV' && body.instrumentCurrencyCode !== 'MNEE') throw new StandInError(400, '"instrumentCurrencyCode" is required')
      if (!Array.isArray(body.receivers) || body.receivers.length === 0) throw new StandInError(400, '"receivers" must contain at least 1 item')
      if (body.denominationCurrencyCode !== undefined && body.denominationCurrencyCode !== 'BSV') throw new StandInError(400, 'the stand-in pays in BSV only')
      let total = 0n
      for (const [i, r] of body.receivers.entries()) {
        if (typeof r?.sendAmount !== 'number' || !(r.sendAmount > 0)) throw new StandInError(400, `"receivers[${i as number}].sendAmount" is required`)
        if (typeof r.destination !== 'string' || r.destination === '') throw new StandInError(400, `"receivers[${i as number}].destination" is required`)
        total += bsvToSatoshis(r.sendAmount)
      }
      if (total > a.limit) throw new StandInError(403, 'Spend limit exceeded')
      const fee = 50n
      if (total + fee > a.balance) throw new StandInError(400, 'Insufficient balance')
      const data = body.attachment !== undefined ? Buffer.from(typeof body.attachment.value === 'string' ? body.attachment.value : JSON.stringify(body.attachment.value)) : undefined
      let txid = ''
      for (const r of body.receivers) txid = await this.o.payOnChain(r.destination, bsvToSatoshis(r.sendAmount), data)
      a.balance -= total + fee
      a.limit -= total
      const record = { transactionId: txid, type: 'send', time: Math.floor(Date.now() / 1000), note: body.note ?? '', currency: { code: 'BSV', logoUrl: '', symbol: 'BSV' }, units: satoshisToBsv(total), satoshiFees: Number(fee), participants: body.receivers.map((r: any) => ({ id: r.destination, type: 'address', alias: r.destination, displayName: r.destination, profilePictureUrl: '', responseNote: '' })), attachments: body.attachment !== undefined ? [body.attachment] : [] }
      this.payments.set(txid, record)
      res.json(record)
    })
    app.get('/v3/connect/wallet/payment', (req, res) => {
      userAuth(req)
      const p = this.payments.get(String(req.query.transactionId ?? ''))
      if (p === undefined) throw new StandInError(404, 'Payment not found')
      res.json(p)
    })
    app.post('/v3/paymentRequests/', (req, res) => {
      appAuth(req)
      const body = json(req)
      if (typeof body.product?.name !== 'string') throw new StandInError(400, '"product.name" is required')
      if (body.instrumentCurrencyCode !== 'BSV' && body.instrumentCurrencyCode !== 'MNEE') throw new StandInError(400, '"instrumentCurrencyCode" is required')
      if (!Array.isArray(body.receivers) || body.receivers.length === 0) throw new StandInError(400, '"receivers" must contain at least 1 item')
      for (const [i, r] of body.receivers.entries()) {
        if (typeof r?.sendAmount !== 'number' || !(r.sendAmount > 0)) throw new StandInError(400, `"receivers[${i as number}].sendAmount" is required`)
        if (typeof r.destination !== 'string' || r.destination === '') throw new StandInError(400, `"receivers[${i as number}].destination" is required`)
      }
      if (body.notifications?.webhook !== undefined && typeof body.notifications.webhook.webhookUrl !== 'string') throw new StandInError(400, '"notifications.webhook.webhookUrl" is required')
      const id = randomBytes(12).toString('hex')
      const r: PaymentRequest = { id, body, receivers: body.receivers, createdAt: new Date().toISOString() }
      this.requests.set(id, r)
      res.json(this.view(r))
    })
    app.get('/v3/paymentRequests/:id', (req, res) => {
      appAuth(req)
      const r = this.requests.get(req.params.id)
      if (r === undefined) throw new StandInError(404, 'Payment request not found')
      res.json(this.view(r))
    })
    app.use((_req, res) => { res.status(404).json({ message: 'Not found' }) })
    app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
      const status = err instanceof StandInError ? err.status : 500
      res.status(status).json({ message: err instanceof Error ? err.message : 'error', info: {} })
    })
    return app
  }

  private view (r: PaymentRequest): unknown {
    const total = r.receivers.reduce((s, x) => s + x.sendAmount, 0)
    return {
      id: r.id,
      paymentRequestUrl: `${this.url}/pay/${r.id}`,
      paymentRequestQrCodeUrl: `${this.url}/pay/${r.id}/qr`,
      isEnabled: true,
      product: r.body.product,
      currencyCode: r.body.instrumentCurrencyCode,
      receivers: r.receivers,
      paymentAmount: { currencyCode: r.body.instrumentCurrencyCode, amount: total, denominatedIn: r.body.instrumentCurrencyCode },
      notifications: r.body.notifications,
      expiresAt: new Date(Date.now() + 365 * 86_400_000).toISOString(),
      createdAt: r.createdAt,
      enabledAt: r.createdAt
    }
  }
}

async function post (url: string, body: unknown): Promise<number> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  await res.text()
  return res.status
}
