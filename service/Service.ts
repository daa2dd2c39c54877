import { createServer as createHttp, type IncomingMessage, type Server, type ServerResponse } from 'http'
import { createServer as createHttps } from 'https'
import type { AddressInfo } from 'net'
import type { bsv } from 'scrypt-ts'
import { answerClientErrors, MAX_HEADER_BYTES } from '../indexer/api/HttpGuards'
import { DivvyProvider } from '../network/provider/DivvyProvider'
import { collectorKeyName } from '../scripts/cli/CollectorKey'
import type { DivvyContext } from '../scripts/cli/DivvyContext'
import { versionOf, type TokenRecord } from '../scripts/cli/TokenRegistry'
import { oneLineError } from '../scripts/cli/oneLineError'
import { serviceApi } from './api/ServiceApi'
import type { EventLog } from './EventLog'
import { CoinWatcher } from './intake/CoinWatcher'
import { Sweeper, type SweepPolicy } from './intake/Sweeper'
import { Metrics } from './Metrics'
import { paymailRouter } from './paymail/PaymailService'
import { RoundKeeper, type RoundPolicy } from './rounds/RoundKeeper'
import { announceUrl, openHomeStore } from './store/HomeLock'
import { Payments } from './store/Payments'
import type { ServiceStore } from './store/ServiceStore'

/** A token the service collects for: its record and its collector key. */
export interface CollectedToken { token: TokenRecord, collector: bsv.PrivateKey }

/** Something that brings money to collectors once per loop (the HandCash forwarder). */
export interface IntakeSource {
  name: string
  tick: (tokens: readonly CollectedToken[]) => Promise<void>
}

/** What a source or the webhook is given once the service's records are open. */
export interface ServiceParts { ctx: DivvyContext, home: string, payments: Payments, store: ServiceStore, tokens: () => CollectedToken[], log: EventLog, metrics: Metrics }

/** Makes a source of payments from the service's parts. */
export type SourceFactory = (parts: ServiceParts) => IntakeSource

/** A handler of `POST /handcash/webhook`, given the service's records once they are open. */
export type WebhookFactory = (parts: ServiceParts) => import('express').RequestHandler

export interface ServiceOptions {
  ctx: DivvyContext
  /** The key that pays the fees of rounds and batches (an operator's, usually). */
  wallet: string
  /** devnet/regtest: mine a block after each broadcast. */
  mine: boolean
  host: string
  port: number
  /** PEM certificate and key: serve HTTPS (paymail needs it on a real domain). */
  tls?: { cert: string | Buffer, key: string | Buffer }
  /** The URL the world reaches this service at (behind a proxy); default its own. */
  publicUrl?: string
  /** The paymail domain (`<symbol>@<domain>`); none: no paymail routes. */
  paymailDomain?: string
  sweep: SweepPolicy
  rounds: RoundPolicy
  /** How often the loop runs (ms). */
  tickMs: number
  rateLimitPerMinute: number
  /** The proxies whose X-Forwarded-For names the client (see the API's trustProxySetting). */
  trustProxy?: string
  log: EventLog
  sources?: SourceFactory[]
  webhook?: WebhookFactory
  /** Told while another process holds the home's service. */
  waiting?: (line: string) => void
}

/**
 * `divvy serve`: one process for every token of a home. Each loop it brings the index up to
 * the chain, records the coins that reached each collector, forwards HandCash income, sweeps
 * coins into the contracts and starts and pays rounds by the policy; its HTTP API serves the
 * payment records, the figures, the paymail routes and the HandCash webhook. Everything it
 * does is recorded in its LevelDB before it is done on chain, so `stop()` (SIGINT/SIGTERM)
 * and a kill at any moment alike leave nothing lost or done twice.
 */
export class Service {
  url = ''
  private server: Server | undefined
  private timer: NodeJS.Timeout | undefined
  private running: Promise<void> | undefined
  private stopping = false
  private tokens: CollectedToken[] = []
  private sources: IntakeSource[] = []
  private relayProvider: DivvyProvider | undefined
  /** The last error of each part of the loop, said once until it changes. */
  private readonly errors = new Map<string, string>()

