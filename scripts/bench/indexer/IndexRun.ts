import { getHeapStatistics } from 'v8'
import { Follower } from '../../../indexer/follow/Follower'
import { Indexer } from '../../../indexer/Indexer'
import { RpcClient } from '../../../network/rpc/RpcClient'

export interface IndexRunOptions {
  rpcUrl: string
  /** A fresh directory for the index. */
  dataDir: string
  startHeight: number
  log?: (line: string) => void
}

export interface IndexRunFigures {
  seconds: number
  blocks: number
  /** Transactions in the indexed blocks, coinbases included. */
  txs: number
  /** Largest V8 heap in use seen while indexing, bytes. */
  peakHeapBytes: number
}

/**
 * Indexes a node's blocks with the real follower over JSON-RPC (getblockhash, getblock raw,
 * BlockReader, Indexer.applyBlock) into a fresh index, timing it and sampling the heap.
 * Returns the open indexer so that the caller can check what it indexed.
 */
export async function indexFromNode (options: IndexRunOptions): Promise<{ figures: IndexRunFigures, indexer: Indexer }> {
  const indexer = await Indexer.open({ dataDir: options.dataDir })
  const rpc = new RpcClient({ url: options.rpcUrl, network: 'bench', timeoutMs: 120_000 })
  const follower = new Follower({ rpc, indexer, startHeight: options.startHeight, log: options.log })
  let peakHeapBytes = 0
  const sample = (): void => { peakHeapBytes = Math.max(peakHeapBytes, getHeapStatistics().used_heap_size) }
  const sampler = setInterval(sample, 10)
  const began = process.hrtime.bigint()
  let blocks: number
  try {
    blocks = await follower.sync()
  } finally {
    clearInterval(sampler)
  }
  const seconds = Number(process.hrtime.bigint() - began) / 1e9
  sample()
  let txs = 0
  for (let h = options.startHeight; h < options.startHeight + blocks; h++) txs += (await indexer.blockAt(h))?.txs ?? 0
  return { figures: { seconds, blocks, txs, peakHeapBytes }, indexer }
}
