import { expect } from 'chai'
import { resolveNetwork } from '../../network/networks'
import { status } from '../../scripts/cli/commands/status'
import { DivvyContext } from '../../scripts/cli/DivvyContext'
import { runCli } from '../../scripts/cli/runCli'
import { SharedDevnet } from '../support/devnetServer'

/**
 * Two tokens issued from one home with the same operator set and minimum deposit have
 * dividend contracts of the same code (the code hash names no instance): each home finds a
 * token's contract by its lineage from the token's origin, also after another home moved it.
 */
describe('two version 2 contracts of the same code, told apart by their origins', function () {
  this.timeout(300_000)
  const devnet = new SharedDevnet()
  before(async () => { await devnet.start('divvy-shared-code') })
  after(async () => { await devnet.stop() })

  it('pays, distributes and reads each token\'s own contract', async () => {
    const homeA = devnet.temp('divvy-issuer-')
    const homeB = devnet.temp('divvy-payer-')
    const divvy = async (home: string, ...argv: string[]): Promise<string> => {
      const out: string[] = []
      const err: string[] = []
      const code = await runCli([...argv, '--rpc', devnet.rpcUrl, '--home', home], { out: l => { out.push(l) }, err: l => { err.push(l) } })
      expect(code, `${argv.join(' ')}: ${err.join(' ')}`).to.equal(0)
      return out.join('\n')
    }
    await divvy(homeA, 'fund', '--wallet', 'issuer', '--amount', '100000000')
    await divvy(homeB, 'fund', '--wallet', 'payer', '--amount', '100000000')
    const first = await divvy(homeA, 'issue', '--handle', 'First', '--wallet', 'issuer')
    const second = await divvy(homeA, 'issue', '--handle', 'Second', '--wallet', 'issuer')
    const codeHash = (out: string): string => /code hash ([0-9a-f]{64})/.exec(out)![1]
    expect(codeHash(first)).to.equal(codeHash(second))
    const firstId = /token id ([0-9a-f]{64}_0)/.exec(first)![1]

    // Another home moves the first contract: the issuer's last-seen output is spent.
    await divvy(homeB, 'pay', '--token', firstId, '--amount', '700000', '--wallet', 'payer')
    await divvy(homeA, 'pay', '--token', 'FIRST', '--amount', '300000', '--wallet', 'issuer')
    await divvy(homeA, 'pay', '--token', 'SECOND', '--amount', '50000', '--wallet', 'issuer')
    expect(await divvy(homeA, 'distribute', '--token', 'FIRST', '--wallet', 'issuer')).to.match(/pool 1000000 satoshis; started/)

    const ctx = await DivvyContext.open({ settings: resolveNetwork({ rpc: devnet.rpcUrl }), home: homeA })
    try {
      const [a, b] = [await status(ctx, 'FIRST'), await status(ctx, 'SECOND')]
      expect([a.round, a.roundPool, a.running]).to.deep.equal([1n, 1_000_000n, false])
      expect([b.round, b.balance]).to.deep.equal([0n, 50_001n])
    } finally {
      await ctx.close()
    }
  })
})
