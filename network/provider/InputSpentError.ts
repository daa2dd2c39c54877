/**
 * A transaction was refused because one of its inputs is already spent by another
 * transaction: someone else spent that output first. `where` tells whether the other
 * spend waits in the mempool or is in a block; the node's own answer follows, with its code.
 */
export class InputSpentError extends Error {
  readonly code: number
  constructor (readonly network: string, readonly txid: string, readonly vout: number, readonly where: 'mempool' | 'block', node: { code: number, message: string }) {
    const said = node.message.startsWith(`${network}: `) ? node.message.slice(network.length + 2) : node.message
    super(`${network}: output ${txid}_${vout} was spent by another transaction first (${where === 'mempool' ? 'it waits in the mempool' : 'in a block'}): ${said}`)
    this.name = 'InputSpentError'
    this.code = node.code
  }
}
