import { createHash } from 'crypto'
import express, { type Request, type Response } from 'express'
import { headerBytes, parseHeader } from '../../network/chain/ChainHeader'
import { tscProofFor, type TscProof } from '../../network/chain/MerkleProof'
import { decodeBits, workOf } from '../../network/chain/Target'
import { routeOf } from '../../network/http/RequestPacer'
import { addressToPkh } from '../../indexer/script/Address'
import { p2pkhScript } from '../../indexer/script/P2pkh'
import type { ChainMirror } from './ChainMirror'
import { RateLimit } from './RateLimit'

/** Ways the stand-in lies, for tests that must catch it. */
export interface WocLies {
  /** Bytes answered for a txid instead of its own. */
  txBytes: Map<string, string>
  /** A proof answered instead of the true one. */
  proofs: Map<string, TscProof>
  /** Header fields answered instead of the true ones, by height. */
  headers: Map<number, { nonce?: number, merkleRoot?: string }>
  /** Outputs (`txid:vout`) whose spend the spent routes hide. */
  hiddenSpends: Set<string>
}

const HEX64 = /^[0-9a-f]{64}$/
const sha256d = (b: Buffer): Buffer => createHash('sha256').update(createHash('sha256').update(b).digest()).digest()
const BULK_LIMIT = 20
/** Headers per numbered header file, as WhatsOnChain writes them. */
export const WOC_HEADER_FILE_SIZE = 10_000

/**
 * A local stand-in for WhatsOnChain's API (`/v1/bsv/<main|test>`), answering from a chain
 * mirror with the routes, shapes, status codes, bulk limits (20) and rate limit (429 with
 * Retry-After) its documentation gives: chain info, block headers, raw transactions (one and
 * bulk), spent outputs (one and bulk), TSC merkle proofs, an address's unspent outputs and a
 * transaction's details. Header files (`/block/headers/resources`): `{from}_{to}_headers` of
 * `headerFileSize` headers each for the complete ones, then `latest` with the rest up to the
 * tip (`?count=n`, at most 100: the last n).
 */
export class WocStandIn {
  readonly lies: WocLies = { txBytes: new Map(), proofs: new Map(), headers: new Map(), hiddenSpends: new Set() }
  readonly limit: RateLimit
  /** How often each height's header was answered (alone or in a file), for tests to see what was asked again. */
  readonly headersServed = new Map<number, number>()
  private lastRefresh = 0
  /** Merkle levels of recently asked blocks: a block's proofs share one tree. */
  private readonly trees = new Map<string, Buffer[][]>()

  constructor (readonly mirror: ChainMirror, readonly chain: 'main' | 'test', perSecond: number, public refreshMs = 100, readonly headerFileSize = WOC_HEADER_FILE_SIZE) {
    this.limit = new RateLimit(perSecond)
  }

