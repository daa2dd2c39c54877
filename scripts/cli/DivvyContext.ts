import * as path from 'path'
import { bsv, TestWallet } from 'scrypt-ts'
import { IndexedNode } from '../../indexer/IndexedNode'
import type { Indexer } from '../../indexer/Indexer'
import { NetworkSettings } from '../../network/networks'
import { DivvyProvider } from '../../network/provider/DivvyProvider'
import { IndexerClient, type IndexerStatus } from '../../network/provider/IndexerClient'
import { RpcClient } from '../../network/rpc/RpcClient'
import { loadContractArtifacts } from './contractArtifacts'
import { EmbeddedDevnet } from './EmbeddedDevnet'
import { KeyFile } from './KeyFile'
import { TokenRegistry } from './TokenRegistry'

export interface ContextOptions {
  settings: NetworkSettings
  /** Where keys, the embedded devnet and the embedded index live (default .divvy/<network>). */
  home?: string
  /** devnet: always run the chain in this process (never use a devnet found at the RPC URL). */
  embedded?: boolean
  log?: (line: string) => void
}

async function reachable (url: string | undefined, probe: (url: string) => Promise<unknown>): Promise<boolean> {
  if (url === undefined) return false
  try { await probe(url); return true } catch { return false }
}

async function indexerStatus (url: string, network: string): Promise<IndexerStatus> {
  return await new IndexerClient({ network, url, timeoutMs: 2000 }).status()
}

/**
 * Everything a command needs on one network: keys, the node, the indexer and a scrypt-ts
 * provider. On devnet nothing else has to run: when no devnet answers at the RPC URL, one is
 * started in this process on the home's data directory (`<home>/node`), and when no indexer
 * answers, an index in the home follows the node in this process. Both keep their state in
 * LevelDB, so the chain carries on from one command to the next.
 */
export class DivvyContext {
  readonly settings: NetworkSettings
  readonly home: string
  readonly keys: KeyFile
  readonly tokens: TokenRegistry
  readonly log: (line: string) => void
  rpc: RpcClient | undefined
  provider!: DivvyProvider
  /** The in-process index. */
  private local: IndexedNode | undefined
  /** The devnet with its index, when this process runs the chain. */
  private embedded: EmbeddedDevnet | undefined
  private readonly signers = new Map<string, TestWallet>()

  private constructor (options: ContextOptions) {
    this.settings = { ...options.settings }
    this.home = path.resolve(options.home ?? path.join('.divvy', options.settings.name))
    this.keys = new KeyFile(path.join(this.home, 'keys.json'), this.settings.addressFormat)
    this.tokens = new TokenRegistry(path.join(this.home, 'tokens.json'))
    this.log = options.log ?? (() => {})
  }

  static async open (options: ContextOptions): Promise<DivvyContext> {
    // Compiling (when artifacts are stale) blocks this process for seconds: do it before
    // any in-process node or indexer starts serving.
    loadContractArtifacts(options.log)
    const ctx = new DivvyContext(options)
    try {
      await ctx.start(options.embedded === true)
    } catch (e) {
      await ctx.close()
      throw e
    }
    return ctx
  }

  /** devnet or regtest: a node this project talks JSON-RPC to (and can mine on). */
  get isNode (): boolean {
    return this.settings.kind === 'node'
  }

  private async start (embedded: boolean): Promise<void> {
    const s = this.settings
    if (s.kind === 'node') {
      if (embedded && s.name !== 'devnet') throw new Error(`${s.name}: only the devnet can run embedded`)
      const nodeUp = !embedded && await reachable(s.rpcUrl, async url => await new RpcClient({ url, network: s.name, timeoutMs: 2000 }).getBlockCount())
      if (nodeUp) {
        this.rpc = new RpcClient({ url: s.rpcUrl!, network: s.name })
        // An outside node gets an index of its own (by port), so that an index never follows two different chains.
        if (!await reachable(s.indexerUrl, async url => await indexerStatus(url, s.name))) this.local = await IndexedNode.open({ node: this.rpc, indexDir: path.join(this.home, `index-${new URL(s.rpcUrl!).port}`) })
      } else {
        if (s.name !== 'devnet') throw new Error(`${s.name}: no node answers at ${redact(s.rpcUrl)}; start bitcoind -regtest -genesisactivationheight=1 -txindex=1, or pass --rpc`)
        const devnetDir = path.join(this.home, 'node')
        try {
          this.embedded = await EmbeddedDevnet.start({ devnetDir, indexDir: path.join(this.home, 'index') })
        } catch (e) {
          if (/lock/i.test(String((e as { cause?: unknown }).cause ?? '') + (e as Error).message)) throw new Error(`${devnetDir} is in use by another divvy command; wait for it to finish, or run 'npm run devnet' to share one devnet`)
          throw e
        }
        this.local = this.embedded.node
        s.rpcUrl = this.embedded.devnet.rpcUrl
        this.rpc = this.embedded.rpc
        this.log(`devnet: started in-process on ${devnetDir}`)
      }
      if (this.local !== undefined) s.indexerUrl = this.local.url
      await this.sync()
    }
    this.provider = DivvyProvider.forNetwork(s)
    await this.provider.connect()
  }

