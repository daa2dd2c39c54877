import * as path from 'path'
import { bsv, TestWallet } from 'scrypt-ts'
import { RunningApi, startApi } from '../../indexer/api/ApiServer'
import { Follower } from '../../indexer/follow/Follower'
import { Indexer } from '../../indexer/Indexer'
import { MempoolView } from '../../indexer/mempool/MempoolView'
import { Devnet } from '../../network/devnet/Devnet'
import { NetworkSettings } from '../../network/networks'
import { DivvyProvider } from '../../network/provider/DivvyProvider'
import { RpcClient } from '../../network/rpc/RpcClient'
import { KeyFile } from './KeyFile'

export interface ContextOptions {
  settings: NetworkSettings
  /** Where keys, the embedded devnet and the embedded index live (default .divvy/<network>). */
  home?: string
  log?: (line: string) => void
}

async function reachable (url: string | undefined, probe: (url: string) => Promise<unknown>): Promise<boolean> {
  if (url === undefined) return false
  try { await probe(url); return true } catch { return false }
}

/**
 * Everything a command needs on one network: keys, the node, the indexer and a scrypt-ts
 * provider. On devnet nothing else has to run: when no devnet answers at the RPC URL, one is
 * started in this process on the home's data directory, and when no indexer answers, an
 * index in the home follows the node in this process.
 */
export class DivvyContext {
  readonly settings: NetworkSettings
  readonly home: string
  readonly keys: KeyFile
  readonly log: (line: string) => void
  rpc: RpcClient | undefined
  provider!: DivvyProvider
  private devnet: Devnet | undefined
  private indexer: { indexer: Indexer, follower: Follower, api: RunningApi } | undefined

  private constructor (options: ContextOptions) {
    this.settings = { ...options.settings }
    this.home = options.home ?? path.join('.divvy', options.settings.name)
    this.keys = new KeyFile(path.join(this.home, 'keys.json'), this.settings.addressFormat)
    this.log = options.log ?? (() => {})
  }

  static async open (options: ContextOptions): Promise<DivvyContext> {
    const ctx = new DivvyContext(options)
    try {
      await ctx.start()
    } catch (e) {
      await ctx.close()
      throw e
    }
    return ctx
  }

  private async start (): Promise<void> {
    const s = this.settings
    if (s.kind === 'node') {
      const nodeUp = await reachable(s.rpcUrl, async url => await new RpcClient({ url, network: s.name, timeoutMs: 2000 }).getBlockCount())
      if (!nodeUp) {
        if (s.name !== 'devnet') throw new Error(`${s.name}: no node answers at ${redact(s.rpcUrl)}; start bitcoind -regtest as DESIGN.md says, or pass --rpc`)
        this.devnet = await Devnet.start({ dataDir: path.join(this.home, 'node'), port: 0 })
        s.rpcUrl = this.devnet.rpcUrl
        this.log(`devnet: started in-process on ${path.join(this.home, 'node')}`)
      }
      this.rpc = new RpcClient({ url: s.rpcUrl!, network: s.name })
      const indexerUp = !nodeUp ? false : await reachable(s.indexerUrl, async url => { const r = await fetch(`${url}/status`, { signal: AbortSignal.timeout(2000) }); if (!r.ok) throw new Error() })
      if (!indexerUp) {
        const indexer = await Indexer.open({ dataDir: path.join(this.home, 'index'), network: 'regtest' })
        const mempool = new MempoolView(this.rpc)
        const follower = new Follower({ rpc: this.rpc, indexer, startHeight: 0, mempool })
        const api = await startApi(indexer, { port: 0, rpc: this.rpc, mempool })
        this.indexer = { indexer, follower, api }
        s.indexerUrl = api.url
        await this.sync()
      }
    }
    this.provider = DivvyProvider.forNetwork(s)
    await this.provider.connect()
  }

  /** Brings the in-process index up to the node's tip (a no-op with an external indexer). */
  async sync (): Promise<void> {
    if (this.indexer !== undefined) await this.indexer.follower.sync()
  }

  /** The in-process index, when this context runs one. */
  get localIndexer (): Indexer | undefined {
    return this.indexer?.indexer
  }

  /** A scrypt-ts signer for the named key of the key file, on this network's provider. */
  async signer (name = 'default'): Promise<TestWallet> {
    const wallet = new TestWallet(this.keys.key(name), this.provider)
    return wallet
  }

  key (name = 'default'): bsv.PrivateKey {
    return this.keys.key(name)
  }

  /** On devnet and regtest, mines `blocks` blocks (to a throw-away address) so that what was sent confirms. */
  async mine (blocks = 1): Promise<number> {
    if (this.rpc === undefined) throw new Error(`${this.settings.name}: blocks are mined by the network, not by Divvy`)
    await this.rpc.generateToAddress(blocks, this.keys.key('miner').toAddress().toString())
    await this.sync()
    return await this.rpc.getBlockCount()
  }

  async close (): Promise<void> {
    if (this.indexer !== undefined) {
      await this.indexer.follower.stop()
      await this.indexer.api.close()
      await this.indexer.indexer.close()
      this.indexer = undefined
    }
    if (this.devnet !== undefined) {
      await this.devnet.stop()
      this.devnet = undefined
    }
  }
}

function redact (url: string | undefined): string {
  return (url ?? '(none)').replace(/\/\/[^@/]*@/, '//***@')
}
