import { expect } from 'chai'
import { mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'
import { Devnet } from '../../network/devnet/Devnet'
import { runCli } from '../../scripts/cli/runCli'

interface Run { code: number, out: string, err: string }

describe('listings, balance and cancel from the seller\'s and the buyer\'s own homes', function () {
  this.timeout(240_000)
  let dir: string
  let devnet: Devnet
  let seller: string
  let buyer: string
  /** `divvy <argv>` from `home` on the shared devnet. */
  const divvy = async (home: string, ...argv: string[]): Promise<Run> => {
    const out: string[] = []
    const err: string[] = []
    const code = await runCli([...argv, '--rpc', devnet.rpcUrl, '--home', home], { out: l => { out.push(l) }, err: l => { err.push(l) } })
    return { code, out: out.join('\n'), err: err.join('\n') }
  }
  const ok = async (home: string, ...argv: string[]): Promise<string> => {
    const run = await divvy(home, ...argv)
    expect(run.code, `${argv.join(' ')}: ${run.err}`).to.equal(0)
    return run.out
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'divvy-market-'))
    devnet = await Devnet.start({ dataDir: join(dir, 'node'), port: 0 })
    seller = join(dir, 'seller')
    buyer = join(dir, 'buyer')
  })
  after(async () => {
    await devnet.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('a buyer that issued nothing finds the listings by price per token, buys, counts its tokens, and cannot cancel what is not its own; the seller cancels its own', async () => {
    await ok(seller, 'fund', '--wallet', 'issuer', '--amount', '50000000')
    const issued = await ok(seller, 'issue', '--handle', 'Market', '--wallet', 'issuer')
    const tokenId = /token id ([0-9a-f]{64}_0)/.exec(issued)?.[1] as string
    const dear = /listing ([0-9a-f]{64}_\d+)/.exec(await ok(seller, 'list', '--amount', '200000', '--price', '5000', '--wallet', 'issuer'))?.[1] as string
    const cheap = /listing ([0-9a-f]{64}_\d+)/.exec(await ok(seller, 'list', '--amount', '300000', '--price', '4500', '--wallet', 'issuer'))?.[1] as string

    await ok(buyer, 'fund', '--amount', '10000000')
    // The buyer's home knows no token: by id, and (one token on the chain) without --token.
    const seen = await ok(buyer, 'listings', '--token', tokenId)
    expect(seen).to.contain(`$MARKET (${tokenId}): 2 open listings`)
    const rows = seen.split('\n').slice(1)
    expect(rows[0]).to.contain(cheap).and.contain('300000 tokens').and.contain('4500 sats').and.contain('0.015000 sat/token')
    expect(rows[1]).to.contain(dear).and.contain('0.025000 sat/token')
    expect(await ok(buyer, 'listings')).to.equal(seen)

    await ok(buyer, 'buy', '--listing', cheap, '--token', tokenId)
    const held = await ok(buyer, 'balance')
    expect(held).to.match(/^wallet 'default' \([a-zA-Z0-9]+\): \d+ satoshis/)
    expect(held).to.contain(`$MARKET ${tokenId}: 300000 tokens`)
    const refused = await divvy(buyer, 'cancel', '--listing', dear, '--token', tokenId)
    expect(refused.code).to.equal(1)
    expect(refused.err).to.match(/^divvy cancel: --listing [0-9a-f]{64}_\d+: the listing is [a-zA-Z0-9]+'s, not wallet 'default' \([a-zA-Z0-9]+\): only its seller can cancel it$/)

    expect(await ok(seller, 'listings')).to.contain(dear).and.contain('yours (issuer)')
    expect(await ok(seller, 'balance', '--wallet', 'issuer')).to.contain(`$MARKET ${tokenId}: 999700000 tokens (200000 of them listed)`)
    // Cancelled without a block: reported pending until a block (here the next fund) takes it.
    expect(await ok(seller, 'cancel', '--listing', dear, '--wallet', 'issuer', '--no-mine')).to.match(/cancelled the listing of 200000 tokens in [0-9a-f]{64}/).and.match(/pending: [0-9a-f]{64}/)
    await ok(seller, 'fund', '--amount', '1000')
    expect(await ok(seller, 'balance', '--wallet', 'issuer')).to.contain(`$MARKET ${tokenId}: 999700000 tokens`).and.not.contain('listed')
    expect(await ok(buyer, 'listings', '--token', '$MARKET')).to.contain('0 open listings')
  })
})
