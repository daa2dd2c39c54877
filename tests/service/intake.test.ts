import { expect } from 'chai'
import { readFileSync, writeFileSync } from 'fs'
import { collectorKeyName } from '../../scripts/cli/CollectorKey'
import { status } from '../../scripts/cli/commands/status'
import { holders } from '../../scripts/cli/commands/holders'
import { PaymentPageSchema } from '../../service/api/paymentView'
import type { Service } from '../../service/Service'
import { eventually, payCollector, startService, tokenHome, type TokenHome } from './serviceHarness'

describe('divvy serve: plain payments to the collector, sweeps and an automatic round', function () {
  this.timeout(300_000)
  let t: TokenHome
  let service: Service | undefined
  before(async () => { t = await tokenHome('divvy-serve-') })
  after(async () => { await service?.stop(); await t?.close() })

  let dust: string
  it('makes the collector key of a token issued before collectors on the first serve; leaves a coin too small for a deposit there until others join it', async () => {
    const keys = JSON.parse(readFileSync(t.ctx.keys.file, 'utf8'))
    delete keys.keys[collectorKeyName(t.symbol)]
    writeFileSync(t.ctx.keys.file, JSON.stringify(keys), { mode: 0o600 })
    service = await startService(t, { rounds: { minPool: 10n ** 12n, intervalMs: 0 } })
    const made = t.ctx.key(collectorKeyName(t.symbol)).toAddress()
    expect(made.toString()).to.not.equal(t.collector.toString())
    const created = t.lines.filter(l => l.includes('collector.created'))
    expect(created).to.have.length(1)
    expect(created[0]).to.contain(`address=${made.toString()}`)
    t.collector = made
    dust = await payCollector(t, 3_000n)
    const get = async (path: string): Promise<any> => await (await fetch(`${service!.url}${path}`)).json()
    await eventually('the small payment recorded', async () => (await get(`/payments/${dust}`)).state === 'received')
    // Many loops later (a loop every 100 ms, sweeps due at once) it still waits: 3,000 is below the contract's minimum deposit of 5,000.
    await new Promise(resolve => setTimeout(resolve, 1500))
    expect((await get(`/payments/${dust}`)).state).to.equal('received')
    expect(t.lines.filter(l => l.includes('sweep.sent'))).to.have.length(0)
    await service.stop()
    service = undefined
  })

  it('records each payment once, sweeps many coins per deposit, starts a round by the policy and pays every holder floor(pool * amount / supply)', async () => {
    const paid = [await payCollector(t, 9_000n), await payCollector(t, 7_000n), await payCollector(t, 6_500n)]
    service = await startService(t, { rounds: { minPool: 20_000n, intervalMs: 0 } })
    const get = async (path: string): Promise<any> => await (await fetch(`${service!.url}${path}`)).json()
    const page = await eventually('the round to pay every payment', async () => {
      const p = PaymentPageSchema.parse(await get('/payments'))
      return p.payments.length === 4 && p.payments.every(x => x.state === 'pooled' && (x.payouts ?? []).length > 0) ? p : undefined
    })
    expect(page.payments.map(p => p.txid).sort()).to.deep.equal([dust, ...paid].sort())
    expect(page.payments.every(p => p.source === 'address' && p.round === 1)).to.equal(true)
    // One deposit swept all four coins (the small one with them), its fee taken from them.
    const deposits = new Set(page.payments.map(p => p.deposit))
    expect(deposits.size).to.equal(1)

    await service.stop()
    service = undefined
    const s = await status(t.ctx, t.symbol)
    const r = s.rounds.find(x => x.round === 1n)!
    const supply = BigInt(s.token.supply)
    const held = await holders(t.ctx, t.symbol, r.height)
    const paidRound = s.payouts.filter(p => p.round === 1n)
    for (const h of held.holders) {
      const expected = r.pool * h.amount / supply
      const got = paidRound.filter(p => p.pkh === h.pkh)
      if (expected === 0n) expect(got).to.have.length(0)
      else expect(got.map(p => p.satoshis)).to.deep.equal([expected])
    }
    // The pool is what the four payments brought less the sweep's fee (the contract keeps 1 satoshi).
    const total = 3_000n + 9_000n + 7_000n + 6_500n
    expect(r.pool < total && r.pool > total - 1_000n).to.equal(true)
    expect(new Set(paidRound.map(p => p.txid))).to.deep.equal(new Set(page.payments[0].payouts))
  })
})
