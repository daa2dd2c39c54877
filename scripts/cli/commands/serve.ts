import { readFileSync } from 'fs'
import { defineCommand } from '../Command'
import { UsageError } from '../options'
import { trustProxySetting } from '../../../service/api/trustProxy'

export const DEFAULT_SERVE_PORT = 18340

function readPem (file: string | undefined, what: string): Buffer | undefined {
  if (file === undefined) return undefined
  try { return readFileSync(file) } catch (e) { throw new UsageError(`serve: cannot read the ${what} ${file}: ${(e as Error).message}`) }
}

export const serveCommand = defineCommand({
  name: 'serve',
  description: `Runs the payment service for every token of the home until stopped (Ctrl-C, SIGTERM):
payments reach each token's collector key (its paymail <symbol>@<domain>, HandCash pay links,
the handle's own HandCash income forwarded after 'divvy connect-handcash', plain payments to
the collector's address); the service records each one, sweeps them into the dividend
contract (many coins per deposit, the fee from the swept value) and starts and pays rounds
by its policy: a round starts when the pool reaches --min-pool and --round-interval has
passed since the last, and only when every batch pays its holders more than its fee; a round
that needs other operators' approvals waits, saying for what. Killed at any moment, it loses
and repeats nothing when started again. A second serve on the same home waits for the first.

HTTP API: GET /status, GET /payments (?token=&state=&source=&offset=&limit=), GET
/payments/:txid, GET /metrics (Prometheus), the paymail routes (/.well-known/bsvalias) and
POST /handcash/webhook. Paymail needs HTTPS on its domain: give --tls-cert and --tls-key, or
run behind a TLS proxy and give --public-url https://<domain>.`,
  options: {
    port: { kind: 'integer', value: 'n', help: `port to listen on (default ${DEFAULT_SERVE_PORT}; 0 picks a free one)` },
    host: { kind: 'string', value: 'addr', help: 'address to listen on (default 127.0.0.1)' },
    'tls-cert': { kind: 'string', value: 'file', help: 'PEM certificate: serve HTTPS' },
    'tls-key': { kind: 'string', value: 'file', help: 'PEM private key of the certificate' },
    'public-url': { kind: 'string', value: 'url', help: 'the URL the world reaches the service at (behind a proxy); default its own' },
    'trust-proxy': { kind: 'string', value: 'proxies', help: 'behind a proxy: its hop count or addresses (e.g. loopback), whose X-Forwarded-For names the client for rate limits (default: none believed)' },
    'paymail-domain': { kind: 'string', value: 'domain', help: 'serve <symbol>@<domain> paymails for the tokens' },
    'min-pool': { kind: 'amount', value: 'sats', help: 'a round starts when the pool holds at least this much (default 100000)' },
    'round-interval': { kind: 'integer', value: 's', help: 'seconds between the starts of two rounds (default 3600)' },
    'sweep-interval': { kind: 'integer', value: 's', help: 'sweep a collector\'s coins once the oldest has waited this long (default 10)' },
    'sweep-max-coins': { kind: 'integer', value: 'n', help: 'sweep at once when this many coins wait (default 500)' },
    tick: { kind: 'integer', value: 'ms', help: 'how often the service looks at the chain (default 1000)' },
    'rate-limit': { kind: 'integer', value: 'n', help: 'requests a minute per client on the webhook and paymail routes (default 600)' },
    json: { kind: 'flag', help: 'log one JSON object per line' }
  },
  check: options => {
    if ((options['tls-cert'] === undefined) !== (options['tls-key'] === undefined)) throw new UsageError('serve: --tls-cert and --tls-key go together')
    if (options['sweep-max-coins'] === 0) throw new UsageError('serve: --sweep-max-coins must be at least 1')
    if (options.tick === 0) throw new UsageError('serve: --tick must be at least 1 ms')
    if (options['rate-limit'] === 0) throw new UsageError('serve: --rate-limit must be at least 1')
    if (options['public-url'] !== undefined && !/^https?:\/\/[^/]+/.test(options['public-url'])) throw new UsageError('serve: --public-url must be an http(s) URL')
    try { trustProxySetting(options['trust-proxy']) } catch (e) { throw new UsageError(`serve: --trust-proxy ${(e as Error).message}`) }
  },
  // Before any network or index opens (they are the running service's while it lives): wait for the home's service to be free.
  offline: async (_options, common, out) => {
    const { waitForHome } = await import('../../../service/store/HomeLock')
    await waitForHome(common.home, out)
    return false
  },
  run: async (ctx, options, common, out) => {
    const { runService } = await import('../../../service/runService')
    const cert = readPem(options['tls-cert'], 'certificate')
    const key = readPem(options['tls-key'], 'key')
    await runService(ctx, {
      wallet: common.wallet,
      mine: common.mine,
      host: options.host ?? '127.0.0.1',
      port: options.port ?? DEFAULT_SERVE_PORT,
      tls: cert !== undefined && key !== undefined ? { cert, key } : undefined,
      publicUrl: options['public-url'],
      paymailDomain: options['paymail-domain'],
      sweep: { intervalMs: (options['sweep-interval'] ?? 10) * 1000, maxCoins: options['sweep-max-coins'] ?? 500 },
      rounds: { minPool: options['min-pool'] ?? 100_000n, intervalMs: (options['round-interval'] ?? 3600) * 1000 },
      tickMs: options.tick ?? 1000,
      rateLimitPerMinute: options['rate-limit'] ?? 600,
      trustProxy: options['trust-proxy'],
      json: options.json === true
    }, out)
  }
})
