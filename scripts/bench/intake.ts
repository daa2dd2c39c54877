// npm run bench:intake — divvy serve under a minute of payments: 1,000 payments from 50 payers
// (paymail P2P with BEEF, HandCash pay links with their webhooks, the handle's HandCash income
// forwarded), then webhook calls as HandCash retries them. Prints the webhook calls accepted
// per second, the latency from a coin seen at the collector to its deposit broadcast (p50,
// p99), the deposits and their bytes, and the check that every satoshi reached a holder or is
// still in the pool.
import { mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'
import { Worker } from 'worker_threads'
import { randomBytes } from 'crypto'
import { PaymailClient } from '@bsv/paymail'
import { Beef } from '@bsv/sdk'
import { bsv } from 'scrypt-ts'
import type { Coin } from '../../contracts/offchain/contractCall'
import { buildWalletPayment } from '../../contracts/offchain/walletPayment'
import { resolveNetwork } from '../../network/networks'
import { compiledModule } from '../../runtime/packageFiles'
import { eventLog } from '../../service/EventLog'
import { Forwarder } from '../../service/handcash/Forwarder'
import { writeHandCash } from '../../service/handcash/HandCashConfig'
import { createPayLink } from '../../service/handcash/PayLinks'
import { HandCashStandIn } from '../../service/handcash/standin/HandCashStandIn'
import { handcashWebhook } from '../../service/handcash/Webhook'
import { Service } from '../../service/Service'
import { collectorKeyName } from '../cli/CollectorKey'
import { fund } from '../cli/commands/fund'
import { issue } from '../cli/commands/issue'
import { send } from '../cli/commands/send'
import { status } from '../cli/commands/status'
import { DivvyContext } from '../cli/DivvyContext'
import { parseOptions, scriptHelp, UsageError, type OptionSpecs } from '../cli/options'
import { sendOutputs } from '../cli/walletTransaction'

const OPTIONS = {
  payments: { kind: 'integer', value: 'n', help: 'payments in the minute (default 1000)' },
  payers: { kind: 'integer', value: 'n', help: 'payers (default 50)' },
  seconds: { kind: 'integer', value: 's', help: 'how long the payments arrive over (default 60)' },
  'webhook-calls': { kind: 'integer', value: 'n', help: 'webhook calls in the retry burst (default 5000)' },
  help: { kind: 'flag', short: 'h', help: 'this text' }
} as const satisfies OptionSpecs

const HELP = scriptHelp('npm run bench:intake --', `Runs divvy serve on a fresh embedded devnet (sweeps every 10 s) while payments arrive from
many payers for a minute, mixed: paymail (P2P destination, BEEF), HandCash pay links (the payer
pays on chain, HandCash's stand-in calls the webhook) and the handle's HandCash income
(forwarded by the service). Then replays the webhooks as HandCash's retries would, and lets a
round pay the holders. Prints webhook calls accepted per second, coin-seen-to-deposit latency
(p50, p99), deposits and their bytes, and whether every satoshi reached a holder or is still
in the pool. Targets: >= 500 webhook calls/s; p99 < 12 s; at most one deposit per 20 payments.`, OPTIONS)

const APP_SECRET = randomBytes(16).toString('hex')
const say = (line: string): void => { console.log(line) }

function quantile (sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]
}

