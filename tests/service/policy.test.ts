import { expect } from 'chai'
import { bsv } from 'scrypt-ts'
import { keyProof } from '../../contracts/offchain/keyProof'
import { buildLeaves } from '../../contracts/offchain/snapshot'
import { collectorKeyName } from '../../scripts/cli/CollectorKey'
import { issue } from '../../scripts/cli/commands/issue'
import { sendOutputs } from '../../scripts/cli/walletTransaction'
import { roundCost } from '../../service/rounds/roundCost'
import type { Service } from '../../service/Service'
import { eventually, startService, tokenHome, type TokenHome } from './serviceHarness'

describe('divvy serve\'s round policy', function () {
  this.timeout(300_000)

  it('never starts a round whose batches would pay less than their fees', () => {
    const leaves = buildLeaves(Array.from({ length: 250 }, (_, i) => ({ pkh: (i + 1).toString(16).padStart(40, '0'), amount: 4_000_000n })))
    // 250 holders of 0.4 % each: 3 batches, each carrying the script twice, at 500 sat/kB.
    const small = roundCost(leaves, 10_000n, 1_000_000_000n, 100, 7_700, 500)
    expect(small.covers).to.equal(false)
    expect(small.why).to.match(/batch 1 of 3 would pay 100 holders/)
    const large = roundCost(leaves, 10_000_000n, 1_000_000_000n, 100, 7_700, 500)
    expect(large.covers).to.equal(true)
    expect(large.batches).to.equal(3)
    expect(large.fees < large.payouts).to.equal(true)
    expect(roundCost([], 10_000n, 1_000_000_000n, 100, 7_700, 1).why).to.equal('no holder would receive a satoshi')
  })

  describe('a token whose rounds need an operator of another home', () => {
    let t: TokenHome
    let service: Service | undefined
    before(async () => { t = await tokenHome('divvy-policy-', [['alice', 300_000_000n]]) })
    after(async () => { await service?.stop(); await t?.close() })

    it('proposes the round with this home\'s approval and says what it waits for; the other token of the home goes on', async () => {
      const outsider = bsv.PrivateKey.fromRandom('testnet')
      const token = await issue(t.ctx, 'TwoKeys', 'issuer', true, { operators: `issuer,${outsider.publicKey.toString()}:${keyProof(outsider)}`, m1: 2, m2: 2, minDeposit: 5_000n })
      const collector = t.ctx.key(collectorKeyName(token.symbol)).toAddress()
      await sendOutputs(t.ctx, 'payer', [{ script: bsv.Script.buildPublicKeyHashOut(collector), satoshis: 30_000n }])
      await t.ctx.sync()
      service = await startService(t, { rounds: { minPool: 20_000n, intervalMs: 0 } })
      const waiting = await eventually('the round to wait for its second approval', async () => {
        const status = await (await fetch(`${service!.url}/status`)).json() as any
        return status.tokens.find((x: any) => x.symbol === token.symbol)?.waiting?.includes('waits for 1 more approval') === true ? status : undefined
      })
      const two = waiting.tokens.find((x: any) => x.symbol === token.symbol)
      expect(two.waiting).to.contain(`divvy approve --token ${token.tokenId}`)
      expect(t.lines.some(l => l.includes('round.waiting') && l.includes('waits for 1 more approval'))).to.equal(true)
      const metrics = await (await fetch(`${service.url}/metrics`)).text()
      expect(metrics).to.match(/divvy_round_waiting_approvals\{token="TWOKEYS"\} 1/)
      expect(two.collector).to.equal(collector.toString())
      expect(waiting.tokens.map((x: any) => x.symbol).sort()).to.deep.equal(['SERVETEST', 'TWOKEYS'])
    })
  })
})
