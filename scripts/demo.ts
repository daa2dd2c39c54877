import { mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'
import { resolveNetwork } from '../network/networks'
import { buy } from './cli/commands/buy'
import { distribute } from './cli/commands/distribute'
import { fund } from './cli/commands/fund'
import { holders } from './cli/commands/holders'
import { issue } from './cli/commands/issue'
import { list } from './cli/commands/list'
import { pay } from './cli/commands/pay'
import { send } from './cli/commands/send'
import { status } from './cli/commands/status'
import { auditContract, auditSummary } from './cli/ContractAudit'
import { DivvyContext } from './cli/DivvyContext'
import { oneLineError } from './cli/oneLineError'
import { bsv } from 'scrypt-ts'
import { collectorKeyName } from './cli/CollectorKey'
import { sendOutputs } from './cli/walletTransaction'
import { eventLog } from '../service/EventLog'
import { Forwarder } from '../service/handcash/Forwarder'
import { writeHandCash } from '../service/handcash/HandCashConfig'
import { HandCashStandIn } from '../service/handcash/standin/HandCashStandIn'
import { Service } from '../service/Service'
import { parseOptions, scriptHelp, UsageError, type OptionSpecs } from './cli/options'

/**
 * npm run demo: the whole story on a fresh embedded devnet in a temp home, through the same
 * command functions the divvy CLI runs. Exits non-zero when any payout differs from
 * floor(roundPool * amount / supply).
 */
const say = (line: string): void => { console.log(line) }
const step = (title: string): void => { say(`\n== ${title}`) }

async function checkRound (ctx: DivvyContext, round: bigint, names: Map<string, string>): Promise<number> {
  const s = await status(ctx, undefined)
  const r = s.rounds.find(x => x.round === round)
  if (r === undefined) throw new Error(`round ${round} is not on chain`)
  const supply = BigInt(s.token.supply)
  const paid = s.payouts.filter(p => p.round === round)
  // What the indexer says was held at the snapshot height, recomputed independently.
  const held = await holders(ctx, undefined, r.height)
  let mismatches = 0
  say(`round ${round}: snapshot at height ${r.height}, pool ${r.pool} satoshis, ${paid.length} payouts`)
  say(`  ${'holder'.padEnd(8)} ${'address'.padEnd(35)} ${'tokens'.padStart(13)}  ${'payout'.padStart(10)}  ${'expected'.padStart(10)}`)
  for (const h of held.holders) {
    const expected = r.pool * h.amount / supply
    const got = paid.filter(p => p.pkh === h.pkh).reduce((t, p) => t + p.satoshis, 0n)
    const count = paid.filter(p => p.pkh === h.pkh).length
    const ok = got === expected && count === (expected > 0n ? 1 : 0)
    if (!ok) mismatches++
    say(`  ${(names.get(h.address) ?? '').padEnd(8)} ${h.address.padEnd(35)} ${h.amount.toString().padStart(13)}  ${got.toString().padStart(10)}  ${expected.toString().padStart(10)}${ok ? '' : '  MISMATCH'}`)
  }
  const unknown = paid.filter(p => !held.holders.some(h => h.pkh === p.pkh))
  mismatches += unknown.length
  const total = paid.reduce((t, p) => t + p.satoshis, 0n)
  say(`  paid ${total} of ${r.pool} satoshis (${r.pool - total} of rounding stays in the pool)${unknown.length > 0 ? `; ${unknown.length} payouts to non-holders!` : ''}`)
  return mismatches
}

/**
 * The service's path: `divvy serve` runs; payments reach the token's collector (two plain
 * payments, and the handle's HandCash income forwarded from HandCash's stand-in); the service
 * records them, sweeps them into the contract in one deposit and, its pool reached, starts and
 * pays round 3 with nobody at the keyboard. Answers the payouts that differ from the formula.
 */
async function automaticRound (ctx: DivvyContext, symbol: string, names: Map<string, string>): Promise<number> {
  const collector = ctx.key(collectorKeyName(symbol)).toAddress()
  const hot = 'handcash-hot'
  await fund(ctx, hot, 50_000_000n, true)
  const standIn = await HandCashStandIn.start({
    appId: 'demo',
    appSecret: 'demo-secret',
    payOnChain: async (address, satoshis, data) => {
      const outputs = [{ script: bsv.Script.buildPublicKeyHashOut(bsv.Address.fromString(address)), satoshis }]
      if (data !== undefined) outputs.push({ script: bsv.Script.buildSafeDataOut([data]), satoshis: 0n })
      const tx = await sendOutputs(ctx, hot, outputs)
      await ctx.sync()
      return tx.id
    }
  })
  writeHandCash(ctx.home, { appId: 'demo', appSecret: 'demo-secret', baseUrl: standIn.url, authToken: standIn.authorize('ninjapunkgirls'), token: symbol, reserve: '10000' })
  const service = await Service.start({
    ctx,
    wallet: 'issuer',
    mine: true,
    host: '127.0.0.1',
    port: 0,
    sweep: { intervalMs: 2000, maxCoins: 500 },
    rounds: { minPool: 1_000_000n, intervalMs: 0 },
    tickMs: 250,
    rateLimitPerMinute: 600,
    log: eventLog(line => { if (/ (payment\.|sweep\.sent|handcash\.forwarded|round\.(started|complete|waiting))/.test(line)) say(`  ${line.slice(25)}`) }),
    sources: [parts => new Forwarder(parts.ctx, parts.store, parts.payments, parts.log, parts.metrics)]
  })
  try {
    say(`  divvy serve at ${service.url}; $${symbol}'s collector ${collector.toString()}; a round starts at 1000000 sats`)
    for (const amount of [400_000n, 350_000n]) {
      await sendOutputs(ctx, 'intake', [{ script: bsv.Script.buildPublicKeyHashOut(collector), satoshis: amount }])
      await ctx.sync()
      say(`  intake paid ${amount} sats to the collector`)
    }
    standIn.receive('ninjapunkgirls', 400_000n)
    say('  @NinjaPunkGirls received 400000 sats on HandCash (the service forwards what is above its 10000-sat reserve)')
    const until = Date.now() + 180_000
    for (;;) {
      const all = await service.payments.all()
      const rounds = await service.payments.rounds(symbol)
      if (all.length >= 3 && all.every(p => p.state === 'pooled') && rounds.some(r => r.complete)) break
      if (Date.now() > until) throw new Error('the service did not distribute the payments in 3 minutes')
      await new Promise(resolve => setTimeout(resolve, 250))
    }
  } finally {
    await service.stop()
    await standIn.stop()
  }
  step('round 3 holders and payouts, checked')
  return await checkRound(ctx, 3n, names)
}

const OPTIONS = { help: { kind: 'flag', short: 'h', help: 'this text' } } as const satisfies OptionSpecs

async function main (): Promise<number> {
  if (parseOptions('demo', process.argv.slice(2), OPTIONS).help === true) {
    console.log(scriptHelp('npm run demo --', `The whole story on a fresh embedded devnet in a temporary home: fund the wallets, issue a
token with its dividend contract, sell tranches, pay in, distribute two rounds and check
every payout against floor(roundPool * amount / supply); then divvy serve takes payments at the
token's collector (plain payments, and the handle's HandCash income forwarded from HandCash's
stand-in), sweeps them into the contract and pays round 3 by itself; then audit the contract
from an empty home given only the token id. DIVVY_DEMO_KEEP=1 keeps the home.`, OPTIONS))
    return 0
  }
  const home = mkdtempSync(join(tmpdir(), 'divvy-demo-'))
  const started = Date.now()
  say(`Divvy demo on a fresh embedded devnet, home ${home}`)
  const ctx = await DivvyContext.open({ settings: resolveNetwork({}), home, embedded: true })
  let mismatches = 0
  try {
    const wallets = ['issuer', 'intake', 'alice', 'bob', 'carol', 'dave']
    const names = new Map(wallets.map(w => [ctx.address(w), w]))
    step('fund the wallets (devnet coins)')
    for (const w of wallets) {
      await fund(ctx, w, w === 'issuer' || w === 'intake' ? 1_000_000_000n : 200_000_000n, true)
      say(`  ${w.padEnd(7)} ${ctx.address(w)}`)
    }

    step('issue $NINJAPUNKGIRLS')
    const token = await issue(ctx, 'NinjaPunkGirls', 'issuer', true)
    say(`  token ${token.tokenId}: ${token.supply} tokens to the issuer; dividend contract ${token.dividend}`)

    step('sell tranches to three buyers (OrdLock listings)')
    const sell = async (seller: string, buyer: string, amount: bigint, price: bigint): Promise<void> => {
      const { listing } = await list(ctx, undefined, seller, amount, price, true)
      const bought = await buy(ctx, undefined, buyer, listing, true)
      say(`  ${seller} listed ${amount} for ${price} sats (${listing}); ${buyer} bought it in ${bought.txid}`)
    }
    await sell('issuer', 'alice', 25_000_000n, 2_500_000n)
    await sell('issuer', 'bob', 4_000_000n, 400_000n)
    await sell('issuer', 'carol', 200_000n, 20_000n)
    try {
      await list(ctx, undefined, 'carol', 199_999n, 1000n, true)
      throw new Error('a listing below 200,000 tokens was accepted')
    } catch (e) { say(`  a 199,999-token listing is refused: ${oneLineError(e)}`) }

    step('receive three payments into the dividend contract')
    for (const amount of [1_200_000n, 2_750_000n, 610_001n]) {
      const { txid, balance } = await pay(ctx, undefined, 'intake', amount, true)
      say(`  paid ${amount} sats in ${txid}; the contract holds ${balance}`)
    }

    step('round 1: snapshot, start, distribute')
    await distribute(ctx, undefined, 'issuer', { batchSize: 2, progress: l => { say(`  ${l}`) } })
    step('round 1 holders and payouts, checked against floor(roundPool * amount / supply)')
    mismatches += await checkRound(ctx, 1n, names)

    step('more trades and payments')
    await sell('alice', 'dave', 5_000_000n, 600_000n)
    await sell('issuer', 'dave', 300_000n, 30_000n)
    const sent = await send(ctx, undefined, 'bob', ctx.address('carol'), 1_500_000n, true)
    say(`  bob sent 1500000 to carol in ${sent.txid}`)
    for (const amount of [3_333_333n, 900_000n]) {
      const { balance } = await pay(ctx, undefined, 'intake', amount, true)
      say(`  paid ${amount} sats; the contract holds ${balance}`)
    }

    step('round 2: stopped after one batch, a payment arrives mid-round, then a crank finishes it')
    await distribute(ctx, undefined, 'issuer', { batchSize: 2, maxBatches: 1, progress: l => { say(`  ${l}`) } })
    const mid = await pay(ctx, undefined, 'intake', 500_000n, true)
    say(`  a payment of 500000 sats arrives during the round; the contract holds ${mid.balance}`)
    await distribute(ctx, undefined, 'carol', { crank: true, batchSize: 2, progress: l => { say(`  ${l}`) } })
    step('round 2 holders and payouts, checked')
    mismatches += await checkRound(ctx, 2n, names)

    step('round 3, automatic: divvy serve takes payments at the collector and distributes them by itself')
    mismatches += await automaticRound(ctx, token.symbol, names)

    const s = await status(ctx, undefined)
    step('status')
    say(`  contract ${s.outpoint} holds ${s.balance} satoshis for the next round; ${s.rounds.length} rounds, ${s.payouts.length} payouts, ${s.payouts.reduce((t, p) => t + p.satoshis, 0n)} satoshis paid`)

    step('audit from a home that has never seen the token, given only its id')
    const auditHome = mkdtempSync(join(tmpdir(), 'divvy-demo-auditor-'))
    const auditor = await DivvyContext.open({ settings: resolveNetwork({ rpc: ctx.settings.rpcUrl }), home: auditHome })
    try {
      const report = await auditContract(auditor, token.tokenId)
      for (const line of report.discrepancies) say(`  discrepancy: ${line}`)
      say(`  ${auditSummary(report)}`)
      mismatches += report.discrepancies.length
    } finally {
      await auditor.close()
      rmSync(auditHome, { recursive: true, force: true })
    }
    say(`\n${mismatches === 0 ? 'every payout equals floor(roundPool * amount / supply)' : `${mismatches} payouts differ from the formula`} (${((Date.now() - started) / 1000).toFixed(0)} s)`)
  } finally {
    await ctx.close()
    if (process.env.DIVVY_DEMO_KEEP !== '1') rmSync(home, { recursive: true, force: true })
  }
  return mismatches === 0 ? 0 : 1
}

main().then(code => { process.exitCode = code }, e => {
  if (e instanceof UsageError) { console.error(e.message); process.exitCode = 2; return }
  console.error(`demo failed: ${oneLineError(e)}`)
  if (process.env.DIVVY_DEBUG === '1') console.error(e)
  process.exitCode = 1
})
