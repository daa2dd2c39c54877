import { HttpAnswer, HttpTransport, TransportError } from './HttpTransport'
import { RpcError } from './RpcError'

/** The node's JSON-RPC URL with its credentials, and what to call it in messages. */
export interface RpcClientOptions {
  /** http://user:pass@host:port */
  url: string
  /** A name for messages, e.g. "devnet" or "regtest". */
  network?: string
  timeoutMs?: number
}

/**
 * A typed bitcoind JSON-RPC 1.0 client over HTTP POST with basic auth.
 * Used for the embedded devnet and for a real `bitcoind -regtest`.
 *
 * Written here rather than taken from a JSON-RPC library: bitcoind speaks its own dialect
 * (version 1.0 bodies with both `result` and `error`, a failed call answered with HTTP 500 or
 * 404 and the error in the body, 401 with an empty body for refused credentials, batches
 * answered in order with per-call errors), which general clients turn into transport errors.
 */
export class RpcClient {
  /** The URL it was given, credentials included. */
  readonly url: string
  /** What messages call the node ("devnet", "regtest"; default "rpc"). */
  readonly network: string
  private readonly endpoint: string
  private readonly auth: string | undefined
  private readonly timeoutMs: number
  private readonly transport: HttpTransport
  private nextId = 1

  /** A client of the node at `options.url` (or the URL itself); nothing is sent until a call. */
  constructor (options: RpcClientOptions | string) {
    const opts = typeof options === 'string' ? { url: options } : options
    let parsed: URL
    try {
      parsed = new URL(opts.url)
    } catch {
      throw new RpcError(opts.network ?? 'rpc', 0, `invalid RPC url '${opts.url}'`)
    }
    this.url = opts.url
    this.network = opts.network ?? 'rpc'
    this.timeoutMs = opts.timeoutMs ?? 30000
    if (parsed.username !== '' || parsed.password !== '') {
      const user = decodeURIComponent(parsed.username)
      const pass = decodeURIComponent(parsed.password)
      this.auth = 'Basic ' + Buffer.from(`${user}:${pass}`).toString('base64')
    }
    parsed.username = ''
    parsed.password = ''
    this.endpoint = parsed.toString()
    this.transport = new HttpTransport(parsed)
  }

  /** Calls one method; throws RpcError with the node's code and message on failure. */
  async call<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    const body = { jsonrpc: '1.0', id: this.nextId++, method, params }
    const answer = await this.post(body) as { result: T, error: { code: number, message: string } | null }
    if (answer.error != null) throw new RpcError(this.network, answer.error.code, answer.error.message)
    return answer.result
  }

  /** Sends a batch; each element is the result or an RpcError. */
  async batch (calls: Array<{ method: string, params?: unknown[] }>): Promise<Array<unknown | RpcError>> {
    const body = calls.map(c => ({ jsonrpc: '1.0', id: this.nextId++, method: c.method, params: c.params ?? [] }))
    const answers = await this.post(body) as Array<{ id: number, result: unknown, error: { code: number, message: string } | null }>
    const byId = new Map(answers.map(a => [a.id, a]))
    return body.map(b => {
      const a = byId.get(b.id)
      if (a == null) return new RpcError(this.network, -32603, `no answer for ${b.method}`)
      return a.error != null ? new RpcError(this.network, a.error.code, a.error.message) : a.result
    })
  }

  private async post (body: unknown): Promise<unknown> {
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    if (this.auth !== undefined) headers.authorization = this.auth
    let response: HttpAnswer
    try {
      response = await this.transport.post(headers, JSON.stringify(body), this.timeoutMs)
    } catch (e) {
      const failure = e as TransportError
      const reason = failure.reason === 'timeout' ? `timed out after ${this.timeoutMs} ms` : `unreachable${failure.code !== undefined ? ` (${failure.code})` : ''}`
      throw new RpcError(this.network, 0, `node at ${this.endpoint} is ${reason}`, failure.reason === 'timeout' ? 'timeout' : 'unreachable')
    }
    if (response.status === 401 || response.status === 403) {
      throw new RpcError(this.network, 0, `node at ${this.endpoint}: credentials refused (HTTP ${response.status}); pass --rpc http://user:password@host:port with the node's rpcuser and rpcpassword`, 'credentials')
    }
    try {
      return JSON.parse(response.text)
    } catch {
      throw new RpcError(this.network, 0, `node answered HTTP ${response.status} with a body that is not JSON: ${response.text.slice(0, 120)}`)
    }
  }

  // Typed wrappers for the methods Divvy uses.
  /** The height of the node's tip. */
  getBlockCount (): Promise<number> { return this.call('getblockcount') }
  /** The hash of the node's tip. */
  getBestBlockHash (): Promise<string> { return this.call('getbestblockhash') }
  /** The hash of the block at `height` of the node's chain. */
  getBlockHash (height: number): Promise<string> { return this.call('getblockhash', [height]) }
  /** The raw block as hex (verbosity 0). */
  getBlockHex (hash: string): Promise<string> { return this.call('getblock', [hash, 0]) }
  /** A block's header, decoded (verbose), with its height and confirmations. */
  getBlockHeader (hash: string): Promise<BlockHeaderInfo> { return this.call('getblockheader', [hash, true]) }
  /** A transaction's raw bytes as hex, from the mempool or (with -txindex) the chain. */
  getRawTransactionHex (txid: string): Promise<string> { return this.call('getrawtransaction', [txid, false]) }
  /** Sends a raw transaction (hex) to the mempool; answers its txid, or throws the node's refusal. */
  sendRawTransaction (hex: string): Promise<string> { return this.call('sendrawtransaction', [hex]) }
  /** The txids in the node's mempool. */
  getRawMempool (): Promise<string[]> { return this.call('getrawmempool', [false]) }
  /** An unspent output (the mempool's spends counted unless `includeMempool` is false), or null when it is spent or unknown. */
  getTxOut (txid: string, vout: number, includeMempool = true): Promise<TxOutInfo | null> { return this.call('gettxout', [txid, vout, includeMempool]) }
  /** Mines `n` blocks paying their coinbases to `address` (regtest); answers their hashes. */
  generateToAddress (n: number, address: string): Promise<string[]> { return this.call('generatetoaddress', [n, address]) }
  /** The chain's name, its height and tip, and the node's other chain facts. */
  getBlockchainInfo (): Promise<BlockchainInfo> { return this.call('getblockchaininfo') }
}

/** `getblockheader`'s verbose answer, the fields Divvy reads. */
export interface BlockHeaderInfo {
  hash: string
  confirmations: number
  height: number
  version: number
  merkleroot: string
  time: number
  nonce: number
  bits: string
  difficulty: number
  previousblockhash?: string
  nextblockhash?: string
}

/** `gettxout`'s answer (`value` in BSV, as the node prints it). */
export interface TxOutInfo {
  bestblock: string
  confirmations: number
  value: number
  scriptPubKey: { asm: string, hex: string, type?: string, addresses?: string[] }
  coinbase: boolean
}

/** `getblockchaininfo`'s answer, the fields Divvy reads. */
export interface BlockchainInfo {
  chain: string
  blocks: number
  headers: number
  bestblockhash: string
  [key: string]: unknown
}
