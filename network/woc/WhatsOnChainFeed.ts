import { excerpt, parseJson, type ServiceAnswer, type ServiceHttp } from '../http/ServiceHttp'
import { headerBytes, parseHeader } from '../chain/ChainHeader'
import type { BlockHeader } from '../block/RawBlock'
import type { TscProof } from '../chain/MerkleProof'
import { headerFilesOf, headersOfFile, type HeaderFile } from './HeaderFiles'
import { wocHttp, type WhatsOnChainOptions } from './WhatsOnChainReader'
import type { ChainTip } from './WocTypes'

/** WhatsOnChain's documented limit of outpoints per `POST /utxos/spent` and txids per `POST /txs/hex`. */
export const WOC_BULK_LIMIT = 20

export interface Outpoint { txid: string, vout: number }

/** Where WhatsOnChain says an output was spent. */
export type SpendAnswer =
  | { outpoint: Outpoint, state: 'unspent' }
  | { outpoint: Outpoint, state: 'spent', txid: string, vin: number, confirmed: boolean }
  | { outpoint: Outpoint, state: 'unknown', reason: string }

const TXID = /^[0-9a-f]{64}$/
const HEX = /^([0-9a-f]{2})*$/

/**
 * The reads the public-network index is fed from, each a documented WhatsOnChain route:
 * spends (`GET /tx/{txid}/{vout}/spent`, bulk `POST /utxos/spent`), raw transactions in bulk
 * (`POST /txs/hex`), TSC merkle proofs (`GET /tx/{txid}/proof/tsc`) and block headers
 * (`GET /block/{height}/header`, `GET /chain/info`, and the header files of
 * `GET /block/headers/resources`). Bulk requests carry at most 20 items.
 *
 * Nothing here is trusted by its caller: raw bytes are hashed against their txids, headers
 * rebuilt from their fields and hashed, proofs checked against verified headers.
 */
export class WhatsOnChainFeed {
  readonly network: string
  private readonly http: ServiceHttp
  /** The header files WhatsOnChain listed when last asked. */
  private files: HeaderFile[] | undefined

  constructor (options: WhatsOnChainOptions) {
    this.network = options.network
    this.http = wocHttp(options)
  }

  async chainTip (): Promise<ChainTip> {
    const info = this.json(await this.http.get('/chain/info'), 'chain info') as { blocks?: unknown, bestblockhash?: unknown }
    if (!Number.isSafeInteger(info?.blocks) || (info.blocks as number) < 0 || typeof info.bestblockhash !== 'string' || !TXID.test(info.bestblockhash)) {
      throw this.http.error('malformed', `answered chain info without blocks and bestblockhash: ${excerpt(JSON.stringify(info), 80)}`)
    }
    return { height: info.blocks as number, hash: info.bestblockhash }
  }

  /**
   * The header at `height` (`GET /block/{height}/header`), rebuilt into its 80 bytes from the
   * fields WhatsOnChain gives; its hash is recomputed and must be the one WhatsOnChain names.
   * Undefined when WhatsOnChain has no block at that height.
   */
  async header (height: number): Promise<BlockHeader | undefined> {
    const answer = await this.http.get(`/block/${height}/header`)
    if (answer.status === 404) return undefined
    const h = this.json(answer, `block header ${height}`) as Record<string, unknown>
    const malformed = (): never => { throw this.http.error('malformed', `answered block header ${height} without its fields (hash, height, version, previousblockhash, merkleroot, time, bits, nonce): ${excerpt(answer.text, 100)}`) }
    if (typeof h !== 'object' || h === null || h.height !== height || typeof h.hash !== 'string' || !TXID.test(h.hash) ||
      !Number.isSafeInteger(h.version) || typeof h.merkleroot !== 'string' || !TXID.test(h.merkleroot) ||
      !Number.isSafeInteger(h.time) || typeof h.bits !== 'string' || !/^[0-9a-f]{8}$/.test(h.bits) || !Number.isSafeInteger(h.nonce)) malformed()
    // The genesis block has no previousblockhash.
    const prev = h.previousblockhash ?? '00'.repeat(32)
    if (typeof prev !== 'string' || !TXID.test(prev)) malformed()
    const header = parseHeader(headerBytes({ version: h.version as number, prevHash: prev as string, merkleRoot: h.merkleroot as string, time: h.time as number, bits: parseInt(h.bits as string, 16), nonce: h.nonce as number }))
    if (header.hash !== h.hash) throw this.http.error('malformed', `answered block header ${height} whose fields hash to ${header.hash}, not the ${h.hash as string} it names`)
    return header
  }

