import { ChainTracker, Transaction } from '@bsv/sdk'
import type { RequestPacer } from '../http/RequestPacer'
import { ServiceHttp, ServiceAnswer, parseJson, excerpt } from '../http/ServiceHttp'
import { AddressUtxo, ChainTip, TxStatus } from './WocTypes'

export interface WhatsOnChainOptions {
  /** Network name for messages: "testnet" or "mainnet". */
  network: string
  /** API base including the chain, e.g. https://api.whatsonchain.com/v1/bsv/test */
  url: string
  /** Sent as the Authorization header, as WhatsOnChain expects its keys. */
  apiKey?: string
  timeoutMs?: number
  /** Rate limit and 429 back-off, shared by every client of the same WhatsOnChain. */
  pacer?: RequestPacer
}

const TXID = /^[0-9a-f]{64}$/

/** The HTTP client of a WhatsOnChain API base, with its key as WhatsOnChain expects it (the Authorization header). */
export function wocHttp (options: WhatsOnChainOptions): ServiceHttp {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (options.apiKey !== undefined && options.apiKey !== '') headers.authorization = options.apiKey
  return new ServiceHttp({ network: options.network, service: 'WhatsOnChain', baseUrl: options.url, headers, timeoutMs: options.timeoutMs, pacer: options.pacer })
}

/** A server that kept handing out page tokens must not keep us looping. */
const MAX_UTXO_PAGES = 1000

/**
 * Reads the public chains through WhatsOnChain: @bsv/sdk's ChainTracker, plus the
 * reads Divvy needs (UTXOs by address, raw transactions, the tip, a transaction's status).
 *
 * Written rather than wrapping @bsv/sdk's WhatsOnChain class, which fixes the host,
 * has no time limit and implements only the ChainTracker part.
 */
export class WhatsOnChainReader implements ChainTracker {
  readonly network: string
  private readonly http: ServiceHttp

  constructor (options: WhatsOnChainOptions) {
    this.network = options.network
    this.http = wocHttp(options)
  }

  /** ChainTracker: whether `root` is the merkle root of the block at `height` (false for an unknown height). */
  async isValidRootForHeight (root: string, height: number): Promise<boolean> {
    const answer = await this.http.get(`/block/${height}/header`)
    if (answer.status === 404) return false
    const header = this.json(answer, `block header ${height}`) as { merkleroot?: unknown }
    if (typeof header?.merkleroot !== 'string' || !TXID.test(header.merkleroot)) {
      throw this.http.error('malformed', `answered block header ${height} without a merkleroot: ${excerpt(answer.text, 80)}`)
    }
    return header.merkleroot === root
  }

  /** ChainTracker: the height of the chain tip. */
  async currentHeight (): Promise<number> {
    return (await this.chainTip()).height
  }

  /** Height and hash of the chain tip (GET /chain/info). */
  async chainTip (): Promise<ChainTip> {
    const info = this.json(await this.http.get('/chain/info'), 'chain info') as { blocks?: unknown, bestblockhash?: unknown }
    if (!Number.isSafeInteger(info?.blocks) || (info.blocks as number) < 0 || typeof info.bestblockhash !== 'string' || !TXID.test(info.bestblockhash)) {
      throw this.http.error('malformed', `answered chain info without blocks and bestblockhash: ${excerpt(JSON.stringify(info), 80)}`)
    }
    return { height: info.blocks as number, hash: info.bestblockhash }
  }

  /**
   * Confirmed and unconfirmed UTXOs of an address (GET /address/{a}/unspent/all, every
   * page), leaving out those already spent by a mempool transaction.
   */
  async listUnspent (address: string): Promise<AddressUtxo[]> {
    const utxos: AddressUtxo[] = []
    let token = ''
    for (let page = 0; page < MAX_UTXO_PAGES; page++) {
      const query = token === '' ? '' : `?token=${encodeURIComponent(token)}`
      const answer = await this.http.get(`/address/${encodeURIComponent(address)}/unspent/all${query}`)
      if (answer.status === 400) throw this.http.error('rejected', `refused address ${address}: ${excerpt(answer.text)}`, 400)
      const body = this.json(answer, `the UTXOs of ${address}`) as { result?: unknown, error?: unknown, nextPageToken?: unknown }
      if (typeof body?.error === 'string' && body.error !== '') {
        throw this.http.error('failed', `could not list the UTXOs of ${address}: ${body.error}`)
      }
      if (!Array.isArray(body?.result)) {
        throw this.http.error('malformed', `answered the UTXOs of ${address} without a result list: ${excerpt(answer.text, 80)}`)
      }
      for (const entry of body.result) {
        const utxo = this.readUtxo(entry, address)
        if (utxo !== undefined) utxos.push(utxo)
      }
      const next = typeof body.nextPageToken === 'string' ? body.nextPageToken : ''
      if (next === '') return utxos
      if (next === token) throw this.http.error('malformed', `repeated page token '${next}' while listing the UTXOs of ${address}`)
      token = next
    }
    throw this.http.error('failed', `listed more than ${MAX_UTXO_PAGES} pages of UTXOs for ${address}`)
  }

