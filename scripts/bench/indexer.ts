import { mkdtempSync, rmSync } from 'fs'
import { availableParallelism, tmpdir } from 'os'
import path from 'path'
import { Devnet } from '../../network/devnet/Devnet'
import { RpcClient } from '../../network/rpc/RpcClient'
import { fork } from 'child_process'
import { compiledModule } from '../../runtime/packageFiles'
import { BlockServer } from './indexer/BlockServer'
import type { IndexAnswer, IndexJob } from './indexer/indexChild'
import { benchChain, type ChainSummary } from './indexer/ChainCache'
import { loadNode } from './indexer/NodeLoader'
import { parseOptions, scriptHelp, UsageError, type OptionSpecs } from '../cli/options'

const DEFAULT_CACHE = path.join(tmpdir(), 'divvy-bench-indexer-cache')

const OPTIONS = {
  transfers: { kind: 'integer', value: 'n', help: 'transfer transactions (default 100000)' },
  'block-txs': { kind: 'integer', value: 'n', help: 'transactions per block (default 2500)' },
  devnet: { kind: 'flag', help: 'mine through the embedded devnet instead of pre-built blocks' },
  'cpu-prof': { kind: 'string', value: 'dir', help: 'write a V8 CPU profile of the indexing process into <dir>' },
  'cache-dir': { kind: 'string', value: 'dir', help: `where pre-built blocks are kept (default ${DEFAULT_CACHE})` },
  'no-cache': { kind: 'flag', help: 'build the blocks afresh and keep nothing' },
  help: { kind: 'flag', short: 'h', help: 'this text' }
} as const satisfies OptionSpecs

const HELP = scriptHelp('npm run bench:indexer --', `Measures the BSV-21 indexer (indexer/): transfer transactions indexed per second from blocks
already on a node, and the indexing process's peak memory (RSS and V8 heap), against the
targets of at least 5,000 transfer tx/s and under 500 MB while indexing 100,000.

The transactions are real: a deploy+mint, a fan-out, then 100 chains of BSV-21 transfers
between 1,000 holders, every input signed (P2PKH, SIGHASH_ALL|FORKID), inscriptions as
js-1sat-ord writes them. By default they are packed into pre-built regtest blocks that a
small JSON-RPC server serves to the real follower (indexer/follow/Follower: getblockhash,
getblock raw, BlockReader, Indexer.applyBlock); --devnet instead sends them through the
embedded devnet (every script verified) and mines them there, which takes far longer
(about 75 tx/s here): fine for a few thousand. The indexing runs in a child process of its
own, and the indexed balances are checked against the plan.

Signing is most of the preparation (about 1.5 ms per transfer per core), so pre-built
blocks are kept in a cache directory, keyed by the parameters and the builder code: the
next run with the same parameters loads them in a second.`, OPTIONS)

interface Args { transfers: number, blockTxs: number, devnet: boolean, cpuProf: string | undefined, cacheDir: string | undefined }

function parseArgs (argv: string[]): Args {
  const o = parseOptions('bench:indexer', argv, OPTIONS)
  if (o.help === true) { console.log(HELP); process.exit(0) }
  for (const name of ['transfers', 'block-txs'] as const) {
    if (o[name] === 0) throw new UsageError(`bench:indexer: --${name} must be a positive integer`)
  }
  if (o['no-cache'] === true && o['cache-dir'] !== undefined) throw new UsageError('bench:indexer: --cache-dir and --no-cache exclude each other')
  return {
    transfers: o.transfers ?? 100_000,
    blockTxs: o['block-txs'] ?? 2500,
    devnet: o.devnet === true,
    cpuProf: o['cpu-prof'] !== undefined ? path.resolve(o['cpu-prof']) : undefined,
    cacheDir: o['no-cache'] === true ? undefined : path.resolve(o['cache-dir'] ?? DEFAULT_CACHE)
  }
}

