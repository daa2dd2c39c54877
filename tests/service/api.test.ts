import { expect } from 'chai'
import { mkdtempSync, rmSync } from 'fs'
import { createServer, type Server } from 'http'
import type { AddressInfo } from 'net'
import { tmpdir } from 'os'
import { join } from 'path'
import { serviceApi } from '../../service/api/ServiceApi'
import { trustProxySetting } from '../../service/api/trustProxy'
import { eventLog } from '../../service/EventLog'
import { writeHandCash } from '../../service/handcash/HandCashConfig'
import { handcashWebhook } from '../../service/handcash/Webhook'
import { Metrics } from '../../service/Metrics'
import { Payments } from '../../service/store/Payments'
import { ServiceStore } from '../../service/store/ServiceStore'

describe('divvy serve\'s HTTP API: JSON errors, rate limits, the figures', function () {
  let home: string
  let store: ServiceStore
  let server: Server
  let url: string
  const lines: string[] = []

  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'divvy-api-'))
    store = await ServiceStore.open(join(home, 'service'))
    const payments = new Payments(store)
    const metrics = new Metrics()
    writeHandCash(home, { appId: 'a', appSecret: 's3cret', reserve: '0' })
    const log = eventLog(l => { lines.push(l) }, true)
    const app = serviceApi({
      payments,
      metrics,
      status: async () => ({ ok: true }),
      rateLimitPerMinute: 5,
      webhook: handcashWebhook({ ctx: undefined as any, home, payments, store, tokens: () => [], log, metrics })
    })
    server = createServer(app)
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    await payments.coinsSeen('TOK', [{ txid: 'ab'.repeat(32), vout: 1, satoshis: 5000, script: '76a914' + '00'.repeat(20) + '88ac' }])
  })
  after(async () => {
    server.closeAllConnections()
    await new Promise<void>(resolve => server.close(() => resolve()))
    await store.close()
    rmSync(home, { recursive: true, force: true })
  })

  it('answers the payments, and a bad request or an unknown one with a JSON error', async () => {
    const page = await (await fetch(`${url}/payments?token=tok&state=received`)).json() as any
    expect(page.total).to.equal(1)
    expect(page.payments[0]).to.include({ txid: 'ab'.repeat(32), amount: '5000', source: 'address', state: 'received' })
    for (const [path, status, code] of [['/payments?state=lost', 400, 'BAD_PARAMETER'], ['/payments?limit=x', 400, 'BAD_PARAMETER'], ['/payments?token=a&token=b', 400, 'BAD_PARAMETER'], ['/payments/xyz', 400, 'BAD_TXID'], [`/payments/${'cd'.repeat(32)}`, 404, 'UNKNOWN_PAYMENT'], ['/nothing', 404, 'NOT_FOUND']] as const) {
      const res = await fetch(`${url}${path}`)
      expect(res.status, path).to.equal(status)
      expect(((await res.json()) as any).error.code, path).to.equal(code)
    }
    const post = await fetch(`${url}/payments`, { method: 'POST' })
    expect(post.status).to.equal(405)
  })

  it('serves the figures in Prometheus form', async () => {
    const text = await (await fetch(`${url}/metrics`)).text()
    for (const name of ['divvy_payments_seen_total', 'divvy_payment_satoshis', 'divvy_contract_satoshis', 'divvy_round', 'divvy_payouts_total', 'divvy_indexer_lag_blocks', 'divvy_coin_to_deposit_seconds', 'divvy_webhook_calls_total']) expect(text).to.contain(name)
  })

  it('rate-limits the webhook per client with a JSON 429, and logs one JSON line per event', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 7; i++) {
      const res = await fetch(`${url}/handcash/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ appSecret: 'wrong', paymentRequestId: 'r', transactionId: 'ef'.repeat(32) }) })
      statuses.push(res.status)
      if (res.status === 429) expect(((await res.json()) as any).error.code).to.equal('RATE_LIMITED')
    }
    expect(statuses).to.deep.equal([401, 401, 401, 401, 401, 429, 429])
    // No proxy is trusted: a client naming another address in X-Forwarded-For is still itself.
    const spoofed = await fetch(`${url}/handcash/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.9.9.9' }, body: '{}' })
    expect(spoofed.status).to.equal(429)
    const refused = lines.map(l => JSON.parse(l)).filter(e => e.event === 'webhook.refused')
    expect(refused).to.have.length(5)
    expect(refused[0]).to.include({ why: 'wrong app secret' })
  })

  it('behind a trusted proxy, limits each client X-Forwarded-For names on its own; refuses a setting express cannot read', async () => {
    const app = serviceApi({ payments: new Payments(store), metrics: new Metrics(), status: async () => ({}), rateLimitPerMinute: 2, trustProxy: 'loopback', webhook: (_req, res) => { res.status(401).json({}) } })
    const proxied = createServer(app)
    await new Promise<void>(resolve => proxied.listen(0, '127.0.0.1', resolve))
    const at = `http://127.0.0.1:${(proxied.address() as AddressInfo).port}/handcash/webhook`
    const call = async (client: string): Promise<number> => (await fetch(at, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': client }, body: '{}' })).status
    try {
      expect([await call('10.0.0.1'), await call('10.0.0.1'), await call('10.0.0.1'), await call('10.0.0.2')]).to.deep.equal([401, 401, 429, 401])
    } finally {
      proxied.closeAllConnections()
      await new Promise<void>(resolve => proxied.close(() => resolve()))
    }
    expect(trustProxySetting('2')).to.equal(2)
    expect(trustProxySetting(undefined)).to.equal(false)
    expect(() => trustProxySetting('not-an-address')).to.throw(/^'not-an-address' is neither a number of proxy hops nor proxy addresses/)
  })
})
