import { PrivateKey } from '@bsv/sdk'
import { expect } from 'chai'
import { spawn } from 'child_process'
import { existsSync, mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'
import { Follower } from '../../indexer/follow/Follower'
import { IndexedNode } from '../../indexer/IndexedNode'
import { Indexer } from '../../indexer/Indexer'
import { Devnet } from '../../network/devnet/Devnet'
import { regtestAddressOf } from '../../network/devnet/fundedKey'
import { resolveNetwork } from '../../network/networks'
import { RpcClient } from '../../network/rpc/RpcClient'
import { compiledModule } from '../../runtime/packageFiles'
import { DivvyContext } from '../../scripts/cli/DivvyContext'
import { runCli } from '../../scripts/cli/runCli'

async function divvy (...argv: string[]): Promise<{ code: number, out: string[], err: string[] }> {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(argv, { out: l => { out.push(l) }, err: l => { err.push(l) } })
  return { code, out, err }
}

describe('divvy never uses the wrong chain', function () {
  this.timeout(120_000)
  let dir: string
  let a: Devnet
  let b: Devnet
  let indexOfB: IndexedNode
  const temp = (name: string): string => join(dir, name)

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'divvy-wrongchain-'))
    a = await Devnet.start({ dataDir: temp('a'), port: 0 })
    b = await Devnet.start({ dataDir: temp('b'), port: 0 })
    // Two regtest chains: the same genesis, different blocks from height 1 on.
    await new RpcClient(a.rpcUrl).generateToAddress(3, regtestAddressOf(PrivateKey.fromRandom()))
    await new RpcClient(b.rpcUrl).generateToAddress(3, regtestAddressOf(PrivateKey.fromRandom()))
    indexOfB = await IndexedNode.open({ node: new RpcClient(b.rpcUrl), indexDir: temp('index-b') })
    await indexOfB.sync()
  })
  after(async () => {
    await indexOfB.close()
    await a.stop()
    await b.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('an --rpc nobody answers at is a one-line error; no devnet is started in its place', async () => {
    const home = temp('home-unreachable')
    const run = await divvy('holders', '--rpc', 'http://divvy:divvy@127.0.0.1:1', '--home', home)
    expect(run.code).to.equal(1)
    expect(run.err).to.have.length(1)
    expect(run.err[0]).to.match(/^divvy holders: devnet: node at http:\/\/127\.0\.0\.1:1\/ is unreachable/)
    expect(existsSync(join(home, 'node'))).to.equal(false)
  })

  it('refused credentials say "credentials refused", on --rpc and for the indexer\'s follower', async () => {
    const wrong = a.rpcUrl.replace('divvy:divvy@', 'divvy:nope@')
    const run = await divvy('holders', '--rpc', wrong, '--home', temp('home-401'))
    expect(run.code).to.equal(1)
    expect(run.err).to.have.length(1)
    expect(run.err[0]).to.match(/credentials refused \(HTTP 401\)/)
    expect(existsSync(join(temp('home-401'), 'node'))).to.equal(false)

    const indexer = await Indexer.open({ dataDir: temp('index-401') })
    try {
      const follower = new Follower({ rpc: new RpcClient({ url: wrong, network: 'devnet' }), indexer, startHeight: 0, pollMs: 10 })
      follower.start()
      // It stops by itself instead of retrying forever.
      const failure = await follower.finished()
      expect(failure?.message).to.match(/credentials refused/)
    } finally {
      await indexer.close()
    }
  })

  it('npm run indexer against refused credentials ends at once with that one line', async () => {
    const wrong = a.rpcUrl.replace('divvy:divvy@', 'divvy:nope@')
    const child = spawn(process.execPath, [compiledModule(join(__dirname, '..', '..', 'scripts', 'indexer.ts')), '--rpc', wrong, '--data', temp('index-cli'), '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let err = ''
    child.stderr.on('data', (c: Buffer) => { err += c.toString() })
    const code = await new Promise<number | null>(resolve => child.once('exit', resolve))
    expect(code).to.equal(1)
    expect(err.trim()).to.match(/^indexer: regtest: node at .*: credentials refused \(HTTP 401\)/)
  })

  it('refuses a node that follows another chain than the home used', async () => {
    const home = temp('home-a')
    expect((await divvy('fund', '--rpc', a.rpcUrl, '--home', home, '--amount', '1000')).code).to.equal(0)
    const run = await divvy('fund', '--rpc', b.rpcUrl, '--home', home, '--amount', '1000')
    expect(run.code).to.equal(1)
    expect(run.err[0]).to.match(/^divvy fund: the node at .* follows another chain than this home: the home's block 1 is [0-9a-f]{64}, the node has [0-9a-f]{64} at height 1/)
  })

  it('refuses an --indexer whose block at its indexed height is not the node\'s', async () => {
    const run = await divvy('holders', '--rpc', a.rpcUrl, '--indexer', indexOfB.url, '--home', temp('home-indexer'))
    expect(run.code).to.equal(1)
    expect(run.err).to.have.length(1)
    expect(run.err[0]).to.match(/the indexer at .* follows another chain than the node: at height \d+ it has block [0-9a-f]{64}, the node [0-9a-f]{64}/)
  })

  it('passes over a default indexer of another chain for an index in the home', async () => {
    const settings = { ...resolveNetwork({ rpc: a.rpcUrl }, {}), indexerUrl: indexOfB.url }
    const lines: string[] = []
    const ctx = await DivvyContext.open({ settings, home: temp('home-default-indexer'), log: l => { lines.push(l) } })
    try {
      expect(ctx.settings.indexerUrl).to.not.equal(indexOfB.url)
      expect(lines.join('\n')).to.match(/follows another chain .*; using an index in the home/)
      expect(await ctx.indexedHeight()).to.equal(await new RpcClient(a.rpcUrl).getBlockCount())
    } finally {
      await ctx.close()
    }
  })

  it('uses an --indexer on the same chain', async () => {
    const run = await divvy('status', '--rpc', b.rpcUrl, '--indexer', indexOfB.url, '--home', temp('home-b'))
    expect(run.code, run.err.join(' ')).to.equal(0)
    expect(run.out.join('\n')).to.match(/no token in .* yet/)
  })
})
