import type { Chain } from './Chain'
import type { Mempool } from './Mempool'
import type { Miner } from './Miner'
import type { NonFinalPool } from './NonFinalPool'
import type { RpcParams } from './RpcParams'
import type { TxAcceptor } from './TxAcceptor'

/**
 * One JSON-RPC method as the node declares it: its parameter names (for named, object
 * params), how many positional parameters it takes (outside that range the node answers -1
 * with the help text), the help text (the node's usage line first) and the handler.
 */
export interface RpcMethod {
  args: string[]
  min: number
  max: number
  help: string
  run: (params: RpcParams) => Promise<unknown> | unknown
}

/** What the methods answer from. */
export interface NodeParts {
  chain: Chain
  mempool: Mempool
  nonFinal: NonFinalPool
  acceptor: TxAcceptor
  miner: Miner
  /** When the devnet started (Unix seconds), for `uptime`. */
  startedAt: number
  /** Shuts the devnet down after the answer has been sent. */
  requestStop: () => void
}

/** A method's help text: the node's usage line, a blank line and what it does. */
export function helpText (usage: string, ...lines: string[]): string {
  return [usage, '', ...lines].join('\n') + '\n'
}
