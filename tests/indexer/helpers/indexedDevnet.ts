import { mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'
import type { Devnet } from '../../../network/devnet/Devnet'
import type { RpcClient } from '../../../network/rpc/RpcClient'
import type { RunningApi } from '../../../indexer/api/ApiServer'
import type { Follower } from '../../../indexer/follow/Follower'
import type { Indexer } from '../../../indexer/Indexer'
import { IndexedNode } from '../../../indexer/IndexedNode'

/** An IndexedNode on a devnet, both in fresh temporary folders that stop() removes. */
export class IndexedDevnet {
  private constructor (readonly node: IndexedNode, private readonly dirs: string[]) {}

  static async start (): Promise<IndexedDevnet> {
    const devnetDir = mkdtempSync(join(tmpdir(), 'divvy-devnet-'))
    const indexDir = mkdtempSync(join(tmpdir(), 'divvy-index-'))
    return new IndexedDevnet(await IndexedNode.open({ node: { devnetDir }, indexDir }), [devnetDir, indexDir])
  }

  get devnet (): Devnet { return this.node.devnet! }
  get rpc (): RpcClient { return this.node.rpc }
  get indexer (): Indexer { return this.node.indexer }
  get follower (): Follower { return this.node.follower }
  get api (): RunningApi { return this.node.api }

  /** GET on the API: status and parsed JSON body. */
  async get (path: string): Promise<{ status: number, body: any }> {
    const res = await fetch(this.node.url + path)
    return { status: res.status, body: await res.json() }
  }

  async stop (): Promise<void> {
    await this.node.close()
    for (const d of this.dirs) rmSync(d, { recursive: true, force: true })
  }
}
