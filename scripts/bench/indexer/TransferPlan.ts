import { availableParallelism } from 'os'
import path from 'path'
import { Worker } from 'worker_threads'
import { compiledModule } from '../../../runtime/packageFiles'
import { holderKey } from './BenchKey'
import { buildChain, keyOf, type BenchTx, type BuiltChain } from './ChainBuilder'
import type { ChainAnswer, ChainJob } from './chainWorker'
import { BENCH_SUPPLY, buildGenesis } from './GenesisTxs'

export interface PlanOptions {
  /** BSV-21 transfer transactions to build (the fan-out counts as one). */
  transfers: number
  /** A spendable P2PKH output of the key labelled `fundKey` that pays for everything. */
  funding: { txid: string, vout: number, satoshis: bigint }
  fundKey: string
  /** Parallel transfer chains (default 100). */
  chains?: number
  /** Distinct holder keys the tokens move between (default 1000). */
  holders?: number
  /** Signing threads (default: one per core; 1 signs on this thread). */
  threads?: number
}

export interface TransferPlan {
  tokenId: string
  /** Transactions in waves: a wave spends only outputs of earlier waves, so its members can be sent together. */
  waves: BenchTx[][]
  /** Transfer transactions among them (every transaction but the deploy). */
  transfers: number
  /** Expected token balance of every holder pkh (hex) with a positive balance. */
  balances: Map<string, bigint>
}

/**
 * Realistic BSV-21 traffic, signed for real: the deploy+mint, a fan-out transfer to the
 * first holder of every chain, then the chains of transfers (ChainBuilder), built on worker
 * threads since signing is most of the work. Wave k holds step k of every chain.
 */
export async function buildTransferPlan (options: PlanOptions): Promise<TransferPlan> {
  const { transfers } = options
  if (!Number.isInteger(transfers) || transfers < 1) throw new Error(`the number of transfers must be a positive integer, got ${transfers}`)
  const chainCount = Math.max(1, Math.min(options.chains ?? 100, transfers - 1))
  const holderCount = Math.max(3, options.holders ?? 1000)
  const rest = transfers - 1
  const steps = Array.from({ length: chainCount }, (_, c) => Math.floor(rest / chainCount) + (c < rest % chainCount ? 1 : 0))
  const genesis = buildGenesis({ ...options.funding, script: keyOf(options.fundKey).p2pkh, owner: options.fundKey }, steps, holderCount)

  const balances = new Map<string, bigint>()
  for (const start of genesis.chains) balances.set(holderKey(start.holder).pkhHex, (balances.get(holderKey(start.holder).pkhHex) ?? 0n) + start.amount)
  const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), chainCount))
  const built: BuiltChain[] = []
  if (threads === 1 || rest < 200) {
    for (const start of genesis.chains) built.push(buildChain(start, genesis.tokenId, holderCount, balances))
  } else {
    const jobs = Array.from({ length: threads }, (_, t) => genesis.chains.filter(s => s.chain % threads === t))
    const answers = await Promise.all(jobs.map(async starts => await runWorker({ starts, tokenId: genesis.tokenId, holderCount })))
    for (const answer of answers) {
      for (const chain of answer.chains) built.push({ chain: chain.chain, txs: chain.txs.map(t => ({ txid: t.txid, raw: Buffer.from(t.raw.buffer, t.raw.byteOffset, t.raw.byteLength) })) })
      for (const [pkh, delta] of answer.balances) balances.set(pkh, (balances.get(pkh) ?? 0n) + delta)
    }
  }
  built.sort((a, b) => a.chain - b.chain)

  const waves: BenchTx[][] = [[genesis.deploy], [genesis.fan]]
  const longest = Math.max(0, ...steps)
  for (let step = 0; step < longest; step++) waves.push(built.filter(c => c.txs.length > step).map(c => c.txs[step]))
  for (const [pkh, amount] of balances) if (amount === 0n) balances.delete(pkh)
  const total = [...balances.values()].reduce((a, b) => a + b, 0n)
  if (total !== BENCH_SUPPLY) throw new Error(`the plan's balances add up to ${total}, not the supply`)
  return { tokenId: genesis.tokenId, waves, transfers, balances }
}

async function runWorker (job: ChainJob): Promise<ChainAnswer> {
  const worker = new Worker(compiledModule(path.join(__dirname, 'chainWorker')), { workerData: job })
  return await new Promise((resolve, reject) => {
    worker.once('message', (answer: ChainAnswer) => { resolve(answer); void worker.terminate() })
    worker.once('error', reject)
    worker.once('exit', code => { if (code !== 0) reject(new Error(`a signing thread stopped with code ${code}`)) })
  })
}