  router (): express.Router {
    const api = express.Router()
    api.use(express.json({ limit: '1mb' }))
    api.use(this.limit.middleware(req => routeOf(req.method, req.path)))
    api.use((_req, _res, next) => { this.refresh().then(() => next(), next) })
    api.get('/chain/info', (_req, res) => {
      const tip = this.mirror.blocks[this.mirror.height]
      const h = parseHeader(tip.header)
      res.json({ chain: this.chain, blocks: this.mirror.height, headers: this.mirror.height, bestblockhash: tip.hash, difficulty: 1, mediantime: h.time, verificationprogress: 1, pruned: false, chainwork: '00'.repeat(32) })
    })
    api.get('/block/:id/header', (req, res) => {
      const header = this.headerJson(req.params.id)
      if (header === undefined) { res.status(404).type('text').send('Not Found'); return }
      res.json(header)
    })
    api.get('/block/headers/resources', (req, res) => {
      const base = `${req.protocol}://${String(req.get('host'))}${req.baseUrl}/block/headers`
      const files: string[] = []
      for (let from = 0; from + this.headerFileSize - 1 <= this.mirror.height; from += this.headerFileSize) files.push(`${base}/${from}_${from + this.headerFileSize - 1}_headers`)
      res.json({ files: [...files, `${base}/latest`] })
    })
    api.get('/block/headers/latest', (req, res) => {
      const tip = this.mirror.height
      const count = req.query.count === undefined ? undefined : Number(req.query.count)
      if (count !== undefined && (!Number.isSafeInteger(count) || count < 1 || count > 100)) { res.status(400).type('text').send('Bad Request'); return }
      const from = count !== undefined ? Math.max(0, tip - count + 1) : Math.floor((tip + 1) / this.headerFileSize) * this.headerFileSize
      res.type('application/octet-stream').send(this.headerFileBytes(from, tip))
    })
    api.get('/block/headers/:file', (req, res) => {
      const m = /^(\d+)_(\d+)_headers$/.exec(req.params.file)
      const from = Number(m?.[1])
      const to = Number(m?.[2])
      if (m === null || from % this.headerFileSize !== 0 || to !== from + this.headerFileSize - 1 || to > this.mirror.height) { res.status(404).type('text').send('Not Found'); return }
      res.type('application/octet-stream').send(this.headerFileBytes(from, to))
    })
    api.get('/tx/hash/:txid', (req, res) => {
      const t = this.mirror.txs.get(req.params.txid)
      if (t === undefined) { res.status(404).type('text').send('Not Found'); return }
      res.json({ txid: req.params.txid, hash: req.params.txid, size: t.raw.length, ...this.blockFields(t.height) })
    })
    api.get('/tx/:txid/hex', (req, res) => {
      const hex = this.txHex(req.params.txid)
      if (hex === undefined) { res.status(404).type('text').send('Not Found'); return }
      res.type('text').send(hex)
    })
    api.post('/txs/hex', (req, res) => {
      const txids = (req.body as { txids?: unknown })?.txids
      if (!Array.isArray(txids) || txids.length === 0 || !txids.every(t => typeof t === 'string')) { res.status(400).type('text').send('Bad Request'); return }
      if (txids.length > BULK_LIMIT) { res.status(400).type('text').send(`Max ${BULK_LIMIT} transactions per request`); return }
      res.json((txids as string[]).map(txid => {
        const hex = this.txHex(txid)
        const t = this.mirror.txs.get(txid)
        return hex === undefined || t === undefined ? { txid, error: 'unknown' } : { txid, hex, ...this.blockFields(t.height) }
      }))
    })
    api.get('/tx/:txid/:vout/spent', (req, res) => {
      const answer = this.spent(req.params.txid, Number(req.params.vout))
      if (answer === 'unknown') { res.status(400).type('text').send('Bad Request'); return }
      if (answer === undefined) { res.status(404).type('text').send('Not Found'); return }
      res.json(answer)
    })
    api.post('/utxos/spent', (req, res) => {
      const utxos = (req.body as { utxos?: unknown })?.utxos
      if (!Array.isArray(utxos) || utxos.length === 0) { res.status(400).type('text').send('Bad Request'); return }
      if (utxos.length > BULK_LIMIT) { res.status(400).type('text').send(`Max ${BULK_LIMIT} transaction outputs per request`); return }
      res.json(utxos.map((u: { txid?: unknown, vout?: unknown }) => {
        const utxo = { txid: u?.txid, vout: u?.vout }
        if (typeof utxo.txid !== 'string' || !Number.isSafeInteger(utxo.vout)) return { utxo, error: 'bad outpoint' }
        const answer = this.spent(utxo.txid, utxo.vout as number)
        if (answer === 'unknown') return { utxo, error: 'unknown' }
        return { utxo, spentIn: answer ?? null, error: '' }
      }))
    })
    api.get('/tx/:txid/proof/tsc', (req, res) => {
      const proof = this.proof(req.params.txid)
      if (proof === undefined) { res.status(404).type('text').send('Not Found'); return }
      res.json([proof])
    })
    api.get('/address/:address/unspent/all', (req, res) => { this.unspentOf(req, res) })
    return api
  }

  async refresh (force = false): Promise<void> {
    if (!force && Date.now() - this.lastRefresh < this.refreshMs) return
    await this.mirror.refresh()
    this.lastRefresh = Date.now()
  }

  private txHex (txid: string): string | undefined {
    return this.lies.txBytes.get(txid) ?? this.mirror.txs.get(txid)?.raw.toString('hex')
  }

  private blockFields (height: number | null): object {
    if (height === null) return {}
    const block = this.mirror.blocks[height]
    return { blockhash: block.hash, blockheight: height, blocktime: parseHeader(block.header).time, confirmations: this.mirror.height - height + 1 }
  }