  /**
   * Consecutive headers from height `from` on, out of one of WhatsOnChain's header files
   * (thousands of headers a request where `GET /block/{height}/header` gives one): the
   * numbered file that holds `from`, else the `latest` file from the header whose parent is
   * `parent`. Undefined when no file holds them (the caller asks header by header). Each
   * header is hashed here from its bytes; the caller verifies the chain they make.
   */
  async headerRun (from: number, parent: string): Promise<BlockHeader[] | undefined> {
    const cached = this.files !== undefined
    const run = await this.runOf(this.files ?? (this.files = await this.headerFiles()), from, parent)
    if (run !== undefined || !cached) return run
    // A file may have been added since the list was read.
    const before = JSON.stringify(this.files)
    this.files = await this.headerFiles()
    return JSON.stringify(this.files) === before ? undefined : await this.runOf(this.files, from, parent)
  }

  private async runOf (files: HeaderFile[], from: number, parent: string): Promise<BlockHeader[] | undefined> {
    const numbered = files.find(f => f.kind === 'range' && f.from <= from && from <= f.to)
    if (numbered !== undefined && numbered.kind === 'range') {
      const headers = await this.headerFile(numbered.path)
      if (headers.length !== numbered.to - numbered.from + 1) throw this.http.error('malformed', `answered header file ${numbered.path} with ${headers.length} headers, not the ${numbered.to - numbered.from + 1} of heights ${numbered.from} to ${numbered.to}`)
      return headers.slice(from - numbered.from)
    }
    const latest = files.find(f => f.kind === 'latest')
    if (latest === undefined) return undefined
    const headers = await this.headerFile(latest.path)
    const at = headers.findIndex(h => h.prevHash === parent)
    return at < 0 ? undefined : headers.slice(at)
  }

  /** `GET /block/headers/resources`: the header files, those under this API's base only. */
  private async headerFiles (): Promise<HeaderFile[]> {
    const answer = await this.http.get('/block/headers/resources')
    // A WhatsOnChain without header files is asked header by header.
    if (answer.status === 404) return []
    const files = headerFilesOf(this.json(answer, 'the header files'), this.http.baseUrl)
    if (files === undefined) throw this.http.error('malformed', `answered the header files without a list of files: ${excerpt(answer.text, 80)}`)
    return files
  }

  private async headerFile (path: string): Promise<BlockHeader[]> {
    const answer = await this.http.getBytes(path)
    if (answer.status !== 200) throw this.http.error('failed', `could not return header file ${path}: HTTP ${answer.status} ${excerpt(answer.text)}`, answer.status)
    const headers = headersOfFile(answer.bytes ?? Buffer.alloc(0))
    if (headers === undefined) throw this.http.error('malformed', `answered header file ${path} with ${answer.bytes?.length ?? 0} bytes, not whole 80-byte headers`)
    return headers
  }

  /** Where each output was spent, confirmed or not: one `POST /utxos/spent` of at most 20 outpoints. */
  async spends (outpoints: Outpoint[]): Promise<SpendAnswer[]> {
    if (outpoints.length === 0) return []
    if (outpoints.length > WOC_BULK_LIMIT) throw new Error(`WhatsOnChain takes at most ${WOC_BULK_LIMIT} outpoints per spent request, not ${outpoints.length}`)
    const what = `the spends of ${outpoints.length} outputs`
    const answer = await this.http.post('/utxos/spent', JSON.stringify({ utxos: outpoints.map(o => ({ txid: o.txid, vout: o.vout })) }), { 'content-type': 'application/json' })
    const body = this.json(answer, what)
    if (!Array.isArray(body)) throw this.http.error('malformed', `answered ${what} with something other than a list: ${excerpt(answer.text, 80)}`)
    const byOutpoint = new Map<string, SpendAnswer>()
    for (const entry of body) {
      const read = this.readSpendEntry(entry, what)
      byOutpoint.set(`${read.outpoint.txid}:${read.outpoint.vout}`, read)
    }
    return outpoints.map(o => {
      const read = byOutpoint.get(`${o.txid}:${o.vout}`)
      if (read === undefined) throw this.http.error('malformed', `answered ${what} without output ${o.txid}:${o.vout}`)
      return read
    })
  }

  /** Where one output was spent (`GET /tx/{txid}/{vout}/spent`; 404: unspent, 400: unknown output). */
  async spend (outpoint: Outpoint): Promise<SpendAnswer> {
    const answer = await this.http.get(`/tx/${outpoint.txid}/${outpoint.vout}/spent`)
    if (answer.status === 404) return { outpoint, state: 'unspent' }
    if (answer.status === 400) return { outpoint, state: 'unknown', reason: excerpt(answer.text, 80) }
    const body = this.json(answer, `the spend of ${outpoint.txid}:${outpoint.vout}`) as Record<string, unknown>
    return this.readSpentIn(outpoint, body, `the spend of ${outpoint.txid}:${outpoint.vout}`)
  }

