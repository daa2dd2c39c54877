import { expect } from 'chai'
import { randomBytes } from 'crypto'
import { bsv } from 'scrypt-ts'
import { buildWalletPayment } from '../../contracts/offchain/walletPayment'
import { feeWallet } from '../../scripts/cli/CallSubmission'
import { sendOutputs } from '../../scripts/cli/walletTransaction'
import { Forwarder } from '../../service/handcash/Forwarder'
import { readHandCash, type HandCashConfig } from '../../service/handcash/HandCashConfig'
import { runCli } from '../../scripts/cli/runCli'
import { createPayLink } from '../../service/handcash/PayLinks'
import { HandCashStandIn } from '../../service/handcash/standin/HandCashStandIn'
import { handcashWebhook } from '../../service/handcash/Webhook'
import type { Service } from '../../service/Service'
import { eventually, payCollector, startService, tokenHome, type TokenHome } from './serviceHarness'

const APP_ID = 'divvy-test-app'
const APP_SECRET = randomBytes(16).toString('hex')

describe('divvy serve with HandCash (its SDK against a local stand-in): the handle\'s income forwarded, pay links and their webhooks', function () {
  this.timeout(300_000)
  let t: TokenHome
  let standIn: HandCashStandIn
  let service: Service | undefined
  let config: HandCashConfig
  const post = async (body: unknown): Promise<{ status: number, body: any }> => {
    const res = await fetch(`${service!.url}/handcash/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) })
    return { status: res.status, body: await res.json() }
  }
  const listPayments = async (query: string): Promise<any> => await (await fetch(`${service!.url}/payments?${query}`)).json()
  const payment = async (txid: string): Promise<any> => {
    const res = await fetch(`${service!.url}/payments/${txid}`)
    return res.status === 200 ? await res.json() : undefined
  }

  before(async () => {
    t = await tokenHome('divvy-handcash-')
    // HandCash's wallet pays on chain from a devnet key of its own.
    const { fund } = await import('../../scripts/cli/commands/fund')
    await fund(t.ctx, 'handcash-hot', 100_000_000n, true)
    standIn = await HandCashStandIn.start({
      appId: APP_ID,
      appSecret: APP_SECRET,
      payOnChain: async (address, satoshis, data) => {
        const outputs = [{ script: bsv.Script.buildPublicKeyHashOut(bsv.Address.fromString(address)), satoshis }]
        if (data !== undefined) outputs.push({ script: bsv.Script.buildSafeDataOut([data]), satoshis: 0n })
        const tx = await sendOutputs(t.ctx, 'handcash-hot', outputs)
        await t.ctx.sync()
        return tx.id
      }
    })
    // divvy connect-handcash, as the owner runs it with the token HandCash redirected back with.
    const out: string[] = []
    const io = { out: (l: string) => { out.push(l) }, err: (l: string) => { out.push(l) } }
    const connect = async (authToken: string): Promise<number> => await runCli(['connect-handcash', '--home', t.home, '--app-id', APP_ID, '--app-secret', APP_SECRET, '--auth-token', authToken, '--handcash-url', standIn.url], io)
    expect(await connect(standIn.authorize('servetest', ['PAY']))).to.equal(1)
    expect(out.join('\n')).to.contain('lacks READ_BALANCE')
    const authToken = standIn.authorize('servetest')
    expect(await connect(authToken), out.join('\n')).to.equal(0)
    expect(out[out.length - 1]).to.contain('connected HandCash handle servetest')
    config = readHandCash(t.home)!
    expect(config).to.include({ appId: APP_ID, authToken, handle: 'servetest', token: t.symbol, reserve: '10000' })
    service = await startService(t, {
      rounds: { minPool: 10n ** 12n, intervalMs: 0 },
      sources: [parts => new Forwarder(parts.ctx, parts.store, parts.payments, parts.log, parts.metrics)],
      webhook: handcashWebhook
    })
  })
  after(async () => {
    await service?.stop()
    await standIn?.stop()
    await t?.close()
  })

  it('forwards what the handle receives above the reserve to the collector once, with HandCash\'s payment id', async () => {
    standIn.receive('servetest', 60_000n)
    const forwarded = await eventually('the forward to be recorded', async () => (await listPayments('source=handcash')).payments[0])
    // All above the reserve but a margin for HandCash's own fee (200 satoshis before HandCash has charged one).
    expect(forwarded.amount).to.equal('49800')
    expect(forwarded.handcashPaymentId).to.equal(forwarded.txid)
    // The balance is left at the reserve, less HandCash's fee: nothing more is forwarded however often it is read.
    await new Promise(resolve => setTimeout(resolve, 1000))
    const all = (await listPayments('source=handcash')).payments
    expect(all).to.have.length(1)
    expect(standIn.balanceOf('servetest')).to.equal(60_000n - 49_800n - 50n)
  })

  it('forwards within the spend limit, and says where to raise it', async () => {
    standIn.setSpendLimit('servetest', 5_000n)
    standIn.receive('servetest', 30_000n)
    await eventually('the spend limit to be reported', async () => t.lines.find(l => l.includes('handcash.spend-limit')))
    const line = t.lines.find(l => l.includes('handcash.spend-limit'))!
    expect(line).to.contain('#/settings/spendLimits')
    const limited = await eventually('the limited forward', async () => (await listPayments('source=handcash')).payments.find((p: any) => p.amount === '5000'))
    expect(line).to.contain('spend 5000 of the')
    expect(limited.source).to.equal('handcash')
    standIn.setSpendLimit('servetest', 10n ** 15n)
  })

  it('takes a pay link\'s webhook once (replays, wrong secret, bad bodies), as a hint that labels the coin when it arrives', async () => {
    const link = await createPayLink(config, { token: t.symbol, collector: t.collector.toString(), satoshis: 12_000n, name: 'tip', webhookUrl: `${service!.url}/handcash/webhook` })
    const txid = await standIn.payRequest(link.id)
    await standIn.settled()
    const p = await eventually('the pay link payment', async () => { const x = await payment(txid); return x?.source === 'paylink' ? x : undefined })
    expect(p.paymentRequestId).to.equal(link.id)
    expect(p.amount).to.equal('12000')
    // HandCash retries: a replay is 200 and changes nothing.
    const body = { appSecret: APP_SECRET, paymentRequestId: link.id, transactionId: txid, customParameters: { token: t.symbol }, userData: {} }
    expect((await post(body)).body).to.deep.equal({ ok: true, replay: true })
    // A wrong secret, bad bodies: JSON errors, no record.
    const forged = randomBytes(32).toString('hex')
    const wrong = await post({ ...body, transactionId: forged, appSecret: 'not-the-secret' })
    expect(wrong.status).to.equal(401)
    expect(wrong.body.error.code).to.equal('BAD_SECRET')
    expect((await post({ ...body, transactionId: 'xyz' })).status).to.equal(400)
    expect((await post('{not json')).status).to.equal(400)
    expect((await post({ appSecret: APP_SECRET })).body.error.code).to.equal('BAD_BODY')
    // A webhook for a transaction that never arrives: taken, and never a payment.
    const ghost = randomBytes(32).toString('hex')
    expect((await post({ ...body, transactionId: ghost })).status).to.equal(200)
    await new Promise(resolve => setTimeout(resolve, 500))
    expect(await payment(ghost)).to.equal(undefined)
    expect(await payment(forged)).to.equal(undefined)
  })

  it('labels a payment whose webhook comes before its transaction is seen, and one whose webhook comes after', async () => {
    // Before: the transaction is signed, its webhook delivered, and only then broadcast.
    const tx = buildWalletPayment([{ script: bsv.Script.buildPublicKeyHashOut(t.collector), satoshis: 8_000 }], await feeWallet(t.ctx, 'payer'))
    expect((await post({ appSecret: APP_SECRET, paymentRequestId: 'early', transactionId: tx.id, customParameters: { token: t.symbol } })).status).to.equal(200)
    await t.ctx.provider.sendTransaction(tx)
    await t.ctx.sync()
    const early = await eventually('the early one', async () => await payment(tx.id))
    expect(early.source).to.equal('paylink')
    expect(early.paymentRequestId).to.equal('early')
    // After: seen as a plain payment first, then its webhook labels it.
    const late = await payCollector(t, 9_000n)
    await eventually('the late one as a plain payment', async () => (await payment(late))?.source === 'address')
    expect((await post({ appSecret: APP_SECRET, paymentRequestId: 'late', transactionId: late, customParameters: { token: t.symbol } })).status).to.equal(200)
    const labelled = await payment(late)
    expect(labelled.source).to.equal('paylink')
    expect(labelled.paymentRequestId).to.equal('late')
  })

  it('the stand-in refuses what HandCash refuses: a Payment Request without sendAmount, an unsigned Connect call', async () => {
    const res = await fetch(`${standIn.url}/v3/paymentRequests/`, { method: 'POST', headers: { 'app-id': APP_ID, 'app-secret': APP_SECRET, 'content-type': 'application/json' }, body: JSON.stringify({ product: { name: 'x' }, instrumentCurrencyCode: 'BSV', receivers: [{ destination: t.collector.toString() }] }) })
    expect(res.status).to.equal(400)
    expect(((await res.json()) as any).message).to.contain('sendAmount')
    const unsigned = await fetch(`${standIn.url}/v3/connect/wallet/balances`, { headers: { 'app-id': APP_ID, 'app-secret': APP_SECRET } })
    expect(unsigned.status).to.equal(401)
    const refused = await createPayLink({ ...config, appSecret: 'wrong' }, { token: t.symbol, collector: t.collector.toString(), satoshis: 1n, name: 'x', webhookUrl: 'http://127.0.0.1:1/' }).then(() => 'made', (e: Error) => e.message)
    expect(refused).to.match(/401/)
  })
})
