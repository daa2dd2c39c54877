import { balanceMismatches, indexedBalances } from './IndexedBalances'
import { indexFromNode, type IndexRunFigures } from './IndexRun'

/**
 * The indexing half of the benchmark, in a process of its own so that its peak memory is
 * the indexer's alone: gets a job over IPC, indexes, checks the balances, answers, exits.
 */
export interface IndexJob { rpcUrl: string, dataDir: string, startHeight: number, tokenId: string, expected: Array<[string, string]> }
export interface IndexAnswer { figures: IndexRunFigures, peakRssBytes: number, holders: number, mismatches: string[] }

process.once('message', (job: IndexJob) => {
  void (async () => {
    const { figures, indexer } = await indexFromNode({ rpcUrl: job.rpcUrl, dataDir: job.dataDir, startHeight: job.startHeight, log: line => console.log(`  ${line}`) })
    const peakRssBytes = process.resourceUsage().maxRSS * 1024
    const actual = await indexedBalances(indexer, job.tokenId)
    const mismatches = balanceMismatches(new Map(job.expected.map(([pkh, amt]) => [pkh, BigInt(amt)])), actual)
    await indexer.close()
    const answer: IndexAnswer = { figures, peakRssBytes, holders: actual.size, mismatches }
    process.send?.(answer, () => process.exit(0))
  })().catch(e => {
    console.error(`index run failed: ${(e as Error).stack ?? String(e)}`)
    process.exit(1)
  })
})
