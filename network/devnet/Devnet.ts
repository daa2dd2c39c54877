import { mkdirSync } from 'fs'
import { Chain } from './Chain'
import { Regtest } from './ChainParams'
import { Mempool } from './Mempool'
import { Miner } from './Miner'
import { NonFinalPool } from './NonFinalPool'
import { rpcMethods } from './RpcMethods'
import { RpcServer } from './RpcServer'
import { Store } from './Store'
import { minimumFee, NODE_POLICY_DEFAULTS, TxAcceptor } from './TxAcceptor'
import { VerifyPool } from './VerifyPool'

/** How `Devnet.start` runs the node: where its chain lives, its RPC address and credentials, and the node policy it applies. */
export interface DevnetOptions {
  /** LevelDB lives here; created if missing. */
  dataDir: string
  /** 0 = a free port (tests); default 18332 for the CLI. */
  port?: number
  /** Always 127.0.0.1 by default. */
  host?: string
  /** Default 'divvy'. */
  rpcUser?: string
  /** Default 'divvy'. */
  rpcPassword?: string
  /**
   * The node's -minminingtxfee in satoshis per kB, default 1: a transaction paying less is
   * accepted but waits unmined in the secondary mempool (unless a child pays for it).
   */
  miningFeeRate?: number
  /** -maxtxfee in satoshis (default 0.1 BSV): a larger fee is refused unless allowhighfees. */
  maxTxFee?: bigint
  /** -mempoolexpiry in hours (default 336). */
  mempoolExpiryHours?: number
  /** -limitancestorcount (default 10,000) and -limitcpfpgroupmemberscount (default 25). */
  limitAncestorCount?: number
  limitCpfpGroupMembersCount?: number
  /** -acceptnonstdtxn=0: refuse non-standard transactions (regtest, and so the devnet, accepts them by default). */
  requireStandard?: boolean
  /** Default 1. */
  genesisActivationHeight?: number
  /** Default: never (a large number) unless set. */
  chronicleActivationHeight?: number
  /** The clock of the mempool (acceptance times and expiry), Unix seconds; for tests. */
  now?: () => number
}

/** The JSON-RPC port of `npm run devnet` (18332, bitcoind's regtest default). */
export const DEFAULT_DEVNET_PORT = Regtest.rpcPort
const NEVER = 0x7fffffff

/**
 * An embedded Bitcoin SV regtest node: chain, mempool and UTXO set in LevelDB under
 * `dataDir`, bitcoind's JSON-RPC on 127.0.0.1.
 */
export class Devnet {
  /** Its JSON-RPC URL with the credentials, for an `RpcClient` or `--rpc`. */
  readonly rpcUrl: string
  /** Resolves when the devnet has stopped (through `stop()` or the `stop` RPC). */
  readonly stopped: Promise<void>
  private stopping: Promise<void> | null = null
  private markStopped: () => void = () => {}

  private constructor (
    readonly port: number,
    host: string,
    user: string,
    password: string,
    private readonly server: RpcServer,
    private readonly store: Store
  ) {
    this.rpcUrl = `http://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}`
    this.stopped = new Promise(resolve => { this.markStopped = resolve })
  }

  /** Opens (or creates) the chain in `options.dataDir` and serves its JSON-RPC; `stop()` ends it. */
  static async start (options: DevnetOptions): Promise<Devnet> {
    const host = options.host ?? '127.0.0.1'
    const user = options.rpcUser ?? 'divvy'
    const password = options.rpcPassword ?? 'divvy'
    const miningFeeRate = options.miningFeeRate ?? 1
    if (!Number.isSafeInteger(miningFeeRate) || miningFeeRate < 0) throw new Error(`the mining fee must be a whole non-negative number of satoshis per kB, got ${miningFeeRate}`)
    const now = options.now ?? (() => Math.floor(Date.now() / 1000))
    mkdirSync(options.dataDir, { recursive: true })
    const store = await Store.open(options.dataDir)
    const pool = VerifyPool.acquire()
    try {
      const chain = await Chain.open(store)
      const mempool = new Mempool(store, size => minimumFee(miningFeeRate, size))
      await mempool.load()
      const nonFinal = new NonFinalPool(store)
      await nonFinal.load()
      const acceptor = new TxAcceptor(chain, mempool, nonFinal, pool, {
        miningFeeRate,
        maxTxFee: options.maxTxFee ?? NODE_POLICY_DEFAULTS.maxTxFee,
        limits: {
          ancestors: options.limitAncestorCount ?? NODE_POLICY_DEFAULTS.limits.ancestors,
          cpfpGroupMembers: options.limitCpfpGroupMembersCount ?? NODE_POLICY_DEFAULTS.limits.cpfpGroupMembers
        },
        mempoolExpiry: options.mempoolExpiryHours !== undefined ? options.mempoolExpiryHours * 3600 : NODE_POLICY_DEFAULTS.mempoolExpiry,
        nonFinalExpiry: NODE_POLICY_DEFAULTS.nonFinalExpiry,
        requireStandard: options.requireStandard ?? false,
        heights: { genesis: options.genesisActivationHeight ?? 1, chronicle: options.chronicleActivationHeight ?? NEVER },
        now
      })
      const miner = new Miner(chain, mempool)
      miner.afterBlock = async () => await acceptor.afterBlock()
      // eslint-disable-next-line prefer-const -- read by requestStop before it is assigned below
      let devnet: Devnet | undefined
      const methods = rpcMethods({
        chain,
        mempool,
        nonFinal,
        acceptor,
        miner,
        startedAt: Math.floor(Date.now() / 1000),
        requestStop: () => { setImmediate(() => { void devnet?.stop() }) }
      })
      const server = new RpcServer(methods, user, password)
      acceptor.busy = () => server.openRequests > 1
      const port = await server.listen(options.port ?? DEFAULT_DEVNET_PORT, host)
      devnet = new Devnet(port, host, user, password, server, store)
      return devnet
    } catch (e) {
      await VerifyPool.release()
      await store.close()
      throw e
    }
  }

  /** Closes the HTTP server, lets queued writes land, and closes LevelDB. */
  async stop (): Promise<void> {
    this.stopping ??= (async () => {
      await this.server.close()
      await this.store.close()
      await VerifyPool.release()
      this.markStopped()
    })()
    await this.stopping
  }
}
