import { mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'
import { bsv } from 'scrypt-ts'
import { resolveNetwork } from '../../network/networks'
import { collectorKeyName } from '../../scripts/cli/CollectorKey'
import { fund } from '../../scripts/cli/commands/fund'
import { issue } from '../../scripts/cli/commands/issue'
import { send } from '../../scripts/cli/commands/send'
import { DivvyContext } from '../../scripts/cli/DivvyContext'
import { sendOutputs } from '../../scripts/cli/walletTransaction'
import { eventLog } from '../../service/EventLog'
import { Service, type ServiceOptions } from '../../service/Service'

/** A temp home on an embedded devnet with one token issued and held by a few holders. */
export interface TokenHome {
  home: string
  ctx: DivvyContext
  symbol: string
  collector: bsv.Address
  lines: string[]
  close: () => Promise<void>
}

export async function tokenHome (prefix: string, holders: ReadonlyArray<[string, bigint]> = [['alice', 300_000_000n], ['bob', 200_000_000n], ['carol', 250_000n]]): Promise<TokenHome> {
  const home = mkdtempSync(join(tmpdir(), prefix))
  const ctx = await DivvyContext.open({ settings: resolveNetwork({}), home, embedded: true })
  for (const w of ['issuer', 'payer', ...holders.map(h => h[0])]) await fund(ctx, w, 200_000_000n, true)
  const token = await issue(ctx, 'ServeTest', 'issuer', true, { minDeposit: 5_000n })
  // issue made the token's collector key (ctx.key below would make a missing one).
  if (!ctx.keys.names().includes(collectorKeyName(token.symbol))) throw new Error(`divvy issue made no collector key for $${token.symbol}`)
  for (const [name, amount] of holders) await send(ctx, token.symbol, 'issuer', ctx.address(name), amount, true)
  return {
    home,
    ctx,
    symbol: token.symbol,
    collector: ctx.key(collectorKeyName(token.symbol)).toAddress(),
    lines: [],
    close: async () => { await ctx.close(); rmSync(home, { recursive: true, force: true }) }
  }
}

/** Pays the collector from the payer wallet (left in the mempool); answers the txid. */
export async function payCollector (t: TokenHome, satoshis: bigint, wallet = 'payer'): Promise<string> {
  const tx = await sendOutputs(t.ctx, wallet, [{ script: bsv.Script.buildPublicKeyHashOut(t.collector), satoshis }])
  await t.ctx.sync()
  return tx.id
}

export function serviceOptions (t: TokenHome, over: Partial<ServiceOptions> = {}): ServiceOptions {
  return {
    ctx: t.ctx,
    wallet: 'issuer',
    mine: true,
    host: '127.0.0.1',
    port: 0,
    sweep: { intervalMs: 0, maxCoins: 500 },
    rounds: { minPool: 20_000n, intervalMs: 0 },
    tickMs: 100,
    rateLimitPerMinute: 10_000,
    log: eventLog(line => { t.lines.push(line); if (process.env.DIVVY_DEBUG === '1') console.log(line) }),
    ...over
  }
}

export async function startService (t: TokenHome, over: Partial<ServiceOptions> = {}): Promise<Service> {
  return await Service.start(serviceOptions(t, over))
}

/** Waits until `check` answers a value (not undefined/false), polling. */
export async function eventually<T> (what: string, check: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const v = await check()
    if (v !== undefined && v !== false) return v
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, 100))
  }
}
