import { mkdirSync } from 'fs'
import { Chain } from './Chain'
import { Regtest } from './ChainParams'
import { Mempool } from './Mempool'
import { Miner } from './Miner'
import { rpcMethods } from './RpcMethods'
import { RpcServer } from './RpcServer'
import { Store } from './Store'
import { TxAcceptor } from './TxAcceptor'
import { VerifyPool } from './VerifyPool'

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
  /** Minimum relay fee, satoshis per kB, default 1. */
  feeRate?: number
  /** Default 1. */
  genesisActivationHeight?: number
  /** Default: never (a large number) unless set. */
  chronicleActivationHeight?: number
}

export const DEFAULT_DEVNET_PORT = Regtest.rpcPort
const NEVER = 0x7fffffff

/**
 * An embedded Bitcoin SV regtest node: chain, mempool and UTXO set in LevelDB under
 * `dataDir`, bitcoind's JSON-RPC on 127.0.0.1.
 */
export class Devnet {
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

  static async start (options: DevnetOptions): Promise<Devnet> {
    const host = options.host ?? '127.0.0.1'
    const user = options.rpcUser ?? 'divvy'
    const password = options.rpcPassword ?? 'divvy'
    const feeRate = options.feeRate ?? 1
    if (!Number.isFinite(feeRate) || feeRate < 0) throw new Error(`the fee rate must be a non-negative number of satoshis per kB, got ${feeRate}`)
    mkdirSync(options.dataDir, { recursive: true })
    const store = await Store.open(options.dataDir)
    const pool = VerifyPool.acquire()
    try {
      const chain = await Chain.open(store)
      const mempool = new Mempool(store)
      await mempool.load()
      const acceptor = new TxAcceptor(chain, mempool, pool, {
        feeRate,
        heights: { genesis: options.genesisActivationHeight ?? 1, chronicle: options.chronicleActivationHeight ?? NEVER }
      })
      // eslint-disable-next-line prefer-const -- read by requestStop before it is assigned below
      let devnet: Devnet | undefined
      const methods = rpcMethods({
        chain,
        mempool,
        acceptor,
        miner: new Miner(chain, mempool),
        feeRate,
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
