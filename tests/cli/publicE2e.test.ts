import { expect } from 'chai'
import { spawn } from 'child_process'
import { mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { join, resolve } from 'path'
import { PrivateKey, P2PKH, Transaction } from '@bsv/sdk'
import { regtestCheckpoint } from '../../network/chain/Checkpoint'
import { Regtest } from '../../network/devnet/ChainParams'
import { fundKey, regtestAddressOf } from '../../network/devnet/fundedKey'
import { resolveNetwork, type NetworkSettings } from '../../network/networks'
import { fundAddress } from '../../network/ordinals/FundAddress'
import { addressToPkh } from '../../indexer/script/Address'
import { buy } from '../../scripts/cli/commands/buy'
import { distribute } from '../../scripts/cli/commands/distribute'
import { compareWithOneSat, holders } from '../../scripts/cli/commands/holders'
import { issue } from '../../scripts/cli/commands/issue'
import { list } from '../../scripts/cli/commands/list'
import { pay } from '../../scripts/cli/commands/pay'
import { send } from '../../scripts/cli/commands/send'
import { status } from '../../scripts/cli/commands/status'
import { DivvyContext } from '../../scripts/cli/DivvyContext'
import { indexingFundNotice } from '../../scripts/cli/IndexingFund'
import { PublicStandIns } from '../../scripts/standins/PublicStandIns'
import { collectorKeyName } from '../../scripts/cli/CollectorKey'
import { eventLog } from '../../service/EventLog'
import { Service } from '../../service/Service'
import { eventually } from '../service/serviceHarness'
import { IndexedDevnet } from '../support/indexedDevnet'
import { compiledModule } from '../../runtime/packageFiles'

const SUPPLY = 1_000_000_000n
const BIN = compiledModule(resolve(__dirname, '..', '..', 'scripts', 'divvy'))

for (const network of ['testnet', 'mainnet'] as const) {
  describe(`divvy on ${network}: every command through WhatsOnChain, ARC and 1Sat API stand-ins answering from a devnet's chain`, function () {
    this.timeout(300_000)
    let net: IndexedDevnet
    let stand: PublicStandIns
    let settings: NetworkSettings
    const dirs: string[] = []
    const home = (): string => { const d = mkdtempSync(join(tmpdir(), `divvy-${network}-`)); dirs.push(d); return d }
    let issuerHome: string
    let crankHome: string
    const miner = PrivateKey.fromRandom()
    let coins: Array<{ txid: string, vout: number, satoshis: bigint, script: string }> = []

    /** The network mines a block (the devnet behind the stand-ins). */
    const mine = async (blocks = 1): Promise<void> => {
      for (let i = 0; i < blocks; i++) await net.mine(regtestAddressOf(miner))
      // The services see the block at once (they would within seconds).
      await stand.woc.refresh(true)
    }
    const open = async (dir: string): Promise<DivvyContext> => await DivvyContext.open({ settings, home: dir })
    let tokenId = ''
    const token = (): string => tokenId
    /**
     * `divvy <args>` from the bin on the issuer's home, pointed at the stand-ins (they answer
     * from this process: it must not block). Answers the exit status and the output without
     * the index's progress lines.
     */
    const divvy = async (...args: string[]): Promise<{ status: number | null, stdout: string, stderr: string }> => await new Promise(resolve => {
      const child = spawn(process.execPath, [BIN, ...args, '--network', network, '--home', issuerHome, '--woc', stand.urls.woc, '--arc', stand.urls.arc, '--one-sat', stand.urls.oneSat, '--woc-rate', '2000'], { env: { ...process.env, DIVVY_CHECKPOINT: `regtest:${Regtest.genesisHash}` } })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (c: Buffer) => { stdout += c.toString() })
      child.stderr.on('data', (c: Buffer) => { stderr += c.toString() })
      const progress = (text: string): string => text.split('\n').filter(l => !l.startsWith('public index:')).join('\n')
      child.on('exit', status => resolve({ status, stdout: progress(stdout), stderr: progress(stderr) }))
    })
    /** Coins from the devnet's miner to addresses of the network's format. */
    const payTo = async (outputs: Array<[string, number]>): Promise<void> => {
      const coin = coins.shift()!
      const tx = new Transaction()
      tx.addInput({ sourceTXID: coin.txid, sourceOutputIndex: coin.vout, sourceSatoshis: Number(coin.satoshis), lockingScript: new P2PKH().lock(regtestAddressOf(miner)), unlockingScriptTemplate: new P2PKH().unlock(miner) } as any)
      ;(tx.inputs[0] as any).sourceTransaction = { outputs: [{ satoshis: Number(coin.satoshis), lockingScript: new P2PKH().lock(regtestAddressOf(miner)) }] }
      for (const [address, satoshis] of outputs) tx.addOutput({ lockingScript: new P2PKH().lock(Array.from(addressToPkh(address) as Buffer)), satoshis })
      tx.addOutput({ lockingScript: new P2PKH().lock(regtestAddressOf(miner)), change: true })
      await tx.fee(1000)
      await tx.sign()
      await net.rpc.sendRawTransaction(tx.toHex())
    }

    before(async () => {
      net = await IndexedDevnet.start()
      coins = await fundKey(net.rpc, miner, 104)
      await net.follower.sync()
      stand = await PublicStandIns.start({ rpc: net.rpc, network, holdersIndexUrl: net.node.url, syncHolders: async () => await net.follower.sync(), wocPerSecond: 2000 })
      settings = { ...resolveNetwork({ network, woc: stand.urls.woc, arc: stand.urls.arc, oneSat: stand.urls.oneSat, wocRate: 2000 }), checkpoint: regtestCheckpoint(Regtest.genesisHash) }
      issuerHome = home()
      crankHome = home()
    })
    after(async () => {
      await stand?.stop()
      await net?.stop()
      for (const d of dirs) rmSync(d, { recursive: true, force: true })
    })

    it('issues, lists, sells, sends, takes payments, distributes across two homes (EF batches through ARC), and reports status and holders', async () => {
      let ctx = await open(issuerHome)
      const address = (name: string): string => ctx.address(name)
      expect(address('issuer')[0]).to.equal(network === 'mainnet' ? '1' : address('issuer')[0])
      await payTo([[address('issuer'), 50_000_000], [address('alice'), 20_000_000], [address('intake'), 20_000_000]])
      await mine()
      await ctx.sync()

      const token = await issue(ctx, 'NinjaPunkGirls', 'issuer', true)
      tokenId = token.tokenId
      await mine()
      await ctx.sync()
      const { listing, tokenId: listed } = await list(ctx, undefined, 'issuer', 300_000n, 1000n, true)
      expect(listed).to.equal(tokenId)
      const notice = await indexingFundNotice(ctx, tokenId)
      expect(notice[1]).to.include(fundAddress(tokenId, ctx.settings.addressFormat))
      expect(notice.join('\n')).to.match(/does not list the token yet/)
      await mine()
      await ctx.sync()
      await buy(ctx, undefined, 'alice', listing, true)
      await send(ctx, undefined, 'issuer', address('bob'), 250_000n, true)
      // No block in between: the second send spends the first one's unconfirmed token change.
      await send(ctx, undefined, 'issuer', address('carol'), 10_000n, true)
      await mine()
      await ctx.sync()
      const table = await holders(ctx, undefined)
      expect(table.holders.map(h => h.amount)).to.deep.equal([SUPPLY - 560_000n, 300_000n, 250_000n, 10_000n])
      await pay(ctx, undefined, 'intake', 1_000_000n, true)
      await mine()
      // The snapshot is taken six blocks deep: let the network bury the last transfer.
      await mine(6)
      await ctx.sync()
      const started = await distribute(ctx, undefined, 'issuer', { batchSize: 1, maxBatches: 1 })
      expect(started.startedAt).to.equal((await ctx.indexedHeight()) - 5)
      expect(started.paid).to.have.length(1)
      await ctx.close()

      // Another home follows the token by its id alone and cranks the rest: a chain of unconfirmed batches.
      const crank = await open(crankHome)
      await payTo([[crank.address('carol'), 5_000_000]])
      await crank.sync()
      const sentBefore = stand.arc.submitted.length
      const rest = await distribute(crank, token.tokenId, 'carol', { crank: true, batchSize: 1 })
      expect(rest.remaining).to.equal(0)
      const batches = stand.arc.submitted.slice(sentBefore)
      expect(batches.length).to.equal(rest.paid.length)
      expect(batches.every(b => b.extended)).to.equal(true)
      await crank.close()
      await mine()

      ctx = await open(issuerHome)
      const s = await status(ctx, undefined)
      expect(s.running).to.equal(false)
      const paid = s.payouts.filter(p => p.round === 1n)
      expect(paid.map(p => p.pkh)).to.deep.equal(table.holders.map(h => h.pkh))
      for (const p of paid) expect(p.satoshis).to.equal(s.roundPool * p.amount / SUPPLY)

      // The 1Sat API indexes the token once its fund is paid: then the holders agree.
      expect((await compareWithOneSat(ctx, undefined)).differences).to.equal(undefined)
      await payTo([[fundAddress(tokenId, ctx.settings.addressFormat), 10_000_000]])
      await mine()
      await ctx.sync()
      const compared = await compareWithOneSat(ctx, undefined)
      expect(compared.differences).to.deep.equal([])
      await ctx.close()

      // The bin, as a user runs it.
      const run = await divvy('holders', '--compare')
      expect(run.status).to.equal(0)
      expect(run.stdout).to.match(/\$NINJAPUNKGIRLS: 4 holders here at height \d+ \(confirmed\) against the 1Sat API's: they agree/)
    })

    it('runs as a user runs it: the bin sends, lists, reads balances and status, audits with the 1Sat API\'s holders, and exits 1 on a difference or with ARC\'s reason in one line', async () => {
      const sent = await divvy('send', '--wallet', 'issuer', '--to', 'bob', '--amount', '1000')
      expect(sent.status).to.equal(0)
      const txid = /^sent 1000 tokens to \S+ in ([0-9a-f]{64})$/m.exec(sent.stdout)?.[1] as string
      expect(stand.arc.submitted.some(s => s.txid === txid)).to.equal(true)
      const listed = await divvy('list', '--wallet', 'alice', '--amount', '200000', '--price', '4000')
      expect(listed.status).to.equal(0)
      expect(listed.stdout).to.match(/^listed 200000 tokens for 4000 satoshis: listing [0-9a-f]{64}_0$/m)
      // The fund was paid above: 1sat.market lists the token.
      expect(listed.stdout).to.include(`pay it to ${fundAddress(token(), settings.addressFormat)}`)
      expect(listed.stdout).to.match(/the fund is paid \(0\.1 BSV received, [0-9.]+ BSV left\): 1sat\.market lists the token/)
      await mine()
      const bob = await divvy('balance', '--wallet', 'bob')
      expect(bob.status).to.equal(0)
      expect(bob.stdout).to.match(/^ {2}\$NINJAPUNKGIRLS [0-9a-f]{64}_0: 251000 tokens$/m)
      const alice = await divvy('balance', '--wallet', 'alice')
      expect(alice.stdout).to.match(/^ {2}\$NINJAPUNKGIRLS [0-9a-f]{64}_0: 300000 tokens \(200000 of them listed\)$/m)
      const s = await divvy('status')
      expect(s.status).to.equal(0)
      expect(s.stdout).to.match(/^round 1 complete: snapshot at height \d+, pool \d+ satoshis, 4 of 4 holders paid/m)

      const audited = await divvy('audit')
      expect(audited.stderr).to.equal('')
      expect(audited.status).to.equal(0)
      expect(audited.stdout).to.match(/^1Sat API: 4 holders here at height \d+ \(confirmed\) against the 1Sat API's: they agree$/m)
      expect(audited.stdout).to.match(/^audit of \$NINJAPUNKGIRLS .*1 rounds, 4 payouts of \d+ satoshis; .*: no discrepancy$/m)

      // The 1Sat API counts one holder otherwise: the cross-check and the audit list it, and fail.
      const carol = /wallet 'carol' \((\S+)\)/.exec((await divvy('balance', '--wallet', 'carol')).stdout)?.[1] as string
      stand.oneSat.lies.holders.set(carol, 9_999n)
      try {
        const compared = await divvy('holders', '--compare')
        expect(compared.status).to.equal(1)
        expect(compared.stdout).to.match(/4 holders here at height \d+ \(confirmed\) against the 1Sat API's: 1 differ$/m)
        expect(compared.stdout).to.match(new RegExp(`^ {2}${carol} +here +10000 {2}1Sat API +9999$`, 'm'))
        expect(compared.stderr.trim()).to.equal('divvy holders: 1 holder of $NINJAPUNKGIRLS differ from the 1Sat API\'s count')
        const refusedAudit = await divvy('audit')
        expect(refusedAudit.status).to.equal(1)
        expect(refusedAudit.stdout).to.include(`discrepancy: the 1Sat API counts 9999 tokens for ${carol}, this index 10000`)
        expect(refusedAudit.stderr.trim()).to.equal('divvy audit: 1 discrepancy in the $NINJAPUNKGIRLS dividend contract')
      } finally { stand.oneSat.lies.holders.clear() }

      stand.arc.behaviour.rejectNext = { txStatus: 'REJECTED', extraInfo: 'arc error 465: fee too low' }
      const refused = await divvy('pay', '--wallet', 'intake', '--amount', '10000')
      expect(refused.status).to.equal(1)
      expect(refused.stdout).to.equal('')
      expect(refused.stderr.trim()).to.match(new RegExp(`^divvy pay: ${network}: ARC rejected transaction [0-9a-f]{64}: REJECTED \\(arc error 465: fee too low\\)$`))
    })

    it('serves: a plain payment to the collector swept into the contract and a round paid by the service itself, through ARC', async () => {
      const ctx = await open(issuerHome)
      const lines: string[] = []
      let service: Service | undefined
      try {
        const collector = ctx.key(collectorKeyName('NINJAPUNKGIRLS')).toAddress().toString()
        await payTo([[collector, 3_000_000]])
        await mine()
        // ARC refuses the service's first sweep: said with ARC's reason, and the coins wait for the next.
        stand.arc.behaviour.rejectNext = { txStatus: 'REJECTED', extraInfo: 'arc error 465: fee too low' }
        service = await Service.start({ ctx, wallet: 'issuer', mine: false, host: '127.0.0.1', port: 0, sweep: { intervalMs: 0, maxCoins: 500 }, rounds: { minPool: 1_000_000n, intervalMs: 0 }, tickMs: 200, rateLimitPerMinute: 10_000, log: eventLog(line => lines.push(line)) })
        const url = service.url
        // The network mines while the service works (its sweep, a round 6 blocks deep, the batches).
        const payment = await eventually('the service to pay a round from the payment', async () => {
          await mine()
          const page = await (await fetch(`${url}/payments`)).json() as { payments: Array<{ txid: string, state: string, round?: number, payouts?: string[] }> }
          const p = page.payments[0]
          return page.payments.length === 1 && p.state === 'pooled' && (p.payouts ?? []).length > 0 ? p : undefined
        }, 240_000)
        expect(payment.round).to.equal(2)
        expect(stand.arc.behaviour.rejectNext).to.equal(undefined)
        const refusals = lines.filter(l => l.includes(' sweep.refused '))
        expect(refusals).to.have.length(1)
        expect(refusals[0]).to.match(/ARC rejected transaction [0-9a-f]{64}: REJECTED \(arc error 465: fee too low\)/)
        await service.stop()
        service = undefined
        await mine()
        await ctx.sync()
        const s = await status(ctx, undefined)
        const r = s.rounds.find(x => x.round === 2n)!
        const held = await holders(ctx, undefined, r.height)
        const paid = s.payouts.filter(p => p.round === 2n)
        expect(paid.map(p => p.pkh)).to.deep.equal(held.holders.map(h => h.pkh))
        for (const p of paid) expect(p.satoshis).to.equal(r.pool * p.amount / SUPPLY)
        // What the service broadcast went through ARC, the batches in the extended format.
        for (const txid of payment.payouts ?? []) expect(stand.arc.submitted.find(x => x.txid === txid)?.extended).to.equal(true)
      } catch (e) {
        throw new Error(`${(e as Error).message}\nservice log:\n${lines.join('\n')}`)
      } finally {
        await service?.stop()
        await ctx.close()
      }
    })

    it('reports ARC\'s rejections and double spends in one line, follows ARC\'s statuses until the network has a transaction, and claims nothing ARC did not accept', async () => {
      const ctx = await open(issuerHome)
      try {
        stand.arc.behaviour.rejectNext = { txStatus: 'REJECTED', extraInfo: 'arc error 461: script verification failed' }
        let error = ''
        try { await pay(ctx, undefined, 'intake', 10_000n, true) } catch (e) { error = (e as Error).message }
        expect(error).to.match(new RegExp(`^${network}: ARC rejected transaction [0-9a-f]{64}: REJECTED \\(arc error 461: script verification failed\\)$`))
        stand.arc.behaviour.rejectNext = { txStatus: 'DOUBLE_SPEND_ATTEMPTED', extraInfo: 'double spend attempted' }
        error = ''
        try { await pay(ctx, undefined, 'intake', 10_000n, true) } catch (e) { error = (e as Error).message }
        expect(error).to.match(/ARC rejected transaction [0-9a-f]{64}: DOUBLE_SPEND_ATTEMPTED \(double spend attempted\)/)
        // ARC first holds it (STORED), then the network sees it.
        stand.arc.behaviour.firstStatus = 'STORED'
        stand.arc.behaviour.settleAfter = 2
        const paid = await pay(ctx, undefined, 'intake', 10_000n, true)
        expect(stand.mirror.txs.has(paid.txid) || (await stand.woc.refresh(true), stand.mirror.txs.has(paid.txid))).to.equal(true)
      } finally {
        stand.arc.behaviour.firstStatus = undefined
        stand.arc.behaviour.settleAfter = undefined
        await ctx.close()
      }
    })
  })
}
