import type { RpcClient } from '../../network/rpc/RpcClient'
import { RpcError } from '../../network/rpc/RpcError'
import { readBlock } from '../chain/BlockReader'
import type { ParsedBlock } from '../chain/ParsedBlock'
import type { Indexer } from '../Indexer'
import type { MempoolView } from '../mempool/MempoolView'
import { BlockOrderError } from '../pipeline/BlockApplier'
import { CatchUpProgress } from './CatchUpProgress'

export interface FollowerOptions {
  rpc: RpcClient
  indexer: Indexer
  /** The first height to index when the index is empty. */
  startHeight: number
  mempool?: MempoolView
  /** Poll interval once caught up. */
  pollMs?: number
  /** Progress and re-org lines; silent when undefined. */
  log?: (line: string) => void
}

/**
 * Follows a node over JSON-RPC: rolls back blocks the node no longer has on its best chain,
 * applies new blocks in order from their raw bytes (getblock verbosity 0), and refreshes
 * the mempool view.
 */
export class Follower {
  nodeHeight: number | undefined
  /** Why the loop stopped by itself. */
  failure: Error | undefined
  private running: Promise<void> | undefined
  private stopping = false
  private wake: (() => void) | undefined

  constructor (private readonly options: FollowerOptions) {}

  /** Brings the index to the node's tip once; returns the number of blocks applied. */
  async sync (): Promise<number> {
    const { rpc, indexer } = this.options
    let applied = 0
    for (let attempt = 0; attempt < 10; attempt++) {
      const nodeHeight = await rpc.getBlockCount()
      this.nodeHeight = nodeHeight
      await this.unwindReorg(nodeHeight)
      const from = indexer.tip === undefined ? this.options.startHeight : indexer.tip.height + 1
      if (from > nodeHeight) {
        await this.options.mempool?.refresh()
        return applied
      }
      const progress = new CatchUpProgress(from, nodeHeight, this.options.log)
      let next = this.fetch(from)
      let height = from
      try {
        for (; height <= nodeHeight && !this.stopping; height++) {
          const block = await next
          if (height < nodeHeight) next = this.fetch(height + 1)
          await indexer.applyBlock(block, height)
          applied++
          progress.block(height, block.hash, block.txs.length)
        }
      } catch (e) {
        // The node switched branches while we were reading: unwind and start over.
        if (!(e instanceof BlockOrderError)) throw e
        await next.catch(() => undefined)
        continue
      }
      progress.done()
      if (this.stopping) return applied
    }
    return applied
  }

  /**
   * Runs sync in a loop until stop(); errors are logged and retried, except refused
   * credentials, which no retry can mend: then it stops, and `failure` says why.
   */
  start (): void {
    if (this.running !== undefined) return
    this.stopping = false
    this.failure = undefined
    this.running = (async () => {
      while (!this.stopping) {
        try {
          await this.sync()
        } catch (e) {
          if (e instanceof RpcError && e.kind === 'credentials') {
            this.failure = e
            return
          }
          this.options.log?.(`indexer: ${(e as Error).message}; retrying`)
        }
        if (this.stopping) break
        await new Promise<void>(resolve => {
          const timer = setTimeout(resolve, this.options.pollMs ?? 1000)
          this.wake = () => { clearTimeout(timer); resolve() }
        })
      }
    })()
  }

  /** Resolves when the loop started by start() ends: by stop(), or by a failure no retry can mend. */
  async finished (): Promise<Error | undefined> {
    await this.running
    return this.failure
  }

  async stop (): Promise<void> {
    this.stopping = true
    this.wake?.()
    await this.running
    this.running = undefined
  }

  /** Starts reading a block; a read left behind by a stop or re-org must not go unhandled. */
  private fetch (height: number): Promise<ParsedBlock> {
    const reading = this.read(height)
    reading.catch(() => undefined)
    return reading
  }

  private async read (height: number): Promise<ParsedBlock> {
    const hash = await this.options.rpc.getBlockHash(height)
    const hex = await this.options.rpc.getBlockHex(hash)
    return readBlock(Buffer.from(hex, 'hex'))
  }

  /** Rolls back indexed blocks that are not on the node's best chain. */
  private async unwindReorg (nodeHeight: number): Promise<void> {
    const { rpc, indexer } = this.options
    for (let tip = indexer.tip; tip !== undefined; tip = indexer.tip) {
      if (tip.height <= nodeHeight && tip.hash !== null && await rpc.getBlockHash(tip.height) === tip.hash) return
      this.options.log?.(`indexer: re-org, rolling back block ${tip.height} ${tip.hash ?? ''}`)
      await indexer.rollback()
    }
  }
}
