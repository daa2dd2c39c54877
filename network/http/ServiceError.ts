/** What went wrong when talking to a remote service (ARC, WhatsOnChain, the indexer). */
export type ServiceFailure =
  | 'unreachable' // no connection could be made
  | 'timeout' // no complete answer within the time limit
  | 'credentials' // HTTP 401/403: missing or wrong API key
  | 'rejected' // the service understood the request and refused it (e.g. ARC rejected the transaction)
  | 'not-found' // the thing asked for does not exist there
  | 'malformed' // the answer is not what the service documents
  | 'failed' // any other HTTP error answered by the service

/**
 * One-line error naming the network, the service and the service's own message,
 * e.g. `testnet: ARC rejected transaction 1a2b…: 465 Fee too low (arc error 465: fee too low)`.
 */
export class ServiceError extends Error {
  /** The network it was asked on. */
  readonly network: string
  /** The service that failed ("ARC", "WhatsOnChain", "indexer"). */
  readonly service: string
  /** How it failed. */
  readonly kind: ServiceFailure
  /** The HTTP status, or the status the service reported in its body (ARC's 46x codes). */
  readonly status: number | undefined
  constructor (network: string, service: string, kind: ServiceFailure, detail: string, status?: number) {
    super(`${network}: ${service} ${detail}`.replace(/\s+/g, ' ').trim())
    this.name = 'ServiceError'
    this.network = network
    this.service = service
    this.kind = kind
    this.status = status
  }
}
