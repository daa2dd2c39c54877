import * as path from 'path'
import { bsv, TestWallet } from 'scrypt-ts'
import { IndexedNode } from '../../indexer/IndexedNode'
import type { IndexedPublic } from '../../indexer/IndexedPublic'
import type { Indexer } from '../../indexer/Indexer'
import { ServiceError } from '../../network/http/ServiceError'
import { DEVNET_RPC_URL, NetworkSettings } from '../../network/networks'
import { DivvyProvider } from '../../network/provider/DivvyProvider'
import { IndexerClient, type IndexerStatus } from '../../network/provider/IndexerClient'
import { RpcClient } from '../../network/rpc/RpcClient'
import { RpcError } from '../../network/rpc/RpcError'
import { Confirmations, reviewPending } from './Confirmations'
import { loadContractArtifacts } from './contractArtifacts'
import { EmbeddedDevnet } from './EmbeddedDevnet'
import { HomeChain } from './HomeChain'
import { KeyFile } from './KeyFile'
import { PendingLedger } from './PendingLedger'
import { openPublicIndex } from './PublicIndex'
import { TokenRegistry } from './TokenRegistry'
import type { RequestPacer } from '../../network/http/RequestPacer'

/** How `DivvyContext.open` opens a home: its network, its folder, and how commands pay and mine. */
export interface ContextOptions {
  settings: NetworkSettings
  /** Where keys, the embedded devnet and the embedded index live (default .divvy/<network>). */
  home?: string
  /** devnet: always run the chain in this process (never use a devnet found at the RPC URL). */
  embedded?: boolean
  /** Pay this many satoshis per kB instead of the network's mining fee. */
  feeRate?: number
  /** The command, named in the home's pending list beside what it sent. */
  command?: string
  log?: (line: string) => void
  /** Progress the user should see while a command waits (default: `log`). */
  progress?: (line: string) => void
}

async function indexerStatus (url: string, network: string): Promise<IndexerStatus> {
  return await new IndexerClient({ network, url, timeoutMs: 2000 }).status()
}

/** Why an indexer does not serve this node (its block at its indexed height is not the node's), or undefined when it does. */
async function chainMismatch (rpc: RpcClient, status: IndexerStatus): Promise<string | undefined> {
  if (status.indexedHeight === null || status.indexedHash === null) return undefined
  const nodeHeight = await rpc.getBlockCount()
  if (status.indexedHeight > nodeHeight) return `it has indexed up to height ${status.indexedHeight}, the node's height is ${nodeHeight}`
  const nodeHash = await rpc.getBlockHash(status.indexedHeight)
  return nodeHash === status.indexedHash ? undefined : `at height ${status.indexedHeight} it has block ${status.indexedHash}, the node ${nodeHash}`
}

/**
 * Everything a command needs on one network: keys, the node, the indexer and a scrypt-ts
 * provider. On devnet nothing else has to run: when no devnet answers at the RPC URL, one is
 * started in this process on the home's data directory (`<home>/node`), and when no indexer
 * answers, an index in the home follows the node in this process. Both keep their state in
 * LevelDB, so the chain carries on from one command to the next.
 */
export class DivvyContext {
  /** The network it runs on, as resolved from the options. */
  readonly settings: NetworkSettings
  /** The home's folder (absolute): keys, tokens, the pending list, and on devnet the chain and index. */
  readonly home: string
  /** The home's key file (`keys.json`). */
  readonly keys: KeyFile
  /** The tokens this home issued or follows (`tokens.json`). */
  readonly tokens: TokenRegistry
  /** What this home sent and has not seen confirmed. */
  readonly pendingTxs: PendingLedger
  /** Where a command's lines of output go. */
  readonly log: (line: string) => void
  private readonly progress: (line: string) => void
  /** Tells the user something while a command runs (progress, a retry). */
  readonly say = (line: string): void => { this.progress(line) }
  private readonly feeRate: number | undefined
  private readonly command: string
  /** What this command sent, until it is seen confirmed. */
  confirmations!: Confirmations
  /** The node's JSON-RPC (devnet, regtest); undefined on testnet and mainnet. */
  rpc: RpcClient | undefined
  /** The scrypt-ts provider of this network. */
  provider!: DivvyProvider
  /** The in-process index. */
  private local: IndexedNode | undefined
  /** The devnet with its index, when this process runs the chain. */
  private embedded: EmbeddedDevnet | undefined
  /** testnet, mainnet: the home's index, fed from WhatsOnChain in this process. */
  private publicIndex: IndexedPublic | undefined
  /** What this command broadcast since the index last took it in (testnet, mainnet). */
  private broadcastHex: string[] = []
  private readonly signers = new Map<string, TestWallet>()

