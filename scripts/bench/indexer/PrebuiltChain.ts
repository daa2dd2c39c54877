import { assembleBlock, type RawBlock } from './BlockAssembler'
import { keyOf, type BenchTx } from './ChainBuilder'
import { buildTransferPlan, type TransferPlan } from './TransferPlan'

export interface PrebuildOptions {
  transfers: number
  /** Transactions per block besides the coinbase (default 2500). */
  blockTxs?: number
  chains?: number
  holders?: number
  threads?: number
}

export interface PrebuiltChain {
  plan: TransferPlan
  /** From height 0: a block whose coinbase funds the benchmark, then the transfer blocks. */
  blocks: RawBlock[]
}

const FUND = 'fund'

/**
 * The benchmark's chain without a node: the funding coinbase in block 0, then the plan's
 * waves packed into regtest blocks of about `blockTxs` transactions, parents first, exactly
 * as the devnet would mine them.
 */
export async function prebuildChain (options: PrebuildOptions): Promise<PrebuiltChain> {
  const blockTxs = options.blockTxs ?? 2500
  const payTo = keyOf(FUND).p2pkh
  const genesis = assembleBlock('00'.repeat(32), 0, 1_700_000_000, payTo, [])
  const plan = await buildTransferPlan({ ...options, funding: { txid: genesis.coinbase.txid, vout: 0, satoshis: 5_000_000_000n }, fundKey: FUND })
  const blocks: RawBlock[] = [genesis.block]
  let pending: BenchTx[] = []
  const cut = (): void => {
    const height = blocks.length
    blocks.push(assembleBlock(blocks[height - 1].hash, height, 1_700_000_000 + height * 600, payTo, pending).block)
    pending = []
  }
  for (const wave of plan.waves) {
    pending.push(...wave)
    if (pending.length >= blockTxs) cut()
  }
  if (pending.length > 0) cut()
  return { plan, blocks }
}
