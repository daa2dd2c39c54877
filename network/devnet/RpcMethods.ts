import { blockchainMethods } from './blockchainRpc'
import { controlMethods } from './controlRpc'
import { mempoolMethods } from './mempoolRpc'
import { rawTransactionMethods } from './rawTransactionRpc'
import { helpText, NodeParts, RpcMethod } from './RpcMethod'

export type { NodeParts, RpcMethod } from './RpcMethod'
export { payToAddress } from './controlRpc'

/** bitcoind's JSON-RPC methods the devnet answers, from its chain, mempool and pools. */
export function rpcMethods (node: NodeParts): Map<string, RpcMethod> {
  const methods = new Map<string, RpcMethod>(Object.entries({
    ...blockchainMethods(node),
    ...mempoolMethods(node),
    ...rawTransactionMethods(node),
    ...controlMethods(node)
  }))
  methods.set('help', {
    args: ['command'],
    min: 0,
    max: 1,
    help: helpText('help ( "command" )', 'Lists the methods, or tells how to call one.'),
    run: (p) => {
      if (!p.has(0)) return [...methods.entries()].map(([, m]) => m.help.split('\n')[0]).sort().join('\n')
      const method = methods.get(p.str(0))
      if (method === undefined) return `help: unknown command: ${p.str(0)}\n`
      return method.help
    }
  })
  return methods
}