  private constructor (private readonly o: ServiceOptions, readonly metrics: Metrics, readonly store: ServiceStore, readonly payments: Payments, private readonly keeper: RoundKeeper, private readonly sweeper: Sweeper, private readonly watcher: CoinWatcher) {}

  static async start (o: ServiceOptions): Promise<Service> {
    const store = await openHomeStore(o.ctx.home, o.waiting ?? (line => { o.log('service.waiting', { why: line }) }))
    const payments = new Payments(store)
    const metrics = new Metrics()
    const keeper = new RoundKeeper(o.ctx, payments, o.log, metrics, o.rounds, o.wallet, o.mine)
    const sweeper = new Sweeper(o.ctx, payments, o.log, metrics, o.sweep, o.mine)
    const watcher = new CoinWatcher(o.ctx, payments, o.log, metrics)
    const service = new Service(o, metrics, store, payments, keeper, sweeper, watcher)
    try {
      service.tokens = service.collectedTokens()
      service.sources = (o.sources ?? []).map(make => make(service.parts()))
      await service.listen()
      announceUrl(o.ctx.home, service.url)
      o.log('service.started', { url: service.url, network: o.ctx.settings.name, tokens: service.tokens.map(t => `$${t.token.symbol} ${t.collector.toAddress().toString()}`).join(', '), indexer: o.ctx.settings.indexerUrl })
      service.schedule(0)
    } catch (e) {
      await service.stop()
      throw e
    }
    return service
  }

  /** The tokens of the home it collects for, their collector keys made when missing. */
  private collectedTokens (): CollectedToken[] {
    const ctx = this.o.ctx
    const out: CollectedToken[] = []
    for (const token of ctx.tokens.all()) {
      if (token.issueTx !== undefined) continue
      if (versionOf(token) !== 2) { this.o.log('token.skipped', { token: token.symbol, why: 'a version 1 contract: pay it with divvy pay' }); continue }
      if (token.handle === '') { this.o.log('token.skipped', { token: token.symbol, why: 'adopted from the chain: its collector lives in its issuer\'s home' }); continue }
      const name = collectorKeyName(token.symbol)
      const made = !ctx.keys.names().includes(name)
      const collector = ctx.key(name)
      if (made) this.o.log('collector.created', { token: token.symbol, address: collector.toAddress().toString(), key: name })
      out.push({ token, collector })
    }
    return out
  }

  /**
   * Broadcasts a payer's transaction (a paymail receive) through a provider of its own: the
   * service's provider keeps what the service sends until it sees it confirmed, and a payer's
   * transaction the network leaves unmined is the payer's matter, not a failure of the service.
   */
  private async relay (hex: string): Promise<void> {
    this.relayProvider ??= await DivvyProvider.forNetwork(this.o.ctx.settings, {}).connect()
    await this.relayProvider.sendRawTransaction(hex)
  }

  private parts (): ServiceParts {
    return { ctx: this.o.ctx, home: this.o.ctx.home, payments: this.payments, store: this.store, tokens: () => this.tokens, log: this.o.log, metrics: this.metrics }
  }

