import { PrivateKey } from '@bsv/sdk'
import { fundKey, regtestAddressOf } from '../../../network/devnet/fundedKey'
import type { RpcClient } from '../../../network/rpc/RpcClient'
import { RpcError } from '../../../network/rpc/RpcError'
import { keyOf } from './ChainBuilder'
import { buildTransferPlan, type TransferPlan } from './TransferPlan'

export interface LoadOptions {
  transfers: number
  /** Transactions per mined block (default 2500). */
  blockTxs?: number
  chains?: number
  holders?: number
  threads?: number
  log?: (line: string) => void
}

export interface LoadedNode {
  plan: TransferPlan
  /** Height of the block that holds the deploy: indexing starts there. */
  firstHeight: number
  tipHeight: number
}

/** Requests per sendrawtransaction batch. */
const BATCH = 250
const FUND = 'fund'

/**
 * Puts the benchmark's transactions on a node: funds a key with mined coinbases, builds the
 * plan, sends every wave over JSON-RPC (the node checks every transaction and signature) and
 * mines a block whenever `blockTxs` transactions wait, so the blocks are on the node before
 * anything is indexed.
 */
export async function loadNode (rpc: RpcClient, options: LoadOptions): Promise<LoadedNode> {
  const blockTxs = options.blockTxs ?? 2500
  const key = PrivateKey.fromString(keyOf(FUND).privateKey.toString('hex'), 'hex')
  const address = regtestAddressOf(key)
  const [coin] = await fundKey(rpc, key, 101)
  if (coin === undefined) throw new Error('the node gave the funding key no spendable coinbase')
  const plan = await buildTransferPlan({ ...options, funding: coin, fundKey: FUND })

  const firstHeight = await rpc.getBlockCount() + 1
  let waiting = 0
  for (const wave of plan.waves) {
    for (let i = 0; i < wave.length; i += BATCH) {
      const chunk = wave.slice(i, i + BATCH)
      const answers = await rpc.batch(chunk.map(tx => ({ method: 'sendrawtransaction', params: [tx.raw.toString('hex')] })))
      answers.forEach((answer, j) => {
        if (answer instanceof RpcError) throw new Error(`the node rejected benchmark transaction ${chunk[j].txid}: ${answer.message}`)
      })
      waiting += chunk.length
    }
    if (waiting >= blockTxs) {
      await rpc.generateToAddress(1, address)
      waiting = 0
    }
  }
  if (waiting > 0) await rpc.generateToAddress(1, address)
  return { plan, firstHeight, tipHeight: await rpc.getBlockCount() }
}
