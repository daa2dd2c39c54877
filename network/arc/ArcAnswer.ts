import { ServiceHttp, ServiceAnswer, parseJson, excerpt } from '../http/ServiceHttp'
import { ServiceError } from '../http/ServiceError'
import { ArcErrorBody, ArcTxInfo, ArcTxStatus, ARC_FAILED_STATES } from './ArcTypes'

const TXID = /^[0-9a-f]{64}$/

/** Reads ARC's answer to POST /v1/tx for `txid`; throws a one-line ServiceError unless it was accepted. */
export function readSubmitAnswer (http: ServiceHttp, answer: ServiceAnswer, txid: string): ArcTxInfo {
  if (answer.status === 404) {
    throw http.error('failed', `at ${http.baseUrl} has no /v1/tx endpoint (HTTP 404): is the ARC URL right?`, 404)
  }
  if (answer.status >= 500) {
    throw http.error('failed', `failed on transaction ${txid} with HTTP ${answer.status}: ${excerpt(answer.text)}`, answer.status)
  }
  const body = parseJson(http, answer, `transaction ${txid}`)
  // ARC also answers HTTP 200 with an error body (arc.yaml's "Invalid outputs" example).
  const error = errorBody(body)
  if (answer.status >= 400 || error !== undefined) {
    if (error === undefined) {
      throw http.error('malformed', `answered transaction ${txid} with HTTP ${answer.status} and no ARC error fields: ${excerpt(answer.text, 80)}`, answer.status)
    }
    throw rejection(http, txid, error)
  }
  const info = readTxInfo(http, body, `transaction ${txid}`)
  if (info.txid !== txid) {
    throw http.error('malformed', `answered for transaction ${info.txid} when ${txid} was sent`)
  }
  throwIfFailed(http, info)
  return info
}

/** A one-line 'rejected' ServiceError for a state in which the transaction will not be mined as sent, with ARC's reason and the competing transactions. */
export function throwIfFailed (http: ServiceHttp, info: ArcTxInfo): void {
  if (!ARC_FAILED_STATES.has(info.txStatus)) return
  const competing = info.competingTxs.length > 0 ? ` competing with ${info.competingTxs.join(', ')}` : ''
  const extra = info.extraInfo !== '' ? ` (${info.extraInfo})` : ''
  throw http.error('rejected', `rejected transaction ${info.txid}: ${info.txStatus}${extra}${competing}`)
}

/** Reads ARC's answer to GET /v1/tx/{txid}: the status, or null when ARC does not know it. */
export function readStatusAnswer (http: ServiceHttp, answer: ServiceAnswer, txid: string): ArcTxInfo | null {
  if (answer.status === 404) return null
  if (answer.status !== 200) {
    throw http.error('failed', `could not report transaction ${txid}: HTTP ${answer.status} ${excerpt(answer.text)}`, answer.status)
  }
  const info = readTxInfo(http, parseJson(http, answer, `the status of ${txid}`), `the status of ${txid}`)
  if (info.txid !== txid) throw http.error('malformed', `answered with transaction ${info.txid} when asked for ${txid}`)
  return info
}

/** Reads GET /v1/policy's mining fee as satoshis per 1000 bytes, rounded up. */
export function readPolicyFeePerKb (http: ServiceHttp, answer: ServiceAnswer): number {
  if (answer.status !== 200) throw http.error('failed', `could not report its policy: HTTP ${answer.status} ${excerpt(answer.text)}`, answer.status)
  const body = parseJson(http, answer, 'the policy request') as { policy?: { miningFee?: { satoshis?: unknown, bytes?: unknown } } }
  const fee = body?.policy?.miningFee
  const satoshis = fee?.satoshis
  const bytes = fee?.bytes
  if (!Number.isSafeInteger(satoshis) || !Number.isSafeInteger(bytes) || (satoshis as number) < 0 || (bytes as number) <= 0) {
    throw http.error('malformed', `answered the policy request without a valid policy.miningFee: ${excerpt(answer.text, 80)}`)
  }
  return Math.ceil((satoshis as number) * 1000 / (bytes as number))
}

function errorBody (body: unknown): ArcErrorBody | undefined {
  if (typeof body !== 'object' || body === null) return undefined
  const status = (body as { status?: unknown }).status
  // Success bodies carry status 200 too; only 4xx codes make an error body.
  if (typeof status !== 'number' || status < 400) return undefined
  return body as ArcErrorBody
}

function rejection (http: ServiceHttp, txid: string, error: ArcErrorBody): ServiceError {
  const title = typeof error.title === 'string' ? ` ${error.title}` : ''
  const detail = typeof error.detail === 'string' && error.detail !== '' ? `: ${error.detail}` : ''
  const extra = typeof error.extraInfo === 'string' && error.extraInfo !== '' ? ` (${error.extraInfo})` : ''
  return http.error('rejected', `rejected transaction ${txid}: ${error.status}${title}${detail}${extra}`, error.status)
}

function readTxInfo (http: ServiceHttp, body: unknown, what: string): ArcTxInfo {
  const b = body as Record<string, unknown>
  if (typeof b !== 'object' || b === null || typeof b.txid !== 'string' || !TXID.test(b.txid) || typeof b.txStatus !== 'string') {
    throw http.error('malformed', `answered ${what} without a txid and txStatus: ${excerpt(JSON.stringify(body), 80)}`)
  }
  const competing = Array.isArray(b.competingTxs) ? b.competingTxs.filter((t): t is string => typeof t === 'string') : []
  return {
    txid: b.txid,
    txStatus: b.txStatus as ArcTxStatus,
    extraInfo: typeof b.extraInfo === 'string' ? b.extraInfo : '',
    blockHash: typeof b.blockHash === 'string' && b.blockHash !== '' ? b.blockHash : undefined,
    blockHeight: typeof b.blockHeight === 'number' && b.blockHeight > 0 ? b.blockHeight : undefined,
    merklePath: typeof b.merklePath === 'string' && b.merklePath !== '' ? b.merklePath : undefined,
    competingTxs: competing
  }
}
