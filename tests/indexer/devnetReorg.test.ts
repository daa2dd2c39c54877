import { expect } from 'chai'
import { spawn } from 'child_process'
import { mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'
import { PrivateKey } from '@bsv/sdk'
import { Devnet } from '../../network/devnet/Devnet'
import { fundKey } from '../../network/devnet/fundedKey'
import { RpcClient } from '../../network/rpc/RpcClient'
import { Follower } from '../../indexer/follow/Follower'
import { Indexer } from '../../indexer/Indexer'
import { compiledModule } from '../../runtime/packageFiles'

async function dump (indexer: Indexer): Promise<Record<string, unknown>> {
  const all: Record<string, unknown> = {}
  for await (const [k, v] of indexer.store.scan<unknown>('')) all[k] = v
  return all
}

describe('indexer on the devnet: re-org and kill-and-restart', function () {
  this.timeout(120_000)
  const dirs: string[] = []
  const devnets: Devnet[] = []
  const tempDir = (): string => { const d = mkdtempSync(join(tmpdir(), 'divvy-reorg-')); dirs.push(d); return d }
  const devnet = async (): Promise<RpcClient> => {
    const d = await Devnet.start({ dataDir: tempDir(), port: 0 })
    devnets.push(d)
    return new RpcClient(d.rpcUrl)
  }
  after(async () => {
    for (const d of devnets) await d.stop()
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  })

  it('rolls back to the fork point when the node switches to a longer branch', async () => {
    const first = await devnet()
    const second = await devnet()
    await first.generateToAddress(5, PrivateKey.fromRandom().toAddress([0x6f]))
    await second.generateToAddress(8, PrivateKey.fromRandom().toAddress([0x6f]))
    expect(await first.getBlockHash(0)).to.equal(await second.getBlockHash(0))

    const indexer = await Indexer.open({ dataDir: tempDir() })
    const lines: string[] = []
    await new Follower({ rpc: first, indexer, startHeight: 0 }).sync()
    expect(indexer.tip?.hash).to.equal(await first.getBestBlockHash())
    // The same index now follows a node whose best chain forks after genesis.
    await new Follower({ rpc: second, indexer, startHeight: 0, log: l => lines.push(l) }).sync()
    expect(indexer.tip).to.deep.equal({ height: 8, hash: await second.getBestBlockHash() })
    expect(lines.filter(l => l.includes('re-org'))).to.have.length(5)

    const fresh = await Indexer.open({ dataDir: tempDir() })
    await new Follower({ rpc: second, indexer: fresh, startHeight: 0 }).sync()
    expect(await dump(indexer)).to.deep.equal(await dump(fresh))
    await indexer.close(); await fresh.close()
  })

  it('a SIGKILLed `npm run indexer` restarted gives the index of an uninterrupted run', async () => {
    const url = (() => { const d = devnets[0]; return d.rpcUrl })()
    const rpc = new RpcClient(url)
    const key = PrivateKey.fromRandom()
    await fundKey(rpc, key, 300)
    const target = await rpc.getBlockCount()

    const killedDir = tempDir()
    const run = async (kill: boolean): Promise<void> => {
      const child = spawn(process.execPath, [compiledModule(join(__dirname, '..', '..', 'scripts', 'indexer')), '--rpc', url, '--data', killedDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] })
      const exited = new Promise<void>(resolve => child.on('exit', () => resolve()))
      await new Promise<void>(resolve => {
        child.stdout.on('data', (chunk: Buffer) => {
          const text = chunk.toString()
          if (kill ? text.includes('indexer: height') || text.includes('API on') : text.includes(`height ${target}/${target}`)) resolve()
        })
        void exited.then(resolve)
      })
      child.kill(kill ? 'SIGKILL' : 'SIGTERM')
      await exited
    }
    await run(true)
    await run(false)
    const restarted = await Indexer.open({ dataDir: killedDir })
    if (restarted.tip?.height !== target) {
      // The second run stopped at the tip it reached; finish in-process (same pipeline).
      await new Follower({ rpc, indexer: restarted, startHeight: 0 }).sync()
    }
    const straight = await Indexer.open({ dataDir: tempDir() })
    await new Follower({ rpc, indexer: straight, startHeight: 0 }).sync()
    expect(restarted.tip).to.deep.equal(straight.tip)
    expect(await dump(restarted)).to.deep.equal(await dump(straight))
    await restarted.close(); await straight.close()
  })
})
