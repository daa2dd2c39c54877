import { randomBytes } from 'crypto'
import { bsv } from 'scrypt-ts'
import { crashPoint } from '../../scripts/cli/crashPoints'
import type { DivvyContext } from '../../scripts/cli/DivvyContext'
import type { EventLog } from '../EventLog'
import type { Metrics } from '../Metrics'
import type { CollectedToken, IntakeSource } from '../Service'
import type { Payments } from '../store/Payments'
import { StoreKeys, type ServiceStore } from '../store/ServiceStore'
import { bsvToSatoshis, satoshisToBsv } from './bsvAmount'
import { readHandCash, spendLimitUrl, type HandCashConfig } from './HandCashConfig'
import { handcashInstance, handcashSdk, sdkError, type SdkResult } from './HandCashSdk'

/** paying: recorded before HandCash is asked; paid: HandCash's payment id known; refused: HandCash said no. */
export interface ForwardRecord { id: string, token: string, satoshis: string, state: 'paying' | 'paid' | 'refused', at: number, paymentId?: string, why?: string }

/** The tag a forward's attachment carries, so its coin is known as HandCash income even when the service died before it heard HandCash's answer. */
export const FORWARD_TAG = 'divvy.forward'

/** How long a forward recorded without HandCash's answer is looked for among the collector's coins. */
const FORWARD_OPEN_MS = 24 * 3600_000

/**
 * The handle's own income (HandCash has no "this handle was paid" event, and its receivers are
 * never scripts): with the owner's HandCash Connect authorization, through HandCash's SDK,
 * each loop reads the wallet's balance (READ_BALANCE) and pays what exceeds the owner's
 * reserve, within the spendable balance HandCash allows (the owner's spend limit), to the
 * token's collector (PAY). The balance is the source of truth, so a forward is never made
 * twice: what was paid has left the balance, whatever the service remembers. Each forward is
 * recorded before HandCash is asked, and HandCash's payment id (the transaction id) when it
 * answers; the payment carries an attachment naming the forward, so that its coin is labelled
 * a HandCash payment even after a kill between the two. A spend limit in the way is reported
 * once, with HandCash's page to raise it.
 */
export class Forwarder implements IntakeSource {
  readonly name = 'handcash-forwarder'
  private limitSaid: string | undefined
  /**
   * Left in the wallet for HandCash's own fee, which it takes from the balance on top of the
   * amount paid: twice the last fee it charged, at least 200 satoshis; doubled when HandCash
   * finds the balance short.
   */
  private feeMargin = 200n
  /** Plain payments already looked at for a forward's attachment: each transaction is read once. */
  private readonly looked = new Set<string>()

  constructor (
    private readonly ctx: DivvyContext,
    private readonly store: ServiceStore,
    private readonly payments: Payments,
    private readonly log: EventLog,
    private readonly metrics: Metrics
  ) {}

  async tick (tokens: readonly CollectedToken[]): Promise<void> {
    const config = readHandCash(this.ctx.home)
    if (config?.authToken === undefined) return
    const target = tokens.find(t => t.token.symbol === config.token) ?? (tokens.length === 1 ? tokens[0] : undefined)
    if (target === undefined) return
    await this.label(target)
    const sdk = await handcashSdk()
    const client = (await handcashInstance(config)).getAccountClient(config.authToken) as any
    const balances = await sdk.Connect.getBalances({ client }) as SdkResult<{ items?: Array<{ currency?: { code: string }, units: number }> }>
    if (balances.data === undefined) throw new Error(`reading the HandCash balance: ${sdkError(balances)}`)
    const spendable = await sdk.Connect.getSpendableBalances({ client }) as SdkResult<{ items?: Array<{ currencyCode: string, spendableBalance: number }> }>
    if (spendable.data === undefined) throw new Error(`reading the HandCash spendable balance: ${sdkError(spendable)}`)
    const balance = bsvToSatoshis(balances.data.items?.find(i => i.currency?.code === 'BSV')?.units ?? 0)
    const allowed = bsvToSatoshis(spendable.data.items?.find(i => i.currencyCode === 'BSV')?.spendableBalance ?? 0)
    const above = balance - BigInt(config.reserve) - this.feeMargin
    const min = BigInt(config.minForward ?? '1000')
    if (above < min) return
    const amount = above < allowed ? above : allowed
    if (amount < above) this.limit(config, target.token.symbol, above, allowed)
    if (amount < min) return
    await this.forward(config, target, amount, client, sdk)
  }