  private constructor (options: ContextOptions) {
    this.settings = { ...options.settings }
    this.home = path.resolve(options.home ?? path.join('.divvy', options.settings.name))
    this.keys = new KeyFile(path.join(this.home, 'keys.json'), this.settings.addressFormat)
    this.tokens = new TokenRegistry(path.join(this.home, 'tokens.json'))
    this.pendingTxs = new PendingLedger(path.join(this.home, 'pending.json'))
    this.log = options.log ?? (() => {})
    this.progress = options.progress ?? this.log
    this.feeRate = options.feeRate
    this.command = options.command ?? 'divvy'
  }

  /** Opens the home and reaches its network (starting an embedded devnet or index where needed); `close()` when done. */
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

  /**
   * Whether the wallet builds on its unconfirmed outputs (testnet, mainnet: nobody mines for
   * it, and ARC takes chains of unconfirmed transactions): its token reads lay the pending
   * view on top of the confirmed index, so nothing already spent is spent again.
   */
  get spendsUnconfirmed (): boolean {
    return this.publicIndex !== undefined
  }

  /** devnet or regtest: a node this project talks JSON-RPC to (and can mine on). */
  get isNode (): boolean {
    return this.settings.kind === 'node'
  }

  private async start (embedded: boolean): Promise<void> {
    const s = this.settings
    let wocPacer: RequestPacer | undefined
    if (s.kind === 'node') {
      if (embedded && s.name !== 'devnet') throw new Error(`${s.name}: only the devnet can run embedded`)
      const outside = embedded ? undefined : await this.outsideNode()
      if (outside !== undefined) {
        this.rpc = outside
        await new HomeChain(path.join(this.home, 'chain.json')).check(outside, `the node at ${redact(s.rpcUrl)}`)
        // An outside node gets an index of its own (by port) unless an indexer on the same chain serves it.
        if (!await this.useIndexer(outside)) this.local = await IndexedNode.open({ node: outside, indexDir: path.join(this.home, `index-${new URL(s.rpcUrl!).port}`) })
      } else {
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
        await new HomeChain(path.join(this.home, 'chain.json')).check(this.rpc, `no devnet answers at ${redact(DEVNET_RPC_URL)}, and the devnet in ${devnetDir}`)
        this.log(`devnet: started in-process on ${devnetDir}`)
      }
      if (this.local !== undefined) s.indexerUrl = this.local.url
      await this.sync()
    } else {
      // No node to follow: the same index, fed from public services, in the home.
      const opened = await openPublicIndex({ settings: s, indexDir: path.join(this.home, 'index'), log: this.progress })
      this.publicIndex = opened.index
      wocPacer = opened.pacer
      s.indexerUrl = this.publicIndex.url
      await this.sync()
    }
    // One rate limit for every request of this home to WhatsOnChain, the index's and the provider's.
    this.provider = DivvyProvider.forNetwork(s, { feePerKb: this.feeRate, wocPacer })
    this.confirmations = new Confirmations(this.provider, this.pendingTxs, this.command)
    this.provider.onBroadcast = (txid, rawHex) => {
      this.confirmations.sent(txid)
      if (this.publicIndex !== undefined) this.broadcastHex.push(rawHex)
    }
    // Where something else mines, a too long unconfirmed chain waits for its blocks; an
    // embedded devnet mines only when a command asks it to, so there waiting would never end.
    if (this.embedded === undefined) this.provider.chainWait = { progress: this.progress }
    await this.provider.connect()
  }

