import { mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import path from 'path'
import { startApi } from '../../indexer/api/ApiServer'
import { Follower } from '../../indexer/follow/Follower'
import { IndexedPublic } from '../../indexer/IndexedPublic'
import { Indexer } from '../../indexer/Indexer'
import { TokenQueries } from '../../indexer/query/TokenQueries'
import { regtestCheckpoint } from '../../network/chain/Checkpoint'
import { RequestPacer } from '../../network/http/RequestPacer'
import { OneSatApi, ONESAT_SPENDS_BATCH } from '../../network/ordinals/OneSatApi'
import { RpcClient } from '../../network/rpc/RpcClient'
import { WhatsOnChainFeed, WOC_BULK_LIMIT } from '../../network/woc/WhatsOnChainFeed'
import { parseOptions, scriptHelp, UsageError, type OptionSpecs } from '../cli/options'
import { PublicStandIns } from '../standins/PublicStandIns'
import { BlockServer } from './indexer/BlockServer'
import { benchChain } from './indexer/ChainCache'
import { tokenState } from './publicIndex/TokenState'

const DEFAULT_CACHE = path.join(tmpdir(), 'divvy-bench-indexer-cache')

const OPTIONS = {
  transfers: { kind: 'integer', value: 'n', help: 'BSV-21 transfer transactions (default 20000)' },
  holders: { kind: 'integer', value: 'n', help: 'distinct holder keys the tokens move between (default 5000)' },
  'block-txs': { kind: 'integer', value: 'n', help: 'transactions per block (default 500)' },
  'cache-dir': { kind: 'string', value: 'dir', help: `where pre-built blocks are kept (default ${DEFAULT_CACHE})` },
  help: { kind: 'flag', short: 'h', help: 'this text' }
} as const satisfies OptionSpecs

const HELP = scriptHelp('npm run bench:public-index --', `Builds the public-network index (indexer/public) of a token with 20,000 transfers between
5,000 holders through local stand-ins of WhatsOnChain and the 1Sat API that answer from the
token's chain (pre-built regtest blocks, as bench:indexer builds them), exactly as it would
on testnet or mainnet: spends followed in bulk, raw bytes in bulk, a merkle proof per
transaction, every header verified. Prints the requests made per token transaction, route by
route, the time the build takes at 3 and at 20 requests a second, and the snapshot commitment
of the public-fed index against the node-fed index of the same chain (they must be equal).

The rate-limited times are simulated: the requests go to the stand-in unthrottled, and the time
at a rate is the requests divided by the rate plus the local work the run measured (an upper
bound: the local work overlaps with the waiting).`, OPTIONS)

const n = (v: number): string => Math.round(v).toLocaleString('en-US')
const duration = (s: number): string => s >= 3600 ? `${(s / 3600).toFixed(1)} h` : s >= 60 ? `${(s / 60).toFixed(1)} min` : `${s.toFixed(1)} s`

async function main (): Promise<void> {
  const o = parseOptions('bench:public-index', process.argv.slice(2), OPTIONS)
  if (o.help === true) { console.log(HELP); return }
  for (const name of ['transfers', 'holders', 'block-txs'] as const) if (o[name] === 0) throw new UsageError(`bench:public-index: --${name} must be a positive integer`)
  const transfers = o.transfers ?? 20_000
  const holders = o.holders ?? 5000
  const blockTxs = o['block-txs'] ?? 500
  const work = mkdtempSync(path.join(tmpdir(), 'divvy-bench-public-'))
  const stops: Array<() => Promise<void>> = []
  try {
    console.log(`Divvy public-network index benchmark: ${n(transfers)} BSV-21 transfers between ${n(holders)} holders, ${n(blockTxs)} transactions per block`)
    const chain = await benchChain({ transfers, holders, blockTxs }, path.resolve(o['cache-dir'] ?? DEFAULT_CACHE))
    console.log(chain.fromCache ? `chain loaded from the cache ${chain.file ?? ''}` : `chain built and saved to ${chain.file ?? '(no cache)'}`)
    const server = await BlockServer.start(chain.blocks)
    stops.push(async () => await server.stop())
    const rpc = new RpcClient({ url: server.rpcUrl, network: 'bench', timeoutMs: 600_000 })
    const tokenId = chain.summary.tokenId

    console.log('indexing it from the node (the reference) ...')
    const node = await Indexer.open({ dataDir: path.join(work, 'node'), network: 'testnet' })
    stops.push(async () => await node.close())
    await new Follower({ rpc, indexer: node, startHeight: 0 }).sync()
    const nodeApi = await startApi(node)
    stops.push(async () => await nodeApi.close())

    const stand = await PublicStandIns.start({ rpc, network: 'testnet', holdersIndexUrl: nodeApi.url, wocPerSecond: 1e9 })
    stops.push(async () => await stand.stop())
    // The chain stands still: the stand-ins need not ask the node again.
    stand.woc.refreshMs = Number.POSITIVE_INFINITY
    const woc = new RequestPacer({ perSecond: 1e9 })
    const oneSat = new RequestPacer({ perSecond: 1e9 })
    const index = await IndexedPublic.open({
      indexDir: path.join(work, 'public'),
      network: 'testnet',
      checkpoint: regtestCheckpoint(chain.blocks[0].hash),
      source: new WhatsOnChainFeed({ network: 'testnet', url: stand.urls.woc, pacer: woc }),
      bulkLimit: WOC_BULK_LIMIT,
      witness: new OneSatApi({ network: 'testnet', url: stand.urls.oneSat, pacer: oneSat }),
      witnessBatch: ONESAT_SPENDS_BATCH,
      requests: () => woc.total,
      log: line => console.log(`  ${line}`)
    })
    stops.push(async () => await index.close())
    console.log('building the public-network index through the stand-ins ...')
    const began = Date.now()
    await index.follow({ tokenId })
    await index.sync()
    const seconds = (Date.now() - began) / 1000

    const txs = chain.summary.txCount
    const total = woc.total
    const tip = node.tip?.height as number
    const pool = 1_000_000_000n
    const ours = await new TokenQueries(index.indexer.store, 'testnet').snapshot(tokenId, tip, pool) as { commitment: string, leaves: unknown[] }
    const theirs = await new TokenQueries(node.store, 'testnet').snapshot(tokenId, tip, pool) as { commitment: string, leaves: unknown[] }
    const sameState = JSON.stringify(await tokenState(index.indexer)) === JSON.stringify(await tokenState(node))
    console.log('')
    console.log(`chain:        ${n(chain.blocks.length)} blocks, ${n(txs)} token transactions (the deploy+mint, the fan-out, ${n(transfers - 1)} transfers), ${n(chain.summary.balances.size)} holders at the tip`)
    console.log(`requests:     ${n(total)} to WhatsOnChain, ${(total / txs).toFixed(3)} per token transaction   target <= 1.5: ${total / txs <= 1.5 ? 'PASS' : 'FAIL'}`)
    for (const [route, count] of [...woc.counts].sort((a, b) => b[1] - a[1])) console.log(`  ${route.padEnd(28)} ${n(count).padStart(8)}  ${(count / txs).toFixed(3)} per token transaction`)
    for (const [route, count] of oneSat.counts) console.log(`  1Sat API ${route.padEnd(19)} ${n(count).padStart(8)}  (cross-check; the token's indexing fund is unpaid, so nothing more is asked)`)
    console.log(`local work:   ${seconds.toFixed(1)} s with the stand-in unthrottled (this machine, shared with other runs)`)
    for (const rate of [3, 20]) console.log(`at ${String(rate).padStart(2)} req/s:   ${duration(total / rate + seconds)} (simulated: ${n(total)} requests / ${rate} + the local work)`)
    console.log(`snapshot:     height ${tip}, pool ${pool} satoshis, ${n(ours.leaves.length)} leaves`)
    console.log(`  public-fed  ${ours.commitment}`)
    console.log(`  node-fed    ${theirs.commitment}   ${ours.commitment === theirs.commitment ? 'EQUAL' : 'DIFFERENT'}`)
    console.log(`token state:  ${sameState ? 'every token key (outputs, owners, listings, events, history) equal to the node-fed index' : 'DIFFERS from the node-fed index'}`)
    if (ours.commitment !== theirs.commitment || !sameState) process.exitCode = 1
  } finally {
    for (const stop of stops.reverse()) await stop()
    rmSync(work, { recursive: true, force: true })
  }
}

main().catch(e => {
  console.error(e instanceof UsageError ? e.message : `bench:public-index: ${(e as Error).message}`)
  process.exit(e instanceof UsageError ? 2 : 1)
})