  private async forward (config: HandCashConfig, target: CollectedToken, amount: bigint, client: unknown, sdk: Awaited<ReturnType<typeof handcashSdk>>): Promise<void> {
    const symbol = target.token.symbol
    const id = randomBytes(12).toString('hex')
    const record: ForwardRecord = { id, token: symbol, satoshis: amount.toString(), state: 'paying', at: Date.now() }
    await this.store.put(StoreKeys.forward(id), record)
    crashPoint('serve:forward-recorded')
    const answer = await sdk.Connect.pay({
      client: client as any,
      body: {
        instrumentCurrencyCode: 'BSV',
        note: `to the holders of $${symbol}`,
        attachment: { format: 'json', value: { p: FORWARD_TAG, id, token: symbol } as any },
        receivers: [{ destination: target.collector.toAddress().toString(), sendAmount: satoshisToBsv(amount) }]
      }
    }) as SdkResult<{ transactionId: string }>
    if (answer.data === undefined) {
      const why = sdkError(answer)
      await this.store.put(StoreKeys.forward(id), { ...record, state: 'refused', why } satisfies ForwardRecord)
      if (/limit/i.test(why)) { this.limit(config, symbol, amount, 0n, why); return }
      if (/insufficient/i.test(why) && this.feeMargin < 100_000n) { this.feeMargin *= 2n; return }
      this.metrics.forwards.inc({ result: 'failed' })
      throw new Error(`forwarding ${amount} satoshis from HandCash: ${why}`)
    }
    const paymentId = answer.data.transactionId
    const fee = BigInt((answer.data as { satoshiFees?: number }).satoshiFees ?? 0)
    this.feeMargin = fee * 2n > 200n ? fee * 2n : 200n
    crashPoint('serve:forward-paid')
    await this.store.put(StoreKeys.forward(id), { ...record, state: 'paid', paymentId } satisfies ForwardRecord)
    await this.payments.hint({ txid: paymentId, token: symbol, source: 'handcash', handcashPaymentId: paymentId, at: Date.now() })
    this.metrics.forwards.inc({ result: 'paid' })
    this.limitSaid = undefined
    this.log('handcash.forwarded', { token: symbol, satoshis: amount, handcashPaymentId: paymentId, to: target.collector.toAddress().toString() })
  }

  private limit (config: HandCashConfig, symbol: string, wanted: bigint, allowed: bigint, said?: string): void {
    const line = `HandCash lets this app spend ${allowed} of the ${wanted} satoshis to forward to $${symbol}${said !== undefined ? ` (${said})` : ''}: raise the spend limit at ${spendLimitUrl(config)}`
    this.metrics.forwards.inc({ result: 'spend-limit' })
    if (this.limitSaid === line) return
    this.limitSaid = line
    this.log('handcash.spend-limit', { token: symbol, wanted, allowed, raise: spendLimitUrl(config), why: line })
  }

  /**
   * Forwards recorded before HandCash's answer was heard (a kill in between): the coin whose
   * transaction carries the forward's attachment is its payment. Labelled, and recorded paid.
   */
  private async label (target: CollectedToken, now = Date.now()): Promise<void> {
    const open = (await this.store.list<ForwardRecord>(StoreKeys.forwardPrefix)).filter(f => f.state === 'paying' && f.token === target.token.symbol)
    if (open.length === 0) return
    const since = Math.min(...open.map(f => f.at)) - 60_000
    for (const p of await this.payments.all()) {
      if (p.token !== target.token.symbol || p.source !== 'address' || p.seenAt < since || this.looked.has(p.txid)) continue
      this.looked.add(p.txid)
      const tx = await this.ctx.provider.getTransaction(p.txid)
      const id = forwardIdOf(tx)
      const f = open.find(x => x.id === id)
      if (f === undefined) continue
      f.state = 'paid'
      await this.store.put(StoreKeys.forward(f.id), { ...f, paymentId: p.txid } satisfies ForwardRecord)
      await this.payments.hint({ txid: p.txid, token: f.token, source: 'handcash', handcashPaymentId: p.txid, at: Date.now() })
      this.log('handcash.forward-found', { token: f.token, handcashPaymentId: p.txid, forward: f.id })
    }
    // A forward killed before HandCash was asked was never paid (the balance kept it, and a later forward took it): after a day, closed.
    for (const f of open) {
      if (f.state !== 'paying' || now - f.at < FORWARD_OPEN_MS) continue
      await this.store.put(StoreKeys.forward(f.id), { ...f, state: 'refused', why: 'no payment carrying it reached the collector within a day' } satisfies ForwardRecord)
    }
  }
}

/** The forward id an attachment (`OP_FALSE OP_RETURN <json>`) of the transaction names, if any. */
export function forwardIdOf (tx: bsv.Transaction): string | undefined {
  for (const out of tx.outputs) {
    const chunks = out.script.chunks
    if (chunks.length < 3 || chunks[1].opcodenum !== bsv.Opcode.OP_RETURN) continue
    for (const c of chunks.slice(2)) {
      try {
        const v = JSON.parse((c.buf ?? Buffer.alloc(0)).toString('utf8')) as { p?: string, id?: string }
        if (v.p === FORWARD_TAG && typeof v.id === 'string') return v.id
      } catch { /* not JSON */ }
    }
  }
  return undefined
}