  /**
   * The node at the RPC URL, checked to answer. Only the devnet's default URL may be found
   * silent (then the devnet runs in this process); a URL the user gave, refused
   * credentials, or anything but an answer is a one-line error, never another chain.
   */
  private async outsideNode (): Promise<RpcClient | undefined> {
    const s = this.settings
    const url = s.rpcUrl as string
    try {
      await new RpcClient({ url, network: s.name, timeoutMs: 2000 }).getBlockchainInfo()
      return new RpcClient({ url, network: s.name })
    } catch (e) {
      const kind = e instanceof RpcError ? e.kind : 'malformed'
      if (kind === 'unreachable' && s.name === 'devnet' && s.rpcGiven !== true) return undefined
      if (kind === 'unreachable' && s.name === 'regtest' && s.rpcGiven !== true) throw new Error(`${s.name}: no node answers at ${redact(url)}; start bitcoind -regtest -genesisactivationheight=1 -txindex=1, or pass --rpc`)
      // The devnet's port is also a real regtest node's default: say which one is in the way.
      if (kind === 'credentials' && s.name === 'devnet' && s.rpcGiven !== true) throw new Error(`devnet: a node at ${redact(url)} refuses the devnet's credentials (a bitcoind -regtest on the same port?): stop it, or reach it with --network regtest --rpc http://user:pass@host:port`)
      throw e
    }
  }

  /**
   * Whether the indexer at the indexer URL serves this node: it must answer and have the
   * node's block at its indexed height. One the user gave that does not is an error; the
   * devnet's default one that does not is passed over for an index in the home.
   */
  private async useIndexer (rpc: RpcClient): Promise<boolean> {
    const s = this.settings
    if (s.indexerUrl === undefined) return false
    const given = s.indexerGiven === true
    let status: IndexerStatus
    try {
      status = await indexerStatus(s.indexerUrl, s.name)
    } catch (e) {
      if (given || (e instanceof ServiceError && e.kind === 'credentials')) throw e
      return false
    }
    const mismatch = await chainMismatch(rpc, status)
    if (mismatch === undefined) return true
    if (given) throw new Error(`${s.name}: the indexer at ${s.indexerUrl} follows another chain than the node: ${mismatch}`)
    this.log(`${s.name}: the indexer at ${s.indexerUrl} follows another chain (${mismatch}); using an index in the home`)
    return false
  }

  /**
   * Brings the index up to the node's tip and mempool: the in-process one at once, an
   * outside indexer by waiting (up to 30 s) until it has indexed the node's tip.
   */
  async sync (): Promise<void> {
    if (this.local !== undefined) { await this.local.sync(); return }
    if (this.publicIndex !== undefined) {
      await this.followHomeTokens()
      this.broadcastHex = []
      await this.publicIndex.sync()
      return
    }
    const { rpc, settings } = this
    if (rpc === undefined || settings.indexerUrl === undefined) return
    const tip = await rpc.getBlockCount()
    const until = Date.now() + 30_000
    for (;;) {
      const status = await indexerStatus(settings.indexerUrl, settings.name)
      const mismatch = await chainMismatch(rpc, status)
      if (mismatch !== undefined) throw new Error(`${settings.name}: the indexer at ${settings.indexerUrl} follows another chain than the node: ${mismatch}`)
      if ((status.indexedHeight ?? -1) >= tip) return
      if (Date.now() > until) throw new Error(`the indexer at ${settings.indexerUrl} has not reached the node's height ${tip} in 30 s`)
      await new Promise(resolve => setTimeout(resolve, 200))
    }
  }

  /**
   * The Divvy indexer's API: BSV-21 tokens, listings, snapshots and contract state (on
   * testnet and mainnet, the home's index fed from public services).
   */
  indexerClient (): IndexerClient {
    const { name, indexerUrl } = this.settings
    if (indexerUrl === undefined) throw new Error(`${name}: no indexer`)
    return new IndexerClient({ network: name, url: indexerUrl })
  }

