import { mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'
import type { Devnet } from '../../network/devnet/Devnet'
import type { RpcClient } from '../../network/rpc/RpcClient'
import type { RunningApi } from '../../indexer/api/ApiServer'
import type { Follower } from '../../indexer/follow/Follower'
import type { Indexer } from '../../indexer/Indexer'
import type { IndexedNode } from '../../indexer/IndexedNode'
import { EmbeddedDevnet } from '../../scripts/cli/EmbeddedDevnet'
import type { z } from 'zod'
import {
  ApiErrorSchema, ContractHistoryPageSchema, ContractViewSchema, OwnedTokenListSchema, StatusSchema, TokenHistoryPageSchema,
  TokenHoldersPageSchema, TokenListingListSchema, TokenSnapshotSchema, TokenSummaryListSchema, TokenSummarySchema, TokenUtxoListSchema, UtxoListSchema
} from '../../network/provider/IndexerApi'

/** Each route's answer schema: every answer the tests read is checked against the schema IndexerClient parses with. */
const ROUTES: Array<[RegExp, z.ZodType]> = [
  [/^\/status$/, StatusSchema],
  [/^\/addresses\/[^/]+\/utxos$/, UtxoListSchema],
  [/^\/scripts\/[^/]+\/utxos$/, UtxoListSchema],
  [/^\/addresses\/[^/]+\/tokens$/, OwnedTokenListSchema],
  [/^\/addresses\/[^/]+\/tokens\/[^/]+\/utxos$/, TokenUtxoListSchema],
  [/^\/tokens$/, TokenSummaryListSchema],
  [/^\/tokens\/[^/]+$/, TokenSummarySchema],
  [/^\/tokens\/[^/]+\/holders$/, TokenHoldersPageSchema],
  [/^\/tokens\/[^/]+\/snapshot$/, TokenSnapshotSchema],
  [/^\/tokens\/[^/]+\/listings$/, TokenListingListSchema],
  [/^\/tokens\/[^/]+\/history$/, TokenHistoryPageSchema],
  [/^\/contracts\/[^/]+$/, ContractViewSchema],
  [/^\/contracts\/[^/]+\/history$/, ContractHistoryPageSchema]
]

/** Throws when an answer of the API does not match its route's schema (or the error shape). */
export function checkAnswer (path: string, status: number, body: unknown): void {
  const route = path.split('?')[0]
  const schema = status === 200 ? ROUTES.find(([pattern]) => pattern.test(route))?.[1] : ApiErrorSchema
  if (schema === undefined) throw new Error(`no answer schema for GET ${route}`)
  const parsed = schema.safeParse(body)
  if (!parsed.success) throw new Error(`GET ${path} answered ${status} with a body its schema refuses: ${parsed.error.message}`)
}

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

  /** GET on the API: status and parsed JSON body, checked against the route's answer schema. */
  async get (path: string): Promise<{ status: number, body: any }> {
    const res = await fetch(this.node.url + path)
    const body = await res.json()
    checkAnswer(path, res.status, body)
    return { status: res.status, body }
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
