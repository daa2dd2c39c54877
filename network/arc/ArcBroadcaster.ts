import { Broadcaster, BroadcastFailure, BroadcastResponse, Transaction } from '@bsv/sdk'
import { ServiceHttp } from '../http/ServiceHttp'
import { ServiceError } from '../http/ServiceError'
import { readPolicyFeePerKb, readStatusAnswer, readSubmitAnswer, throwIfFailed } from './ArcAnswer'
import { ARC_ACCEPTED_STATES, ArcTxInfo, ArcTxStatus } from './ArcTypes'

/** How long `submitAccepted` follows a transaction ARC holds before the network accepts it. */
export interface AcceptanceWait {
  /** Give up after this long (default 60 s). */
  timeoutMs?: number
  /** Between two status requests (default 1 s). */
  pollMs?: number
  /** Told the status while it waits. */
  progress?: (line: string) => void
}

export interface ArcOptions {
  /** Network name for messages: "testnet" or "mainnet". */
  network: string
  /** ARC base URL, e.g. https://arc.gorillapool.io (the adapter appends /v1/...). */
  url: string
  /** Sent as `Authorization: Bearer <apiKey>` when set. */
  apiKey?: string
  timeoutMs?: number
  /** ARC's X-WaitFor: the state to wait for before answering (ARC's default when unset). */
  waitFor?: ArcTxStatus
}

/**
 * Broadcasts transactions through ARC (bitcoin-sv/arc, pkg/api/arc.yaml).
 *
 * Written rather than wrapping @bsv/sdk's ARC class because that one has no time
 * limit, hides unreachable services behind code "500", and cannot tell a malformed
 * answer from a rejection. A rejection is final here: nothing is ever re-sent.
 */
export class ArcBroadcaster implements Broadcaster {
  readonly network: string
  private readonly http: ServiceHttp
  private readonly waitFor: ArcTxStatus | undefined

  constructor (options: ArcOptions) {
    const headers: Record<string, string> = { accept: 'application/json' }
    if (options.apiKey !== undefined && options.apiKey !== '') headers.authorization = `Bearer ${options.apiKey}`
    this.network = options.network
    this.http = new ServiceHttp({ network: options.network, service: 'ARC', baseUrl: options.url, headers, timeoutMs: options.timeoutMs })
    this.waitFor = options.waitFor
  }

  /** @bsv/sdk's Broadcaster: never throws for service failures, answers a BroadcastFailure instead. */
  async broadcast (tx: Transaction): Promise<BroadcastResponse | BroadcastFailure> {
    const txid = tx.id('hex')
    try {
      const info = await this.submit(tx)
      return { status: 'success', txid, message: info.extraInfo !== '' ? `${info.txStatus} ${info.extraInfo}` : info.txStatus, ...(info.competingTxs.length > 0 ? { competingTxs: info.competingTxs } : {}) }
    } catch (e) {
      if (!(e instanceof ServiceError)) throw e
      return { status: 'error', code: e.status !== undefined ? String(e.status) : e.kind.toUpperCase(), txid, description: e.message }
    }
  }

  /**
   * Sends `tx` (in the extended format when every input has its source output, so ARC
   * need not look parents up) and answers ARC's report; throws a one-line ServiceError
   * when ARC is unreachable, refuses the key, rejects the transaction or answers nonsense.
   */
  async submit (tx: Transaction): Promise<ArcTxInfo> {
    return await this.submitHex(toHexPreferEF(tx), tx.id('hex'))
  }

  /** As submit, for a raw or extended-format hex whose txid the caller knows. */
  async submitHex (hex: string, txid: string): Promise<ArcTxInfo> {
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    if (this.waitFor !== undefined) headers['x-waitfor'] = this.waitFor
    const answer = await this.http.post('/v1/tx', JSON.stringify({ rawTx: hex }), headers)
    return readSubmitAnswer(this.http, answer, txid)
  }

  /**
   * Submits and follows ARC's statuses (GET /v1/tx/{txid}) until the network has the
   * transaction (ACCEPTED_BY_NETWORK, SEEN_ON_NETWORK or MINED). A rejection or a double
   * spend, at submission or later, is a one-line error with ARC's reason; a transaction
   * still held after the wait is an error too: nothing is reported done that the network
   * did not accept.
   */
  async submitAccepted (tx: Transaction, wait: AcceptanceWait = {}): Promise<ArcTxInfo> {
    const txid = tx.id('hex')
    let info = await this.submit(tx)
    const until = Date.now() + (wait.timeoutMs ?? 60_000)
    let told = ''
    while (!ARC_ACCEPTED_STATES.has(info.txStatus)) {
      if (Date.now() > until) throw this.http.error('failed', `has not had transaction ${txid} accepted by the network: it is still ${info.txStatus}; it may yet be, check it before sending it again`)
      if (info.txStatus !== told) { wait.progress?.(`${this.network}: ARC holds ${txid} (${info.txStatus}), waiting for the network to accept it`); told = info.txStatus }
      await new Promise(resolve => setTimeout(resolve, wait.pollMs ?? 1000))
      info = await this.status(txid) ?? info
      throwIfFailed(this.http, info)
    }
    return info
  }

  /** ARC's view of a transaction, or null when ARC has never seen it. */
  async status (txid: string): Promise<ArcTxInfo | null> {
    return readStatusAnswer(this.http, await this.http.get(`/v1/tx/${encodeURIComponent(txid)}`), txid)
  }

  /** The mining fee ARC's policy asks for, in satoshis per 1000 bytes. */
  async feePerKb (): Promise<number> {
    return readPolicyFeePerKb(this.http, await this.http.get('/v1/policy'))
  }
}

function toHexPreferEF (tx: Transaction): string {
  const complete = tx.inputs.every(i => i.sourceTransaction?.outputs[i.sourceOutputIndex] != null)
  return complete ? tx.toHexEF() : tx.toHex()
}
