import { expect } from 'chai'
import { spawn, type ChildProcess } from 'child_process'
import { randomBytes } from 'crypto'
import { mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { join, resolve } from 'path'
import { bsv } from 'scrypt-ts'
import { Devnet } from '../../network/devnet/Devnet'
import { resolveNetwork } from '../../network/networks'
import { compiledModule } from '../../runtime/packageFiles'
import { collectorKeyName } from '../../scripts/cli/CollectorKey'
import { fund } from '../../scripts/cli/commands/fund'
import { holders } from '../../scripts/cli/commands/holders'
import { issue } from '../../scripts/cli/commands/issue'
import { send } from '../../scripts/cli/commands/send'
import { status } from '../../scripts/cli/commands/status'
import { DivvyContext } from '../../scripts/cli/DivvyContext'
import { runCli } from '../../scripts/cli/runCli'
import { sendOutputs } from '../../scripts/cli/walletTransaction'
import { writeHandCash } from '../../service/handcash/HandCashConfig'
import { HandCashStandIn } from '../../service/handcash/standin/HandCashStandIn'
import { readPayments } from '../../service/paymentsReader'
import { readHolder } from '../../service/store/HomeLock'
import { eventually } from './serviceHarness'

const BIN = compiledModule(resolve(__dirname, '..', '..', 'scripts', 'divvy'))

/** `divvy serve` in a child process on the service's home, following the shared devnet. */
function serve (home: string, rpc: string, crashAt?: string): { child: ChildProcess, output: () => string, exited: Promise<{ code: number | null, signal: string | null }> } {
  const args = [BIN, 'serve', '--home', home, '--rpc', rpc, '--wallet', 'issuer', '--port', '0', '--tick', '100', '--sweep-interval', '0', '--round-interval', '0', '--min-pool', '50000']
  const child = spawn(process.execPath, args, { env: { ...process.env, DIVVY_CRASH_AT: crashAt ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] })
  let text = ''
  child.stdout!.on('data', (c: Buffer) => { text += c.toString() })
  child.stderr!.on('data', (c: Buffer) => { text += c.toString() })
  const exited = new Promise<{ code: number | null, signal: string | null }>(resolve => child.on('exit', (code, signal) => resolve({ code, signal })))
  return { child, output: () => text, exited }
}

async function killedAt (home: string, rpc: string, point: string, trigger?: () => Promise<void>): Promise<string> {
  const s = serve(home, rpc, point)
  await trigger?.()
  const timer = setTimeout(() => s.child.kill('SIGKILL'), 90_000)
  const { signal } = await s.exited
  clearTimeout(timer)
  expect(signal, `serve never reached ${point}: ${s.output()}`).to.equal('SIGKILL')
  expect(s.output(), s.output()).to.not.contain('timed out')
  return s.output()
}

describe('divvy serve killed (-9) at every stage and started again: every payment deposited once, in exactly one round\'s pool', function () {
  this.timeout(600_000)
  const dirs: string[] = []
  const temp = (prefix: string): string => { const d = mkdtempSync(join(tmpdir(), prefix)); dirs.push(d); return d }
  let devnet: Devnet
  let world: DivvyContext
  let standIn: HandCashStandIn

  before(async () => {
    devnet = await Devnet.start({ dataDir: temp('divvy-kill-node-'), port: 0 })
    world = await DivvyContext.open({ settings: resolveNetwork({ rpc: devnet.rpcUrl }), home: temp('divvy-kill-world-') })
  })
  after(async () => {
    await standIn?.stop()
    await world?.close()
    await devnet?.stop()
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  })

  it('after seeing a payment, after broadcasting a sweep, after HandCash paid a forward, mid-round; a second serve waits for the first; SIGTERM stops cleanly', async () => {
    const home = temp('divvy-kill-home-')
    const settings = resolveNetwork({ rpc: devnet.rpcUrl })
    let ctx = await DivvyContext.open({ settings, home })
    await fund(ctx, 'issuer', 100_000_000n, true)
    const token = await issue(ctx, 'KillTest', 'issuer', true, { minDeposit: 5_000n })
    await send(ctx, token.symbol, 'issuer', world.address('alice'), 400_000_000n, true)
    await send(ctx, token.symbol, 'issuer', world.address('bob'), 100_000n, true)
    const collector = ctx.key(collectorKeyName(token.symbol)).toAddress()
    await ctx.close()
    for (const w of ['payer', 'handcash-hot']) await fund(world, w, 50_000_000n, true)
    const pay = async (wallet: string, satoshis: bigint, data?: Buffer): Promise<string> => {
      const outputs = [{ script: bsv.Script.buildPublicKeyHashOut(collector), satoshis }]
      if (data !== undefined) outputs.push({ script: bsv.Script.buildSafeDataOut([data]), satoshis: 0n })
      const tx = await sendOutputs(world, wallet, outputs)
      await world.sync()
      return tx.id
    }
    standIn = await HandCashStandIn.start({ appId: 'kill-app', appSecret: randomBytes(8).toString('hex'), payOnChain: async (address, satoshis, data) => { expect(address).to.equal(collector.toString()); return await pay('handcash-hot', satoshis, data) } })
    writeHandCash(home, { appId: 'kill-app', appSecret: (standIn as any).o.appSecret, baseUrl: standIn.url, authToken: standIn.authorize('killtest'), token: token.symbol, reserve: '10000' })

    const plain = [await pay('payer', 15_000n), await pay('payer', 14_000n)]
    await killedAt(home, devnet.rpcUrl, 'serve:payment-seen')
    await killedAt(home, devnet.rpcUrl, 'serve:sweep-broadcast')
    await killedAt(home, devnet.rpcUrl, 'serve:forward-paid', async () => { standIn.receive('killtest', 40_000n) })
    await killedAt(home, devnet.rpcUrl, 'serve:round-started')

    const first = serve(home, devnet.rpcUrl)
    const holder = await eventually('the service to say where it serves', async () => readHolder(home)?.url !== undefined && readHolder(home)?.pid === first.child.pid ? readHolder(home) : undefined)
    const second = serve(home, devnet.rpcUrl)
    await eventually('the second serve to wait', async () => second.output().includes(`process ${first.child.pid ?? 0}`))
    expect(second.output()).to.contain('waiting for it to stop')
    const pooled = await eventually('every payment in a round\'s pool, its batches paid', async () => {
      const res = await fetch(`${holder!.url}/payments`).then(async r => await r.json() as any).catch(() => undefined)
      const list = res?.payments as any[] | undefined
      return list !== undefined && list.length === 3 && list.every(p => p.state === 'pooled' && p.payouts.length > 0) ? list : undefined
    }, 120_000)
    // divvy payments, while the service holds the records: read through its API.
    const shown: string[] = []
    const io = { out: (l: string) => { shown.push(l) }, err: (l: string) => { shown.push(l) } }
    expect(await runCli(['payments', '--home', home], io), shown.join('\n')).to.equal(0)
    expect(shown.filter(l => / pooled +round 1 /.test(l))).to.have.length(3)
    first.child.kill('SIGTERM')
    const stopped = await first.exited
    expect(stopped.code, first.output()).to.equal(0)
    expect(first.output()).to.contain('service.stopped')
    // The second takes the home over once the first is gone; then it stops cleanly too.
    await eventually('the second serve to start', async () => second.output().includes('service.started'))
    second.child.kill('SIGTERM')
    expect((await second.exited).code).to.equal(0)

    // The records: three payments, each deposited once, all in round 1 (divvy payments reads them from the store now).
    shown.length = 0
    expect(await runCli(['payments', '--home', home, '--txid', plain[0]], io)).to.equal(0)
    expect(shown).to.have.length(1)
    expect(shown[0]).to.contain(plain[0]).and.contain('address').and.contain('pooled')
    const records = await readPayments(home, {})
    expect(records.map(p => p.txid).sort()).to.deep.equal([...pooled.map(p => p.txid)].sort())
    expect(records.filter(p => p.source === 'address').map(p => p.txid).sort()).to.deep.equal([...plain].sort())
    const forwarded = records.find(p => p.source === 'handcash')
    expect(forwarded?.amount).to.equal(30_000n - 200n)
    expect(standIn.balanceOf('killtest')).to.equal(40_000n - 29_800n - 50n)
    expect(records.every(p => p.state === 'pooled' && p.round === 1)).to.equal(true)
    // ... and they agree with the chain: each deposit spends exactly the payment's coins, and is mined.
    ctx = await DivvyContext.open({ settings, home })
    try {
      const spentBy = new Map<string, string>()
      for (const deposit of new Set(records.map(p => p.deposit as string))) {
        expect((await ctx.provider.txStatus(deposit)).state).to.equal('mined')
        for (const input of (await ctx.provider.getTransaction(deposit)).inputs.slice(1)) spentBy.set(`${input.prevTxId.toString('hex')}:${input.outputIndex}`, deposit)
      }
      for (const p of records) for (const v of p.vouts) expect(spentBy.get(`${p.txid}:${v}`)).to.equal(p.deposit)
      const s = await status(ctx, token.symbol)
      expect(s.rounds.map(r => r.round)).to.deep.equal([1n])
      const r = s.rounds[0]
      const held = await holders(ctx, token.symbol, r.height)
      for (const h of held.holders) {
        const expected = r.pool * h.amount / BigInt(s.token.supply)
        expect(s.payouts.filter(p => p.pkh === h.pkh).map(p => p.satoshis)).to.deep.equal(expected > 0n ? [expected] : [])
      }
      expect(new Set(s.payouts.map(p => p.txid))).to.deep.equal(new Set(records[0].payouts))
    } finally {
      await ctx.close()
    }
  })
})