  /**
   * Raw transactions, at most 20 (`POST /txs/hex`): hex by txid, undefined for those
   * WhatsOnChain does not know. The caller checks that each hashes to its txid.
   */
  async rawTransactions (txids: string[]): Promise<Map<string, string | undefined>> {
    const out = new Map<string, string | undefined>()
    if (txids.length === 0) return out
    if (txids.length > WOC_BULK_LIMIT) throw new Error(`WhatsOnChain takes at most ${WOC_BULK_LIMIT} txids per raw transaction request, not ${txids.length}`)
    const what = `${txids.length} raw transactions`
    const answer = await this.http.post('/txs/hex', JSON.stringify({ txids }), { 'content-type': 'application/json' })
    const body = this.json(answer, what)
    if (!Array.isArray(body)) throw this.http.error('malformed', `answered ${what} with something other than a list: ${excerpt(answer.text, 80)}`)
    for (const entry of body) {
      const e = entry as Record<string, unknown>
      if (typeof e !== 'object' || e === null || typeof e.txid !== 'string' || !TXID.test(e.txid)) throw this.http.error('malformed', `answered ${what} with an entry without a txid: ${excerpt(JSON.stringify(entry), 80)}`)
      const hex = typeof e.hex === 'string' && e.hex !== '' && HEX.test(e.hex) ? e.hex : undefined
      out.set(e.txid, hex)
    }
    for (const txid of txids) if (!out.has(txid)) out.set(txid, undefined)
    return out
  }

  /**
   * The TSC merkle proof of a confirmed transaction (`GET /tx/{txid}/proof/tsc`); undefined
   * while it is unconfirmed (an empty answer, null, or 404). The caller checks it.
   */
  async merkleProof (txid: string): Promise<TscProof | undefined> {
    const answer = await this.http.get(`/tx/${txid}/proof/tsc`)
    if (answer.status === 404) return undefined
    const body = this.json(answer, `the merkle proof of ${txid}`)
    const proof = Array.isArray(body) ? body[0] : body
    if (proof === undefined || proof === null) return undefined
    const p = proof as Record<string, unknown>
    if (typeof p !== 'object' || !Number.isSafeInteger(p.index) || typeof p.target !== 'string' || !TXID.test(p.target) || !Array.isArray(p.nodes) || !p.nodes.every(n => typeof n === 'string')) {
      throw this.http.error('malformed', `answered the merkle proof of ${txid} without index, target and nodes: ${excerpt(answer.text, 100)}`)
    }
    return { index: p.index as number, txOrId: typeof p.txOrId === 'string' ? p.txOrId : txid, target: p.target, nodes: p.nodes as string[] }
  }

  private readSpendEntry (entry: unknown, what: string): SpendAnswer {
    const e = entry as Record<string, unknown>
    const u = e?.utxo as Record<string, unknown> | undefined
    if (typeof e !== 'object' || e === null || typeof u !== 'object' || u === null || typeof u.txid !== 'string' || !TXID.test(u.txid) || !Number.isSafeInteger(u.vout)) {
      throw this.http.error('malformed', `answered ${what} with an entry without its utxo: ${excerpt(JSON.stringify(entry), 80)}`)
    }
    const outpoint = { txid: u.txid, vout: u.vout as number }
    if (e.spentIn !== undefined && e.spentIn !== null) return this.readSpentIn(outpoint, e.spentIn as Record<string, unknown>, what)
    const error = typeof e.error === 'string' ? e.error : ''
    // An output WhatsOnChain knows and nobody spent has no spentIn (its single-output route answers 404).
    if (error === '' || /404|not found|unspent/i.test(error)) return { outpoint, state: 'unspent' }
    return { outpoint, state: 'unknown', reason: error }
  }

  private readSpentIn (outpoint: Outpoint, s: Record<string, unknown>, what: string): SpendAnswer {
    if (typeof s !== 'object' || s === null || typeof s.txid !== 'string' || !TXID.test(s.txid) || !Number.isSafeInteger(s.vin) || (s.status !== 'confirmed' && s.status !== 'unconfirmed')) {
      throw this.http.error('malformed', `answered ${what} with a spend that is not { txid, vin, status }: ${excerpt(JSON.stringify(s), 80)}`)
    }
    return { outpoint, state: 'spent', txid: s.txid, vin: s.vin as number, confirmed: s.status === 'confirmed' }
  }

  private json (answer: ServiceAnswer, what: string): unknown {
    if (answer.status !== 200) {
      throw this.http.error('failed', `could not return ${what}: HTTP ${answer.status} ${excerpt(answer.text)}`, answer.status)
    }
    return parseJson(this.http, answer, what)
  }
}
