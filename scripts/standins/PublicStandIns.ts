import express from 'express'
import type { AddressInfo } from 'net'
import type { Server } from 'http'
import { IndexerClient } from '../../network/provider/IndexerClient'
import type { RpcClient } from '../../network/rpc/RpcClient'
import { ArcStandIn } from './ArcStandIn'
import { ChainMirror } from './ChainMirror'
import { OneSatStandIn } from './OneSatStandIn'
import { WocStandIn } from './WocStandIn'

export interface StandInOptions {
  /** The node whose chain the services answer from (a devnet, or pre-built blocks). */
  rpc: RpcClient
  network: 'testnet' | 'mainnet'
  /** An index of the same chain (its API), for the 1Sat API's holders, and how to bring it up to date. */
  holdersIndexUrl: string
  syncHolders?: () => Promise<unknown>
  /** WhatsOnChain's rate limit (default 3 requests a second, as it enforces without a key). */
  wocPerSecond?: number
  /** Headers per numbered WhatsOnChain header file (default 10,000, as WhatsOnChain's). */
  wocHeaderFileSize?: number
}

/** The base URLs a Divvy home is pointed at: `--woc`, `--arc`, and the 1Sat API. */
export interface StandInUrls { woc: string, arc: string, oneSat: string }

/**
 * WhatsOnChain, ARC and the 1Sat API as local stand-ins on one HTTP server (127.0.0.1, a
 * free port), all answering from one node's chain, so that every command can run on
 * `--network testnet` and `--network mainnet` in tests and benchmarks.
 */
export class PublicStandIns {
  private constructor (
    readonly mirror: ChainMirror,
    readonly woc: WocStandIn,
    readonly arc: ArcStandIn,
    readonly oneSat: OneSatStandIn,
    readonly urls: StandInUrls,
    private readonly server: Server
  ) {}

  static async start (options: StandInOptions): Promise<PublicStandIns> {
    const mirror = new ChainMirror(options.rpc)
    await mirror.refresh()
    const chain = options.network === 'mainnet' ? 'main' : 'test'
    const woc = new WocStandIn(mirror, chain, options.wocPerSecond ?? 3, undefined, options.wocHeaderFileSize)
    const arc = new ArcStandIn(options.rpc, mirror)
    const oneSat = new OneSatStandIn(mirror, new IndexerClient({ network: options.network, url: options.holdersIndexUrl }), options.network, options.syncHolders)
    const app = express()
    app.use(`/woc/v1/bsv/${chain}`, woc.router())
    app.use('/arc', arc.router())
    app.use('/1sat/api', oneSat.router())
    const server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s))
      s.on('error', reject)
    })
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    return new PublicStandIns(mirror, woc, arc, oneSat, { woc: `${base}/woc/v1/bsv/${chain}`, arc: `${base}/arc`, oneSat: `${base}/1sat/api` }, server)
  }

  async stop (): Promise<void> {
    this.server.closeAllConnections()
    await new Promise(resolve => this.server.close(resolve))
  }
}
