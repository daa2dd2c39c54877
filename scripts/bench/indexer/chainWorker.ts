import { parentPort, workerData } from 'worker_threads'
import { buildChain, type BuiltChain, type ChainStart } from './ChainBuilder'

/** A worker thread that builds and signs some of the benchmark's transfer chains. */
export interface ChainJob { starts: ChainStart[], tokenId: string, holderCount: number }
export interface ChainAnswer { chains: BuiltChain[], balances: Array<[string, bigint]> }

const buffer = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength)

if (parentPort !== null && workerData !== undefined) {
  const job = workerData as ChainJob
  const balances = new Map<string, bigint>()
  const chains = job.starts.map(start => buildChain({
    ...start,
    token: { ...start.token, script: buffer(start.token.script) },
    fee: { ...start.fee, script: buffer(start.fee.script) }
  }, job.tokenId, job.holderCount, balances))
  const answer: ChainAnswer = { chains, balances: [...balances] }
  parentPort.postMessage(answer)
}
