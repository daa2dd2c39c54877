import { expect } from 'chai'
import { readFileSync } from 'fs'
import { join } from 'path'
import { bsv } from 'scrypt-ts'
import { resolveNetwork } from '../../network/networks'
import { RpcClient } from '../../network/rpc/RpcClient'
import { DivvyContext } from '../../scripts/cli/DivvyContext'
import { runCli } from '../../scripts/cli/runCli'
import type { TokenRecord } from '../../scripts/cli/TokenRegistry'
import { SharedDevnet } from '../support/devnetServer'
import { divvyChild } from '../support/divvyChild'

/**
 * `divvy issue` killed at every point that matters (once its signed transaction is recorded
 * but not broadcast, once it is broadcast but not recorded as done, and at moments of the
 * clock), then run again: exactly one token on the chain, and the home's record names it.
 */
describe('divvy issue killed at several points, then run again', function () {
  this.timeout(300_000)
  const devnet = new SharedDevnet()
  let rpc: RpcClient

  before(async () => {
    await devnet.start('divvy-kill')
    rpc = new RpcClient({ url: devnet.rpcUrl, network: 'devnet' })
  })
  after(async () => { await devnet.stop() })

  const records = (home: string): TokenRecord[] => JSON.parse(readFileSync(join(home, 'tokens.json'), 'utf8')).tokens as TokenRecord[]

  it('leaves exactly one token, recorded, whatever the moment of the kills', async () => {
    const home = devnet.temp('divvy-kill-home-')
    const divvy = async (...argv: string[]): Promise<{ code: number, err: string[], out: string[] }> => {
      const out: string[] = []
      const err: string[] = []
      const code = await runCli([...argv, '--rpc', devnet.rpcUrl, '--home', home], { out: l => { out.push(l) }, err: l => { err.push(l) } })
      return { code, out, err }
    }
    const funded = await divvy('fund', '--wallet', 'issuer', '--amount', '100000000')
    expect(funded.code, funded.err.join(' ')).to.equal(0)
    const issueArgs = ['issue', '--handle', 'KillMe', '--wallet', 'issuer', '--rpc', devnet.rpcUrl, '--home', home]

    // Killed once the signed transaction is recorded, before it reaches the network.
    const first = await divvyChild(issueArgs, { env: { DIVVY_CRASH_AT: 'issue:recorded' } })
    expect(first.signal, first.err).to.equal('SIGKILL')
    const recorded = records(home).find(t => t.symbol === 'KILLME')
    expect(recorded?.issueTx, 'the signed transaction is recorded').to.be.a('string')
    const txid = new bsv.Transaction(recorded!.issueTx!).id
    expect(await rpc.getRawMempool()).to.not.include(txid)

    // Run again, killed right after it broadcasts that same transaction.
    const second = await divvyChild(issueArgs, { env: { DIVVY_CRASH_AT: 'issue:broadcast' } })
    expect(second.signal, second.err).to.equal('SIGKILL')
    expect(await rpc.getRawMempool()).to.include(txid)
    expect(records(home).find(t => t.symbol === 'KILLME')?.issueTx).to.be.a('string')

    // Killed while it adopts what reached the network (the block that takes it mined or not),
    // then at moments of the clock, until a run gets through.
    const adopting = await divvyChild(issueArgs, { killOn: /adopting the issue transaction/ })
    expect(adopting.signal, adopting.err).to.equal('SIGKILL')
    let done = false
    for (const ms of [1_000, 2_500, 4_000]) {
      const run = await divvyChild(issueArgs, { killAfterMs: ms })
      if (run.code === 0) { done = true; break }
      // Killed after it recorded the token as issued but before it exited: the next run finds it done.
      if (run.code === 1 && /already issued from this home/.test(run.err)) { done = true; break }
      expect(run.signal, `a run that was not killed failed: ${run.err}`).to.equal('SIGKILL')
    }
    if (!done) {
      const last = await divvy('issue', '--handle', 'KillMe', '--wallet', 'issuer')
      expect(last.code, last.err.join(' ')).to.equal(0)
      expect(last.out.join('\n')).to.contain('the transaction of an interrupted run')
    }
    const again = await divvy('issue', '--handle', 'KillMe', '--wallet', 'issuer')
    expect(again.code).to.equal(1)
    expect(again.err.join(' ')).to.match(/already issued from this home/)

    // Exactly one token on the chain: the one first recorded, mined; the record names it.
    const record = records(home).filter(t => t.symbol === 'KILLME')
    expect(record).to.have.length(1)
    expect(record[0].issueTx).to.equal(undefined)
    expect(record[0].tokenId).to.equal(`${txid}_0`)
    expect(record[0].origin).to.equal(`${txid}_1`)
    const ctx = await DivvyContext.open({ settings: resolveNetwork({ rpc: devnet.rpcUrl }), home })
    try {
      const tokens = (await ctx.indexerClient().tokenList()).filter(t => t.symbol === 'KILLME')
      expect(tokens.map(t => t.id)).to.deep.equal([`${txid}_0`])
      expect((await rpc.call<{ confirmations: number }>('getrawtransaction', [txid, true])).confirmations).to.be.greaterThan(0)
    } finally {
      await ctx.close()
    }
  })
})