  /** testnet, mainnet: the home's index follows every token of the home, from its issue. */
  private async followHomeTokens (): Promise<void> {
    for (const t of this.tokens.all()) {
      const origin = t.origin ?? t.dividend
      await this.publicIndex?.follow({ tokenId: t.tokenId, ...(origin !== undefined ? { contractOrigin: origin } : {}) })
    }
  }

  /**
   * testnet, mainnet: makes the home's index follow a token from its issue transaction (and
   * its contract from `contractOrigin`, by default output 1 of the issue) and catch up.
   * Elsewhere the index follows the whole chain already.
   */
  async follow (tokenId: string, contractOrigin = `${tokenId.split('_')[0]}_1`): Promise<void> {
    if (this.publicIndex === undefined) return
    await this.publicIndex.follow({ tokenId, contractOrigin })
    await this.publicIndex.sync()
  }

  /** The in-process index, when this context runs one. */
  get localIndexer (): Indexer | undefined {
    return this.local?.indexer ?? this.publicIndex?.indexer
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

  /** The home's key of that name, created on first use. */
  key (name = 'default'): bsv.PrivateKey {
    return this.keys.key(name)
  }

  /** The address of the home's key of that name. */
  address (name = 'default'): string {
    return this.keys.key(name).toAddress().toString()
  }

  /**
   * On devnet and regtest, mines `blocks` blocks (to the home's 'miner' key) and checks that
   * everything this command sent is confirmed now: a transaction the node would not mine
   * (under its mining fee, not final) fails the command, saying why.
   */
  async mine (blocks = 1): Promise<number> {
    if (this.rpc === undefined) throw new Error(`${this.settings.name}: blocks are mined by the network, not by Divvy`)
    await this.rpc.generateToAddress(blocks, this.address('miner'))
    await this.sync()
    await this.confirmations.checkMined(this.rpc)
    // What earlier commands left pending may be in these blocks too.
    await reviewPending(this.provider, this.pendingTxs)
    return await this.rpc.getBlockCount()
  }

  /**
   * After a broadcast: on devnet/regtest when asked to, mine a block and check what was
   * sent is in it; otherwise what was sent stays pending (reported at the end of the
   * command and kept for `divvy status`). Either way the index catches up.
   */
  async settle (mine: boolean): Promise<void> {
    if (mine && this.rpc !== undefined) { await this.mine(1); return }
    if (this.publicIndex !== undefined) {
      // What this command sent joins the pending view at once: a full sync asks about every
      // followed output, which at the services' rate limits is not for every batch.
      await this.followHomeTokens()
      for (const hex of this.broadcastHex.splice(0)) await this.publicIndex.learn(hex)
      return
    }
    await this.sync()
  }

  /** Lines telling what this command sent that is not confirmed, and why it is not. */
  pendingReport (mine: boolean): string[] {
    const reason = this.rpc === undefined ? `${this.settings.name} confirms it when a miner takes it` : mine ? 'the node has not mined it' : 'not mined here: --no-mine'
    return this.confirmations?.report(reason) ?? []
  }

  /** The confirmed height the index has reached. */
  async indexedHeight (): Promise<number> {
    const local = this.localIndexer
    if (local !== undefined) return local.tip?.height ?? -1
    if (this.settings.indexerUrl === undefined) throw new Error(`${this.settings.name}: no indexer`)
    return (await indexerStatus(this.settings.indexerUrl, this.settings.name)).indexedHeight ?? -1
  }

  /**
   * The height a new round's snapshot is taken at: the indexed tip less the network's
   * confirmations (`snapshotDepth` k: the block must have k confirmations, 6 on the public
   * networks), so that a re-org cannot make an honest snapshot unreproducible.
   */
  async snapshotHeight (): Promise<number> {
    return await this.indexedHeight() - (this.settings.snapshotDepth - 1)
  }

  /** Stops what `open` started in this process (the embedded devnet and index). */
  async close (): Promise<void> {
    const { local, embedded, publicIndex } = this
    this.local = undefined
    this.embedded = undefined
    this.publicIndex = undefined
    await (embedded ?? local)?.close()
    await publicIndex?.close()
  }
}

function redact (url: string | undefined): string {
  return (url ?? '(none)').replace(/\/\/[^@/]*@/, '//***@')
}
