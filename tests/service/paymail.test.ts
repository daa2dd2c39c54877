import { expect } from 'chai'
import type { PaymailClient } from '@bsv/paymail'
import { Beef } from '@bsv/sdk'
import { bsv } from 'scrypt-ts'
import { buildWalletPayment } from '../../contracts/offchain/walletPayment'
import { feeWallet } from '../../scripts/cli/CallSubmission'
import type { Service } from '../../service/Service'
import { eventually, startService, tokenHome, type TokenHome } from './serviceHarness'
import { testPaymailClient } from './paymailClient'
import { selfSignedCertificate } from './tlsCertificate'

const DOMAIN = 'divvy.test'

describe('divvy serve\'s paymail over TLS, driven by @bsv/paymail\'s own client', function () {
  this.timeout(300_000)
  let t: TokenHome
  let service: Service | undefined
  let client: PaymailClient
  let ca: string

  before(async () => {
    t = await tokenHome('divvy-paymail-')
    const tls = await selfSignedCertificate(DOMAIN)
    ca = tls.cert
    service = await startService(t, { tls, paymailDomain: DOMAIN, rounds: { minPool: 10n ** 12n, intervalMs: 0 } })
    // The domain's SRV record (_bsvalias._tcp.divvy.test) names the service's port.
    client = testPaymailClient(DOMAIN, Number(new URL(service.url).port), ca)
  })
  after(async () => { await service?.stop(); await t?.close() })

  it('answers capability discovery and PKI with the collector\'s key', async () => {
    const pki = await client.getPki(`${t.symbol.toLowerCase()}@${DOMAIN}`)
    expect(pki.handle).to.equal(`${t.symbol.toLowerCase()}@${DOMAIN}`)
    expect(pki.pubkey).to.equal(t.ctx.key(`collector-${t.symbol}`).publicKey.toString())
  })

  it('gives a P2P destination paying the collector and takes the payment as BEEF: broadcast, recorded as a paymail payment, swept', async () => {
    const paymail = `${t.symbol.toLowerCase()}@${DOMAIN}`
    const destination = await client.getP2pPaymentDestination(paymail, 15_000)
    expect(destination.outputs).to.deep.equal([{ script: bsv.Script.buildPublicKeyHashOut(t.collector).toHex(), satoshis: 15_000 }])
    const tx = buildWalletPayment(destination.outputs.map((o: { script: string, satoshis: number }) => ({ script: bsv.Script.fromHex(o.script), satoshis: o.satoshis })), await feeWallet(t.ctx, 'payer'))
    const beef = new Beef()
    for (const input of tx.inputs) beef.mergeRawTx([...(await t.ctx.provider.getTransaction(input.prevTxId.toString('hex'))).toBuffer()])
    beef.mergeRawTx([...tx.toBuffer()])
    const answer = await client.sendBeefTransactionP2P(paymail, beef.toHex(), destination.reference)
    expect(answer.txid).to.equal(tx.id)
    const p = await eventually('the paymail payment deposited', async () => { const x = await paymentOf(tx.id); return x?.state === 'deposited' ? x : undefined })
    expect(p.source).to.equal('paymail')
    expect(p.reference).to.equal(destination.reference)
    // The same reference cannot be answered by another transaction.
    const other = buildWalletPayment([{ script: bsv.Script.buildPublicKeyHashOut(t.collector), satoshis: 15_000 }], await feeWallet(t.ctx, 'payer'))
    const refused = await client.sendTransactionP2P(paymail, other.toString(), destination.reference).then(() => 'taken', (e: Error) => e.message)
    expect(refused).to.match(/was answered by transaction/)
  })

  it('refuses bad requests with JSON errors, records nothing', async () => {
    const paymail = `${t.symbol.toLowerCase()}@${DOMAIN}`
    const short = await client.getP2pPaymentDestination(paymail, 1_000)
    const underpaid = buildWalletPayment([{ script: bsv.Script.buildPublicKeyHashOut(t.collector), satoshis: 999 }], await feeWallet(t.ctx, 'payer'))
    expect(await client.sendTransactionP2P(paymail, underpaid.toString(), short.reference).then(() => 'taken', (e: Error) => e.message)).to.match(/asked for 1000/)
    expect(await client.sendTransactionP2P(paymail, underpaid.toString(), 'no-such-reference').then(() => 'taken', (e: Error) => e.message)).to.match(/unknown reference/)
    expect(await client.getPki(`nobody@${DOMAIN}`).then(() => 'found', (e: Error) => e.message)).to.match(/no paymail/)
    const raw = await httpsPost(`/api/bsvalias/p2p-payment-destination/${paymail}`, '{"satoshis": "lots"}')
    expect(raw.status).to.equal(400)
    expect(JSON.parse(raw.body).error.code).to.equal('BAD_REQUEST')
    const junk = await httpsPost(`/api/bsvalias/receive-beef-transaction/${paymail}`, '{"beef": "00", "reference": "x"}')
    expect(junk.status).to.equal(400)
    expect(await paymentOf(underpaid.id)).to.equal(undefined)
  })

  async function paymentOf (txid: string): Promise<any> {
    const r = await httpsGet(`/payments/${txid}`)
    return r.status === 200 ? JSON.parse(r.body) : undefined
  }

  async function httpsGet (path: string): Promise<{ status: number, body: string }> {
    return await httpsRequest('GET', path)
  }

  async function httpsPost (path: string, body: string): Promise<{ status: number, body: string }> {
    return await httpsRequest('POST', path, body)
  }

  async function httpsRequest (method: string, path: string, body?: string): Promise<{ status: number, body: string }> {
    const { request } = await import('https')
    return await new Promise((resolve, reject) => {
      const req = request(`${service!.url}${path}`, { method, ca, headers: { 'content-type': 'application/json' } }, res => {
        let text = ''
        res.on('data', c => { text += String(c) })
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
      })
      req.on('error', reject)
      req.end(body)
    })
  }
})