  /** The raw transaction hex (GET /tx/{txid}/hex), checked to hash to `txid`. */
  async getRawTransaction (txid: string): Promise<string> {
    const answer = await this.http.get(`/tx/${encodeURIComponent(txid)}/hex`)
    if (answer.status === 404) throw this.http.error('not-found', `does not know transaction ${txid}`, 404)
    if (answer.status !== 200) throw this.http.error('failed', `could not return transaction ${txid}: HTTP ${answer.status} ${excerpt(answer.text)}`, answer.status)
    const hex = answer.text.trim()
    let actual: string
    try {
      actual = Transaction.fromHex(hex).id('hex')
    } catch {
      throw this.http.error('malformed', `answered transaction ${txid} with a body that is not a transaction: ${excerpt(hex, 80)}`)
    }
    if (actual !== txid) throw this.http.error('malformed', `answered transaction ${actual} when asked for ${txid}`)
    return hex
  }

  /**
   * Whether nothing spends the output, confirmed or not (GET /tx/{txid}/{vout}/spent: 404
   * unspent, 400 unknown output, 200 the spend).
   */
  async isUnspent (txid: string, vout: number): Promise<boolean> {
    return await this.spender(txid, vout) === null
  }

  /** Who spent the output (confirmed or not): its txid and input; null when unspent, undefined for an output WhatsOnChain does not know. */
  async spender (txid: string, vout: number): Promise<{ txid: string, vin: number } | null | undefined> {
    const answer = await this.http.get(`/tx/${encodeURIComponent(txid)}/${vout}/spent`)
    if (answer.status === 404) return null
    if (answer.status === 400) return undefined
    const body = this.json(answer, `the spend of ${txid}:${vout}`) as { txid?: unknown, vin?: unknown }
    if (typeof body?.txid !== 'string' || !TXID.test(body.txid) || !Number.isSafeInteger(body.vin)) throw this.http.error('malformed', `answered the spend of ${txid}:${vout} without txid and vin: ${excerpt(JSON.stringify(body), 80)}`)
    return { txid: body.txid, vin: body.vin as number }
  }

  /** Whether a transaction is mined, in the mempool, or unknown (GET /tx/hash/{txid}). */
  async getTransactionStatus (txid: string): Promise<TxStatus> {
    const answer = await this.http.get(`/tx/hash/${encodeURIComponent(txid)}`)
    if (answer.status === 404) return { txid, state: 'unknown', confirmations: 0 }
    const info = this.json(answer, `transaction ${txid}`) as { txid?: unknown, confirmations?: unknown, blockheight?: unknown, blockhash?: unknown }
    if (info?.txid !== txid) {
      throw this.http.error('malformed', `answered transaction ${txid} with ${excerpt(JSON.stringify(info?.txid ?? info), 80)}`)
    }
    const confirmations = Number.isSafeInteger(info.confirmations) ? info.confirmations as number : 0
    if (confirmations > 0 && Number.isSafeInteger(info.blockheight) && typeof info.blockhash === 'string') {
      return { txid, state: 'mined', blockHeight: info.blockheight as number, blockHash: info.blockhash, confirmations }
    }
    return { txid, state: 'mempool', confirmations: 0 }
  }

  private json (answer: ServiceAnswer, what: string): unknown {
    if (answer.status !== 200) {
      throw this.http.error('failed', `could not return ${what}: HTTP ${answer.status} ${excerpt(answer.text)}`, answer.status)
    }
    return parseJson(this.http, answer, what)
  }

  private readUtxo (entry: unknown, address: string): AddressUtxo | undefined {
    const e = entry as { tx_hash?: unknown, tx_pos?: unknown, value?: unknown, height?: unknown, status?: unknown, isSpentInMempoolTx?: unknown }
    if (typeof e !== 'object' || e === null || typeof e.tx_hash !== 'string' || !TXID.test(e.tx_hash) ||
        !Number.isSafeInteger(e.tx_pos) || (e.tx_pos as number) < 0 ||
        !Number.isSafeInteger(e.value) || (e.value as number) < 0) {
      throw this.http.error('malformed', `answered a UTXO of ${address} without tx_hash, tx_pos and value: ${excerpt(JSON.stringify(entry), 80)}`)
    }
    if (e.isSpentInMempoolTx === true) return undefined
    // Unconfirmed outputs come with status "unconfirmed" and height 0.
    const confirmed = e.status !== 'unconfirmed' && Number.isSafeInteger(e.height) && (e.height as number) > 0
    return { txid: e.tx_hash, vout: e.tx_pos as number, satoshis: BigInt(e.value as number), height: confirmed ? e.height as number : null }
  }
}