  private spent (txid: string, vout: number): { txid: string, vin: number, status: string } | undefined | 'unknown' {
    const t = this.mirror.txs.get(txid)
    if (t === undefined || vout >= t.tx.outputs.length) return 'unknown'
    const key = `${txid}:${vout}`
    const s = this.mirror.spends.get(key)
    if (s === undefined || this.lies.hiddenSpends.has(key)) return undefined
    return { txid: s.txid, vin: s.vin, status: s.height === null ? 'unconfirmed' : 'confirmed' }
  }

  private proof (txid: string): TscProof | undefined {
    const lie = this.lies.proofs.get(txid)
    if (lie !== undefined) return lie
    const t = this.mirror.txs.get(txid)
    if (t === undefined || t.height === null) return undefined
    const block = this.mirror.blocks[t.height]
    if (block.txids.length <= 64) return tscProofFor(block.txids, t.index, block.hash, 'full')
    // WhatsOnChain writes a duplicated node out in full rather than as "*".
    const levels = this.tree(block.hash, block.txids)
    const nodes: string[] = []
    let at = t.index
    for (const level of levels.slice(0, -1)) {
      nodes.push(Buffer.from(level[at ^ 1] ?? level[at]).reverse().toString('hex'))
      at >>= 1
    }
    return { index: t.index, txOrId: txid, target: block.hash, nodes }
  }

  private tree (hash: string, txids: string[]): Buffer[][] {
    let levels = this.trees.get(hash)
    if (levels !== undefined) return levels
    levels = [txids.map(id => Buffer.from(id, 'hex').reverse())]
    while (levels[levels.length - 1].length > 1) {
      const level = levels[levels.length - 1]
      const next: Buffer[] = []
      for (let i = 0; i < level.length; i += 2) next.push(sha256d(Buffer.concat([level[i], level[i + 1] ?? level[i]])))
      levels.push(next)
    }
    if (this.trees.size > 8) this.trees.delete(this.trees.keys().next().value as string)
    this.trees.set(hash, levels)
    return levels
  }

  /** The header at a height as this stand-in answers it: the mirror's, or its lie. */
  private headerAt (height: number): Buffer {
    this.headersServed.set(height, (this.headersServed.get(height) ?? 0) + 1)
    const bytes = this.mirror.blocks[height].header
    const lie = this.lies.headers.get(height)
    if (lie === undefined) return bytes
    const h = parseHeader(bytes)
    return headerBytes({ ...h, nonce: lie.nonce ?? h.nonce, merkleRoot: lie.merkleRoot ?? h.merkleRoot })
  }

  private headerFileBytes (from: number, to: number): Buffer {
    const out: Buffer[] = []
    for (let height = from; height <= to; height++) out.push(this.headerAt(height))
    return Buffer.concat(out)
  }

  private headerJson (id: string): object | undefined {
    const height = HEX64.test(id) ? this.mirror.blocks.findIndex(b => b.hash === id) : Number(id)
    if (!Number.isSafeInteger(height) || height < 0 || height > this.mirror.height) return undefined
    const h = parseHeader(this.headerAt(height))
    const next = this.mirror.blocks[height + 1]
    return {
      hash: h.hash,
      confirmations: this.mirror.height - height + 1,
      height,
      version: h.version,
      versionHex: h.version.toString(16).padStart(8, '0'),
      merkleroot: h.merkleRoot,
      time: h.time,
      mediantime: h.time,
      nonce: h.nonce,
      bits: h.bits.toString(16).padStart(8, '0'),
      difficulty: 1,
      chainwork: workOf(decodeBits(h.bits).target).toString(16).padStart(64, '0'),
      ...(height > 0 ? { previousblockhash: h.prevHash } : {}),
      ...(next !== undefined ? { nextblockhash: next.hash } : {})
    }
  }

  private unspentOf (req: Request, res: Response): void {
    const pkh = addressToPkh(String(req.params.address))
    if (pkh === undefined) { res.status(400).type('text').send('Bad Request'); return }
    const script = p2pkhScript(pkh)
    const result: object[] = []
    for (const [key, o] of this.mirror.unspent) {
      if (!o.script.equals(script)) continue
      const [txHash, pos] = key.split(':')
      result.push({ ...(o.height !== null ? { height: o.height } : {}), tx_pos: Number(pos), tx_hash: txHash, value: Number(o.satoshis), isSpentInMempoolTx: false, status: o.height === null ? 'unconfirmed' : 'confirmed' })
    }
    res.json({ address: req.params.address, script: '', result, error: '' })
  }
}