  /**
   * Brings the index up to the node's tip and mempool: the in-process one at once, an
   * outside indexer by waiting (up to 30 s) until it has indexed the node's tip.
   */
  async sync (): Promise<void> {
    if (this.local !== undefined) { await this.local.sync(); return }
    if (this.rpc === undefined || this.settings.indexerUrl === undefined) return
    const tip = await this.rpc.getBlockCount()
    const until = Date.now() + 30_000
    while (((await indexerStatus(this.settings.indexerUrl, this.settings.name)).indexedHeight ?? -1) < tip) {
      if (Date.now() > until) throw new Error(`the indexer at ${this.settings.indexerUrl} has not reached the node's height ${tip} in 30 s`)
      await new Promise(resolve => setTimeout(resolve, 200))
    }
  }

  /** The Divvy indexer's API (devnet and regtest): BSV-21 tokens, listings, snapshots and contract state. */
  indexerClient (): IndexerClient {
    const { name, indexerUrl } = this.settings
    if (!this.isNode || indexerUrl === undefined) throw new Error(`${name}: BSV-21 tokens are read from the Divvy indexer, which follows devnet and regtest nodes; ${name} is not supported for token commands yet`)
    return new IndexerClient({ network: name, url: indexerUrl })
  }

  /** The in-process index, when this context runs one. */
  get localIndexer (): Indexer | undefined {
    return this.local?.indexer
  }

  /** A scrypt-ts signer for the named key of the key file, on this network's provider (one per name). */
  async signer (name = 'default'): Promise<TestWallet> {
    let wallet = this.signers.get(name)
    if (wallet === undefined) {
      wallet = new TestWallet(this.keys.key(name), this.provider)
      // Pay from the provider's view of the UTXOs, never from split transactions of its own.
      wallet.enableSplitFeeTx(false)
      this.signers.set(name, wallet)
    }
    return wallet
  }

  key (name = 'default'): bsv.PrivateKey {
    return this.keys.key(name)
  }

  address (name = 'default'): string {
    return this.keys.key(name).toAddress().toString()
  }

  /** On devnet and regtest, mines `blocks` blocks (to the home's 'miner' key) so that what was sent confirms. */
  async mine (blocks = 1): Promise<number> {
    if (this.rpc === undefined) throw new Error(`${this.settings.name}: blocks are mined by the network, not by Divvy`)
    await this.rpc.generateToAddress(blocks, this.address('miner'))
    await this.sync()
    return await this.rpc.getBlockCount()
  }

  /** After a broadcast: mine a block on devnet/regtest when asked to, and let the index catch up. */
  async settle (mine: boolean): Promise<void> {
    if (mine && this.rpc !== undefined) await this.mine(1)
    else await this.sync()
  }

  /** The confirmed height the index has reached (node networks). */
  async indexedHeight (): Promise<number> {
    if (this.local !== undefined) return this.local.indexer.tip?.height ?? -1
    if (this.settings.indexerUrl === undefined) throw new Error(`${this.settings.name}: no indexer`)
    return (await indexerStatus(this.settings.indexerUrl, this.settings.name)).indexedHeight ?? -1
  }

  async close (): Promise<void> {
    const { local, embedded } = this
    this.local = undefined
    this.embedded = undefined
    await (embedded ?? local)?.close()
  }
}

function redact (url: string | undefined): string {
  return (url ?? '(none)').replace(/\/\/[^@/]*@/, '//***@')
}
