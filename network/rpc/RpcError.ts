/**
 * How a call failed: the node answered an error (`node`), or it could not be reached, did
 * not answer in time, refused the credentials, or answered something that is not JSON-RPC.
 */
export type RpcFailureKind = 'node' | 'unreachable' | 'timeout' | 'credentials' | 'malformed'

/** An error answered by a bitcoind-style JSON-RPC node, or a failure to reach it. */
export class RpcError extends Error {
  /** bitcoind's error code (-25, -26, ...); 0 when the node gave none (not reached, credentials refused, ...). */
  readonly code: number
  /** The network it was asked on. */
  readonly network: string
  /** How it failed. */
  readonly kind: RpcFailureKind
  constructor (network: string, code: number, message: string, kind: RpcFailureKind = code !== 0 ? 'node' : 'malformed') {
    super(`${network}: ${message}${code !== 0 ? ` (code ${code})` : ''}`)
    this.name = 'RpcError'
    this.code = code
    this.network = network
    this.kind = kind
  }
}
