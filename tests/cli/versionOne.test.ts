import { expect } from 'chai'
import { createHash } from 'crypto'
import { deployMintInscription, DIVVY_SUPPLY, tokenOutputScript } from '../../contracts/offchain/bsv21'
import { readArtifact } from '../../contracts/offchain/artifacts'
import { deployDividendV1 } from '../../contracts/v1/dividendV1Calls'
import { resolveNetwork } from '../../network/networks'
import { status } from '../../scripts/cli/commands/status'
import { DivvyContext } from '../../scripts/cli/DivvyContext'
import { codeHashOf } from '../../scripts/cli/DividendLocator'
import { runCli } from '../../scripts/cli/runCli'
import { sendOutputs } from '../../scripts/cli/walletTransaction'
import { SharedDevnet } from '../support/devnetServer'
import { divvyChild } from '../support/divvyChild'

/** sha256 of version 1's script template, as the first version's code compiled and deployed it. */
const V1_TEMPLATE_SHA256 = '7557426267936b2beb187fd1ec7a163a23d44c5caf31741bb811932d8b4ca432'

/**
 * A token issued the way the first version did it (the deploy+mint in one transaction, then
 * a version 1 contract with its tokenId and one operator key, from the frozen artifact: the
 * exact script those contracts carry), recorded as that code recorded it, then paid into,
 * started, cranked from another process and read by the current commands.
 */
describe('a version 1 dividend contract, deployed as the first version did, under the current commands', function () {
  this.timeout(300_000)
  const devnet = new SharedDevnet()

  before(async () => { await devnet.start('divvy-v1') })
  after(async () => { await devnet.stop() })

  it('keeps the frozen artifact byte for byte', () => {
    expect(createHash('sha256').update(readArtifact('dividendV1').hex).digest('hex')).to.equal(V1_TEMPLATE_SHA256)
  })

  it('is paid into, started, cranked by another process and read back, every payout floor(pool * amount / supply)', async () => {
    const home = devnet.temp('divvy-v1-home-')
    const divvy = async (...argv: string[]): Promise<string> => {
      const out: string[] = []
      const err: string[] = []
      const code = await runCli([...argv, '--rpc', devnet.rpcUrl, '--home', home], { out: l => { out.push(l) }, err: l => { err.push(l) } })
      expect(code, `${argv.join(' ')}: ${err.join(' ')}`).to.equal(0)
      return out.join('\n')
    }
    for (const w of ['issuer', 'alice', 'bob']) await divvy('fund', '--wallet', w, '--amount', '100000000')

    // What the first version's `divvy issue` did, and the record it wrote.
    const ctx = await DivvyContext.open({ settings: resolveNetwork({ rpc: devnet.rpcUrl }), home })
    let tokenId = ''
    try {
      const key = ctx.key('issuer')
      const mint = await sendOutputs(ctx, 'issuer', [{ script: tokenOutputScript(key.toAddress().hashBuffer.toString('hex'), deployMintInscription('OLDTIMER', DIVVY_SUPPLY)), satoshis: 1n }])
      await ctx.settle(true)
      tokenId = `${mint.id}_0`
      const { tx, contract } = await deployDividendV1(await ctx.signer('issuer'), tokenId, DIVVY_SUPPLY, key.publicKey)
      await ctx.settle(true)
      ctx.tokens.add({ symbol: 'OLDTIMER', handle: '@OldTimer', tokenId, supply: DIVVY_SUPPLY.toString(), dividendCodeHash: codeHashOf(contract), operatorKey: 'issuer', dividend: `${tx.id}_0` })
    } finally {
      await ctx.close()
    }

    await divvy('send', '--to', 'alice', '--amount', '250000000', '--wallet', 'issuer')
    await divvy('send', '--to', 'bob', '--amount', '1000000', '--wallet', 'issuer')
    await divvy('pay', '--amount', '2000001', '--wallet', 'alice')
    const started = await divvy('distribute', '--batch', '1', '--max-batches', '1', '--wallet', 'issuer')
    expect(started).to.match(/round 1: snapshot at height \d+: 3 holders/).and.match(/round 1: 2 holders still to pay/)
    const crank = await divvyChild(['distribute', '--crank', '--wallet', 'bob', '--rpc', devnet.rpcUrl, '--home', home])
    expect(crank.code, crank.err).to.equal(0)
    expect(crank.out).to.match(/round 1 is running/).and.match(/round 1 is complete: 3 holders paid from a pool of 2000001 satoshis/)

    const check = await DivvyContext.open({ settings: resolveNetwork({ rpc: devnet.rpcUrl }), home })
    try {
      const s = await status(check, 'OLDTIMER')
      expect([s.version, s.round, s.running, s.paidInRound, s.roundTokens]).to.deep.equal([1, 1n, false, 3, DIVVY_SUPPLY])
      expect(s.payouts.map(p => p.amount)).to.deep.equal([749_000_000n, 250_000_000n, 1_000_000n])
      for (const p of s.payouts) expect(p.satoshis).to.equal(2_000_001n * p.amount / DIVVY_SUPPLY)
      expect(s.balance).to.equal(2_000_002n - s.payouts.reduce((t, p) => t + p.satoshis, 0n))
    } finally {
      await check.close()
    }

    // Audited from a home that never saw the token, given only its id: the contract is found
    // from the issuer's deploy (its code holds the token id; only the issuer could have made it).
    const out: string[] = []
    const err: string[] = []
    const code = await runCli(['audit', '--token', tokenId, '--rpc', devnet.rpcUrl, '--home', devnet.temp('divvy-v1-auditor-')], { out: l => { out.push(l) }, err: l => { err.push(l) } })
    expect(code, err.join('\n')).to.equal(0)
    expect(out.join('\n')).to.match(/^audit of \$OLDTIMER \(token [0-9a-f]{64}_0, dividend contract [0-9a-f]{64}_0, version 1\): \d+ transactions: 1 deposits of 2000001 satoshis, 1 rounds, 3 payouts of \d+ satoshis; .*no discrepancy$/)
  })
})
