import { mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'
import { Devnet } from '../../../network/devnet/Devnet'
import { RpcClient } from '../../../network/rpc/RpcClient'
import { startApi, type RunningApi } from '../../../indexer/api/ApiServer'
import { Follower } from '../../../indexer/follow/Follower'
import { Indexer } from '../../../indexer/Indexer'
import { MempoolView } from '../../../indexer/mempool/MempoolView'

/** A devnet, an indexer following it from height 0, and the indexer's API, all in this process. */
export class IndexedDevnet {
  private constructor (
    readonly devnet: Devnet,
    readonly rpc: RpcClient,
    readonly indexer: Indexer,
    readonly follower: Follower,
    readonly api: RunningApi,
    private readonly dirs: string[]
  ) {}

  static async start (): Promise<IndexedDevnet> {
    const chainDir = mkdtempSync(join(tmpdir(), 'divvy-devnet-'))
    const indexDir = mkdtempSync(join(tmpdir(), 'divvy-index-'))
    const devnet = await Devnet.start({ dataDir: chainDir, port: 0 })
    const rpc = new RpcClient({ url: devnet.rpcUrl, network: 'devnet' })
    const indexer = await Indexer.open({ dataDir: indexDir })
    const mempool = new MempoolView(rpc)
    const follower = new Follower({ rpc, indexer, startHeight: 0, mempool })
    const api = await startApi(indexer, { port: 0, rpc, mempool })
    return new IndexedDevnet(devnet, rpc, indexer, follower, api, [chainDir, indexDir])
  }

  /** GET on the API: status and parsed JSON body. */
  async get (path: string): Promise<{ status: number, body: any }> {
    const res = await fetch(this.api.url + path)
    return { status: res.status, body: await res.json() }
  }

  async stop (): Promise<void> {
    await this.api.close()
    await this.follower.stop()
    await this.indexer.close()
    await this.devnet.stop()
    for (const d of this.dirs) rmSync(d, { recursive: true, force: true })
  }
}
