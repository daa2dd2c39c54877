import { mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'
import type { Devnet } from '../../../network/devnet/Devnet'
import type { RpcClient } from '../../../network/rpc/RpcClient'
import type { RunningApi } from '../../../indexer/api/ApiServer'
import type { Follower } from '../../../indexer/follow/Follower'
import type { Indexer } from '../../../indexer/Indexer'
import type { IndexedNode } from '../../../indexer/IndexedNode'
import { EmbeddedDevnet } from '../../../scripts/cli/EmbeddedDevnet'

/** An embedded devnet and its index, both in fresh temporary folders that stop() removes. */
export class IndexedDevnet {
  private constructor (private readonly embedded: EmbeddedDevnet, private readonly dirs: string[]) {}

  static async start (): Promise<IndexedDevnet> {
    const devnetDir = mkdtempSync(join(tmpdir(), 'divvy-devnet-'))
    const indexDir = mkdtempSync(join(tmpdir(), 'divvy-index-'))
    return new IndexedDevnet(await EmbeddedDevnet.start({ devnetDir, indexDir }), [devnetDir, indexDir])
  }

  get node (): IndexedNode { return this.embedded.node }
  get devnet (): Devnet { return this.embedded.devnet }
  get rpc (): RpcClient { return this.node.rpc }
  get indexer (): Indexer { return this.node.indexer }
  get follower (): Follower { return this.node.follower }
  get api (): RunningApi { return this.node.api }

  /** GET on the API: status and parsed JSON body. */
  async get (path: string): Promise<{ status: number, body: any }> {
    const res = await fetch(this.node.url + path)
    return { status: res.status, body: await res.json() }
  }

  /** Mines one block to `address` and brings the index to it. */
  async mine (address: string): Promise<void> {
    await this.rpc.generateToAddress(1, address)
    await this.follower.sync()
  }

  /** Sends a js-1sat-ord (@bsv/sdk) transaction to the node. */
  async broadcast (tx: { toHex: () => string }): Promise<string> {
    return await this.rpc.sendRawTransaction(tx.toHex())
  }

  /** The address's spendable UTXOs from the API, in js-1sat-ord's Utxo shape (base64 scripts). */
  async payUtxos (address: string): Promise<Array<{ txid: string, vout: number, satoshis: number, script: string }>> {
    const { status, body } = await this.get(`/addresses/${address}/utxos`)
    if (status !== 200) throw new Error(`GET utxos of ${address}: HTTP ${status}`)
    return body.map((u: any) => ({ txid: u.txid, vout: u.vout, satoshis: Number(u.satoshis), script: Buffer.from(u.script, 'hex').toString('base64') }))
  }

  async stop (): Promise<void> {
    await this.embedded.close()
    for (const d of this.dirs) rmSync(d, { recursive: true, force: true })
  }
}

/** A 1-satoshi token output of `tx` in js-1sat-ord's TokenUtxo shape. */
export function tokenUtxo (tx: any, vout: number, amt: string, id: string): any {
  return { txid: tx.id('hex'), vout, satoshis: 1, script: Buffer.from(tx.outputs[vout].lockingScript.toBinary()).toString('base64'), amt, id }
}
