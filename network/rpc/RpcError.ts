/** An error answered by a bitcoind-style JSON-RPC node, or a failure to reach it. */
export class RpcError extends Error {
  /** bitcoind's error code (-25, -26, ...); 0 when the node could not be reached. */
  readonly code: number
  readonly network: string
  constructor (network: string, code: number, message: string) {
    super(`${network}: ${message}${code !== 0 ? ` (code ${code})` : ''}`)
    this.name = 'RpcError'
    this.code = code
    this.network = network
  }
}