async function main (): Promise<number> {
  const o = parseOptions('bench:intake', process.argv.slice(2), OPTIONS)
  if (o.help === true) { say(HELP); return 0 }
  const total = o.payments ?? 1000
  const payerCount = o.payers ?? 50
  const seconds = o.seconds ?? 60
  const burst = o['webhook-calls'] ?? 5000
  if (total < 3 || payerCount < 1 || seconds < 1) throw new UsageError('bench:intake: --payments (>= 3), --payers and --seconds must be positive')
  const home = mkdtempSync(join(tmpdir(), 'divvy-bench-intake-'))
  const ctx = await DivvyContext.open({ settings: resolveNetwork({}), home, embedded: true })
  let service: Service | undefined
  let standIn: HandCashStandIn | undefined
  try {
    say(`setting up: a token with 20 holders, ${payerCount} payers, HandCash's stand-in`)
    await fund(ctx, 'issuer', 500_000_000n, true)
    const token = await issue(ctx, 'BenchIntake', 'issuer', true, { minDeposit: 10_000n })
    for (let i = 0; i < 20; i++) await send(ctx, token.symbol, 'issuer', ctx.address(`holder${i}`), BigInt(1_000_000 * (i + 1)), true)
    const collector = ctx.key(collectorKeyName(token.symbol)).toAddress()
    const payers: Array<{ key: bsv.PrivateKey, coin: Coin, parent: Buffer }> = []
    const funding = await sendOutputs(ctx, 'issuer', Array.from({ length: payerCount + 1 }, (_, i) => ({ script: bsv.Script.buildPublicKeyHashOut(ctx.key(i < payerCount ? `payer${i}` : 'handcash-hot').toAddress()), satoshis: 5_000_000n })))
    await ctx.settle(true)
    for (let i = 0; i < payerCount; i++) payers.push({ key: ctx.key(`payer${i}`), coin: { txid: funding.id, vout: i, satoshis: 5_000_000, script: funding.outputs[i].script.toHex() }, parent: funding.toBuffer() })
    const feePerKb = await ctx.provider.getFeePerKb()
    // The payers' own broadcasts go to the node directly: they are not the service's to see confirmed.
    const rpc = ctx.rpc!
    let hot: { coin: Coin } = { coin: { txid: funding.id, vout: payerCount, satoshis: 5_000_000, script: funding.outputs[payerCount].script.toHex() } }
    standIn = await HandCashStandIn.start({
      appId: 'bench',
      appSecret: APP_SECRET,
      payOnChain: async (address, satoshis, data) => {
        const outputs = [{ script: bsv.Script.buildPublicKeyHashOut(bsv.Address.fromString(address)), satoshis: Number(satoshis) }]
        if (data !== undefined) outputs.push({ script: bsv.Script.buildSafeDataOut([data]), satoshis: 0 })
        const tx = buildWalletPayment(outputs, { key: ctx.key('handcash-hot'), coins: [hot.coin], feePerKb })
        await rpc.sendRawTransaction(tx.toString())
        const change = tx.outputs.length - 1
        hot = { coin: { txid: tx.id, vout: change, satoshis: tx.outputs[change].satoshis, script: tx.outputs[change].script.toHex() } }
        return tx.id
      }
    })
    writeHandCash(home, { appId: 'bench', appSecret: APP_SECRET, baseUrl: standIn.url, authToken: standIn.authorize('benchintake'), token: token.symbol, reserve: '0', minForward: '1000' })
    service = await Service.start({
      ctx,
      wallet: 'issuer',
      mine: true,
      host: '127.0.0.1',
      port: 0,
      paymailDomain: 'localhost',
      sweep: { intervalMs: 10_000, maxCoins: 1000 },
      rounds: { minPool: 10n ** 15n, intervalMs: 0 },
      tickMs: 500,
      rateLimitPerMinute: 10_000_000,
      log: eventLog(line => { if (/ (error|sweep.refused|sweep.dropped|sweep.waiting)/.test(line)) console.error(line) }),
      sources: [parts => new Forwarder(parts.ctx, parts.store, parts.payments, parts.log, parts.metrics)],
      webhook: handcashWebhook
    })
    const url = service.url
    const port = Number(new URL(url).port)
    const paymail = new PaymailClient(undefined, undefined, port)
    const alias = `${token.symbol.toLowerCase()}@localhost`
    const link = await createPayLink({ appId: 'bench', appSecret: APP_SECRET, baseUrl: standIn.url, reserve: '0' }, { token: token.symbol, collector: collector.toString(), satoshis: 3_000n, name: 'tip', webhookUrl: `${url}/handcash/webhook` })

    // The minute: payment i at i * seconds / total, mixed: paymail, pay link, HandCash income (every 10th).
    const webhookBodies: unknown[] = []
    let paymailCount = 0
    let linkCount = 0
    let handcashReceipts = 0
    let sentSats = 0n
    /** What payers paid the collector directly (paymail, pay links): recorded to the satoshi. */
    let directSats = 0n
    const pay = async (payer: typeof payers[number], outputs: Array<{ script: bsv.Script, satoshis: number }>): Promise<bsv.Transaction> => {
      const tx = buildWalletPayment(outputs, { key: payer.key, coins: [payer.coin], feePerKb })
      const change = tx.outputs.length - 1
      payer.parent = tx.toBuffer()
      payer.coin = { txid: tx.id, vout: change, satoshis: tx.outputs[change].satoshis, script: tx.outputs[change].script.toHex() }
      return tx
    }
    const queues = payers.map(() => Promise.resolve())
    const start = Date.now()
    say(`${total} payments over ${seconds} s: paymail, pay links and HandCash income, mixed`)
    for (let i = 0; i < total; i++) {
      const at = start + (i * seconds * 1000) / total
      const wait = at - Date.now()
      if (wait > 0) await new Promise(resolve => setTimeout(resolve, wait))
      if (i % 10 === 9) {
        const amount = 2_000n + BigInt(i)
        standIn.receive('benchintake', amount)
        handcashReceipts++
        sentSats += amount
        continue
      }
      const p = i % payerCount
      const payer = payers[p]
      // One payer's payments go one after the other (each spends the previous one's change).
      queues[p] = queues[p].then(async () => {
        if (i % 2 === 0) {
          const satoshis = 1_000 + (i % 97) * 10
          const destination = await paymail.getP2pPaymentDestination(alias, satoshis)
          const parent = payer.parent
          const tx = await pay(payer, destination.outputs.map((x: { script: string, satoshis: number }) => ({ script: bsv.Script.fromHex(x.script), satoshis: x.satoshis })))
          const beef = new Beef()
          beef.mergeRawTx([...parent])
          beef.mergeRawTx([...tx.toBuffer()])
          await paymail.sendBeefTransactionP2P(alias, beef.toHex(), destination.reference)
          paymailCount++
          sentSats += BigInt(satoshis)
          directSats += BigInt(satoshis)
        } else {
          const tx = await pay(payer, [{ script: bsv.Script.buildPublicKeyHashOut(collector), satoshis: 3_000 }])
          await rpc.sendRawTransaction(tx.toString())
          const body = { appSecret: APP_SECRET, paymentRequestId: link.id, transactionId: tx.id, customParameters: { token: token.symbol }, userData: {} }
          webhookBodies.push(body)
          const res = await fetch(`${url}/handcash/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
          if (res.status !== 200) throw new Error(`the webhook answered ${res.status}`)
          linkCount++
          sentSats += 3_000n
          directSats += 3_000n
        }
      }).catch(e => { say(`payment ${i} failed: ${(e as Error).message}`) })
    }
    await Promise.all(queues)
    say(`sent in ${((Date.now() - start) / 1000).toFixed(1)} s: ${paymailCount} paymail, ${linkCount} pay links, ${handcashReceipts} HandCash receipts, ${sentSats} satoshis`)

    // HandCash's retries: every webhook again and again, 64 at a time, from a thread of their own.
    const { accepted, ms } = await new Promise<{ accepted: number, ms: number }>((resolve, reject) => {
      const worker = new Worker(compiledModule(join(__dirname, 'intake', 'webhookBurst')), { workerData: { url: `${url}/handcash/webhook`, bodies: webhookBodies.map(b => JSON.stringify(b)), calls: burst, concurrency: 64 } })
      worker.once('message', resolve)
      worker.once('error', reject)
    })
    const perSecond = accepted / (ms / 1000)

    // Wait for everything to be deposited, then for a round to pay it out.
    const until = Date.now() + 180_000
    for (;;) {
      const ps = await service.payments.all()
      const forwarded = standIn.balanceOf('benchintake') < 1000n
      const seen = ps.filter(p => p.source === 'paymail' || p.source === 'paylink').length === paymailCount + linkCount
      if (seen && forwarded && ps.every(p => p.state !== 'received') && (await service.payments.unswept(token.symbol)).length === 0) break
      if (Date.now() > until) throw new Error('payments still wait for a sweep after 3 minutes')
      await new Promise(resolve => setTimeout(resolve, 500))
    }
    const payments = await service.payments.all()
    const sweeps = (await service.payments.sweeps()).filter(s => s.state === 'sent' || s.state === 'mined')
    const latencies = payments.map(p => ((p.depositedAt ?? NaN) - p.seenAt) / 1000).sort((a, b) => a - b)
    await service.stop()
    service = undefined
    say('a round pays the pool to the holders')
    const { distribute } = await import('../cli/commands/distribute')
    const round = await distribute(ctx, token.symbol, 'issuer', {})
    const s = await status(ctx, token.symbol)

    // Every satoshi: what the collectors received was deposited (less the sweeps' fees), and what was deposited was paid out or is in the pool.
    const received = payments.reduce((t, p) => t + BigInt(p.amount), 0n)
    const deposited = sweeps.reduce((t, x) => t + BigInt(x.amount), 0n)
    const fees = sweeps.reduce((t, x) => t + BigInt(x.fee), 0n)
    const paidOut = s.payouts.reduce((t, p) => t + p.satoshis, 0n)
    const balance = s.balance - 1n
    const bytes = sweeps.reduce((t, x) => t + x.hex.length / 2, 0)
    const direct = payments.filter(p => p.source !== 'handcash').reduce((t, p) => t + BigInt(p.amount), 0n)
    const everySatoshi = direct === directSats && received === deposited + fees && deposited === paidOut + balance
    const perDeposit = payments.length / Math.max(1, sweeps.length)
    say('')
    say(`payments recorded          ${payments.length} (${payments.filter(p => p.source === 'paymail').length} paymail, ${payments.filter(p => p.source === 'paylink').length} pay link, ${payments.filter(p => p.source === 'handcash').length} HandCash forwards of ${handcashReceipts} receipts), ${received} satoshis`)
    say(`webhook calls accepted     ${perSecond.toFixed(0)} /s (${accepted} of ${burst} retries, 64 at a time)${perSecond >= 500 ? '' : '  BELOW TARGET 500/s'}`)
    say(`coin seen -> deposit sent  p50 ${quantile(latencies, 0.5).toFixed(2)} s, p99 ${quantile(latencies, 0.99).toFixed(2)} s (sweeps every 10 s)${quantile(latencies, 0.99) < 12 ? '' : '  ABOVE TARGET 12 s'}`)
    say(`deposits                   ${sweeps.length}, ${bytes} bytes (${Math.round(bytes / Math.max(1, sweeps.length))} per deposit), ${fees} satoshis of fees; ${perDeposit.toFixed(1)} payments per deposit${perDeposit >= 20 ? '' : '  BELOW TARGET 20'}`)
    say(`round ${round.round}                    ${round.paid.length} holders paid ${paidOut} satoshis from a pool of ${round.roundPool}; ${balance} stay in the contract`)
    say(`every satoshi              ${everySatoshi ? 'reached a holder or is in the pool' : `MISMATCH: paid directly ${directSats}, recorded ${direct}; received ${received}, deposited ${deposited} + fees ${fees}, paid ${paidOut} + pool ${balance}`}`)
    say('(figures from a 2-core machine shared with other work: timings are noisy)')
    return everySatoshi ? 0 : 1
  } finally {
    await service?.stop()
    await standIn?.stop()
    await ctx.close()
    if (process.env.DIVVY_BENCH_KEEP !== '1') rmSync(home, { recursive: true, force: true })
  }
}

main().then(code => { process.exitCode = code }, e => {
  console.error(`bench:intake: ${(e as Error).message}`)
  process.exitCode = 1
})