const n = (v: number): string => Math.round(v).toLocaleString('en-US')
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`
const seconds = (since: number): number => (Date.now() - since) / 1000

/** Runs the indexing in a fresh process against `rpcUrl`. */
async function indexInChild (job: IndexJob, cpuProf: string | undefined): Promise<IndexAnswer> {
  const execArgv = cpuProf !== undefined ? ['--cpu-prof', `--cpu-prof-dir=${cpuProf}`] : []
  const child = fork(compiledModule(path.join(__dirname, 'indexer', 'indexChild')), [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  return await new Promise((resolve, reject) => {
    let answer: IndexAnswer | undefined
    child.on('message', (m: IndexAnswer) => { answer = m })
    child.on('error', reject)
    child.on('exit', code => answer !== undefined ? resolve(answer) : reject(new Error(`the indexing process stopped with code ${code ?? 'null'}`)))
    child.send(job)
  })
}

async function main (): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  const work = mkdtempSync(path.join(tmpdir(), 'divvy-bench-indexer-'))
  const stops: Array<() => Promise<void>> = []
  try {
    console.log(`Divvy indexer benchmark: ${n(args.transfers)} BSV-21 transfers, ${n(args.blockTxs)} transactions per block`)
    let began = Date.now()
    let plan: ChainSummary
    let rpcUrl: string
    let startHeight: number
    let source: string
    let chainBytes = 0
    if (args.devnet) {
      console.log('building, signing and mining them through the embedded devnet ...')
      const devnet = await Devnet.start({ dataDir: path.join(work, 'devnet'), port: 0 })
      stops.push(async () => await devnet.stop())
      const loaded = await loadNode(new RpcClient({ url: devnet.rpcUrl, timeoutMs: 600_000 }), { transfers: args.transfers, blockTxs: args.blockTxs })
      plan = { tokenId: loaded.plan.tokenId, transfers: loaded.plan.transfers, txCount: loaded.plan.waves.reduce((sum, w) => sum + w.length, 0), balances: loaded.plan.balances }
      rpcUrl = devnet.rpcUrl
      startHeight = loaded.firstHeight
      source = `blocks mined by the embedded devnet (heights ${loaded.firstHeight}-${loaded.tipHeight}), read by the real follower over JSON-RPC`
    } else {
      console.log(`building and signing them on ${availableParallelism()} threads (unless cached), packing pre-built blocks ...`)
      const chain = await benchChain({ transfers: args.transfers, blockTxs: args.blockTxs }, args.cacheDir)
      if (chain.file !== undefined) console.log(chain.fromCache ? `loaded from the cache ${chain.file}` : `saved to the cache ${chain.file}`)
      const server = await BlockServer.start(chain.blocks)
      stops.push(async () => await server.stop())
      plan = chain.summary
      rpcUrl = server.rpcUrl
      startHeight = 0
      chainBytes = chain.blocks.reduce((sum, b) => sum + b.raw.length, 0)
      source = `pre-built blocks (heights 0-${chain.blocks.length - 1}, ${mb(chainBytes)}) served over JSON-RPC to the real follower`
    }
    const txCount = plan.txCount
    console.log(`prepared ${n(txCount)} signed transactions in ${seconds(began).toFixed(1)} s; indexing in a separate process ...`)

    began = Date.now()
    const answer = await indexInChild({
      rpcUrl,
      dataDir: path.join(work, 'index'),
      startHeight,
      tokenId: plan.tokenId,
      expected: [...plan.balances].map(([pkh, amt]) => [pkh, amt.toString()])
    }, args.cpuProf)
    const f = answer.figures
    const transferRate = plan.transfers / f.seconds
    const peak = Math.max(answer.peakRssBytes, f.peakHeapBytes)
    const verdict = (ok: boolean): string => ok ? 'PASS' : 'FAIL'
    console.log('')
    console.log(`source:       ${source}`)
    console.log(`indexed:      ${n(f.blocks)} blocks, ${n(f.txs)} transactions (${n(plan.transfers)} BSV-21 transfers, 1 deploy+mint, coinbases) in ${f.seconds.toFixed(2)} s`)
    console.log(`throughput:   ${n(transferRate)} transfer tx/s (${n(f.txs / f.seconds)} tx/s, all transactions)   target >= 5,000 transfer tx/s: ${verdict(transferRate >= 5000)}`)
    console.log(`peak memory:  RSS ${mb(answer.peakRssBytes)}, V8 heap ${mb(f.peakHeapBytes)} (indexing process)   target < 500 MB: ${verdict(peak < 500 * 1024 * 1024)}`)
    console.log(`balances:     ${answer.mismatches.length === 0 ? `all ${n(answer.holders)} holders' balances match the transfers` : `WRONG:\n  ${answer.mismatches.join('\n  ')}`}`)
    if (args.cpuProf !== undefined) console.log(`cpu profile:  ${args.cpuProf}`)
    if (answer.mismatches.length > 0) process.exitCode = 1
  } finally {
    for (const stop of stops.reverse()) await stop()
    rmSync(work, { recursive: true, force: true })
  }
}

main().catch(e => {
  console.error(e instanceof UsageError ? e.message : `bench:indexer: ${(e as Error).message}`)
  process.exit(e instanceof UsageError ? 2 : 1)
})