  private async listen (): Promise<void> {
    const o = this.o
    const scheme = o.tls !== undefined ? 'https' : 'http'
    // The app is made once the port is known: the paymail capabilities name the service's URL.
    const made: { app?: (req: IncomingMessage, res: ServerResponse) => void } = {}
    const handler = (req: IncomingMessage, res: ServerResponse): void => { if (made.app !== undefined) made.app(req, res); else { res.statusCode = 503; res.end() } }
    const server = o.tls !== undefined ? createHttps({ cert: o.tls.cert, key: o.tls.key, maxHeaderSize: MAX_HEADER_BYTES }, handler) : createHttp({ maxHeaderSize: MAX_HEADER_BYTES }, handler)
    answerClientErrors(server)
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(o.port, o.host, () => { server.off('error', reject); resolve() })
    })
    this.server = server
    const { port } = server.address() as AddressInfo
    this.url = `${scheme}://${o.host}:${port}`
    made.app = serviceApi({
      payments: this.payments,
      metrics: this.metrics,
      status: async () => await this.status(),
      rateLimitPerMinute: o.rateLimitPerMinute,
      trustProxy: o.trustProxy,
      webhook: o.webhook?.(this.parts()),
      paymail: o.paymailDomain === undefined
        ? undefined
        : paymailRouter({
          baseUrl: o.publicUrl ?? this.url,
          domain: o.paymailDomain,
          tokens: () => this.tokens.map(t => ({ symbol: t.token.symbol, alias: t.token.symbol.toLowerCase(), collector: t.collector })),
          store: this.store,
          payments: this.payments,
          broadcast: async (hex, txid) => { if ((await o.ctx.provider.txStatus(txid)).state === 'unknown') await this.relay(hex) },
          log: o.log,
          metrics: this.metrics
        })
    })
  }

  private schedule (ms: number): void {
    if (this.stopping) return
    this.timer = setTimeout(() => {
      this.running = this.loop().finally(() => { this.running = undefined; this.schedule(this.o.tickMs) })
    }, ms)
  }

  /** One pass over every token: index, coins, sources, sweeps, rounds, figures. */
  async loop (): Promise<void> {
    const ctx = this.o.ctx
    try {
      await ctx.sync()
    } catch (e) {
      this.fail('sync', e)
      return
    }
    for (const source of this.sources) {
      if (this.stopping) return
      try {
        await source.tick(this.tokens)
        this.errors.delete(source.name)
      } catch (e) { this.fail(source.name, e) }
    }
    for (const t of this.tokens) {
      if (this.stopping) return
      const token = ctx.tokens.all().find(x => x.tokenId === t.token.tokenId) ?? t.token
      try {
        await this.watcher.scan(token.symbol, t.collector.toAddress())
        await this.sweeper.resolve(token)
        await this.sweeper.sweep(token, t.collector)
        if (this.stopping) return
        await this.keeper.tick(token)
        this.errors.delete(token.symbol)
      } catch (e) { this.fail(token.symbol, e) }
    }
    await this.refreshFigures()
  }

  private fail (where: string, e: unknown): void {
    const why = oneLineError(e)
    if (process.env.DIVVY_DEBUG === '1') console.error(e)
    if (this.errors.get(where) === why) return
    this.errors.set(where, why)
    this.o.log('error', { where, why })
  }

  private async refreshFigures (): Promise<void> {
    for (const [token, t] of await this.payments.totals()) {
      for (const state of ['received', 'deposited', 'pooled'] as const) {
        this.metrics.satoshis.set({ token, state }, Number(t[state].satoshis))
        this.metrics.payments.set({ token, state }, t[state].count)
      }
    }
    try {
      const lag = this.o.ctx.rpc !== undefined ? (await this.o.ctx.rpc.getBlockCount()) - (await this.o.ctx.indexedHeight()) : 0
      this.metrics.indexerLag.set(lag)
    } catch { /* the next loop tries again */ }
  }

  async status (): Promise<unknown> {
    return {
      network: this.o.ctx.settings.name,
      indexer: this.o.ctx.settings.indexerUrl ?? null,
      tokens: this.tokens.map(t => ({
        symbol: t.token.symbol,
        tokenId: t.token.tokenId,
        collector: t.collector.toAddress().toString(),
        ...(this.o.paymailDomain !== undefined ? { paymail: `${t.token.symbol.toLowerCase()}@${this.o.paymailDomain}` } : {}),
        ...this.keeper.status.get(t.token.symbol)
      }))
    }
  }

  /** Stops taking requests, lets the loop finish its step, and closes the store. */
  async stop (): Promise<void> {
    this.stopping = true
    if (this.timer !== undefined) clearTimeout(this.timer)
    const server = this.server
    this.server = undefined
    if (server !== undefined) {
      await new Promise<void>(resolve => { server.close(() => resolve()); server.closeAllConnections() })
    }
    await this.running?.catch(() => {})
    await this.store.close()
    this.o.log('service.stopped', {})
  }
}
