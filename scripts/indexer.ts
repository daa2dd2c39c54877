import { IndexedNode } from '../indexer/IndexedNode'
import { resolveNetwork } from '../network/networks'
import { RpcClient } from '../network/rpc/RpcClient'
import { parseOptions, scriptHelp, UsageError, type OptionSpecs } from './cli/options'
import { openPublicIndex } from './cli/PublicIndex'

const OPTIONS = {
  rpc: { kind: 'string', value: 'url', help: 'node JSON-RPC URL (default http://divvy:divvy@127.0.0.1:18332, the devnet)' },
  data: { kind: 'string', value: 'dir', help: 'index directory (default .divvy/indexer)' },
  start: { kind: 'integer', value: 'height', help: 'first height to index on an empty index (default 0)' },
  port: { kind: 'integer', value: 'port', help: 'API port on 127.0.0.1 (default 18339; 0 = any free port)' },
  network: { kind: 'string', value: 'name', help: 'regtest (default; a node at --rpc), or testnet or mainnet (fed from WhatsOnChain)' },
  token: { kind: 'string', value: 'id', help: 'testnet/mainnet: a token id to follow (<txid>_<vout>); those followed before are kept' },
  contract: { kind: 'string', value: 'outpoint', help: 'testnet/mainnet: the token\'s dividend contract origin, when not <txid>_1 of its issue' },
  woc: { kind: 'string', value: 'url', help: 'testnet/mainnet: WhatsOnChain API base' },
  'woc-key': { kind: 'string', value: 'key', help: 'WhatsOnChain API key (or DIVVY_WOC_API_KEY)' },
  'woc-rate': { kind: 'integer', value: 'n', help: 'WhatsOnChain requests per second (default 3)' },
  'one-sat': { kind: 'string', value: 'url', help: 'the 1Sat ordinals API spends are cross-checked with' },
  help: { kind: 'flag', short: 'h', help: 'this text' }
} as const satisfies OptionSpecs

const HELP = scriptHelp('npm run indexer --', `Follows a bitcoind JSON-RPC node (the devnet or bitcoind -regtest) block by block into a
LevelDB index of UTXOs, BSV-21 tokens and scrypt-ts stateful contracts (states and
history by code hash), and serves its HTTP API. On testnet and mainnet the same index is fed
from WhatsOnChain instead: the followed tokens' transactions found by following spends,
checked against their ids, merkle proofs and the proof of work of the headers.`, OPTIONS)

async function main (): Promise<void> {
  const args = parseOptions('indexer', process.argv.slice(2), OPTIONS)
  if (args.help === true) { console.log(HELP); return }
  const network = args.network ?? 'regtest'
  if (network !== 'regtest' && network !== 'testnet' && network !== 'mainnet') throw new Error(`--network must be regtest, testnet or mainnet, got '${network}'`)
  if (network !== 'regtest') { await followPublic(network, args); return }
  const rpc = new RpcClient({ url: args.rpc ?? 'http://divvy:divvy@127.0.0.1:18332', network })
  // A node that cannot be reached, or refuses the credentials, is said at once in one line.
  await rpc.getBlockchainInfo()
  const node = await IndexedNode.open({
    node: rpc,
    indexDir: args.data ?? '.divvy/indexer',
    network,
    port: args.port ?? 18339,
    startHeight: args.start ?? 0,
    log: line => console.log(line)
  })
  console.log(`indexer: API on ${node.url}, following ${rpc.network} node; index at height ${node.indexer.tip?.height ?? 'none'}`)
  node.follower.start()
  const shutdown = async (code: number): Promise<void> => {
    await node.close()
    process.exit(code)
  }
  process.once('SIGINT', () => { void shutdown(0) })
  process.once('SIGTERM', () => { void shutdown(0) })
  // Refused credentials stop the follower: the indexer ends with it rather than serve a frozen index.
  const failure = await node.follower.finished()
  if (failure !== undefined) {
    console.error(`indexer: ${failure.message}`)
    await shutdown(1)
  }
}

/** testnet, mainnet: the index fed from public services, following its tokens; synced in a loop. */
async function followPublic (network: 'testnet' | 'mainnet', args: { data?: string, port?: number, token?: string, contract?: string, woc?: string, 'woc-key'?: string, 'woc-rate'?: number, 'one-sat'?: string }): Promise<void> {
  const settings = resolveNetwork({ network, woc: args.woc, wocKey: args['woc-key'], wocRate: args['woc-rate'], oneSat: args['one-sat'] })
  const { index } = await openPublicIndex({ settings, indexDir: args.data ?? `.divvy/indexer-${network}`, port: args.port ?? 18339, log: line => console.log(line) })
  if (args.token !== undefined) {
    if (!/^[0-9a-f]{64}_[0-9]+$/.test(args.token)) throw new UsageError(`indexer: --token '${args.token}' is not a token id <txid>_<vout>`)
    await index.follow({ tokenId: args.token, contractOrigin: args.contract ?? `${args.token.split('_')[0]}_1` })
  }
  const followed = await index.feeder.roots()
  if (followed.length === 0) throw new UsageError('indexer: nothing to follow on a public network yet: give --token <id>')
  console.log(`indexer: API on ${index.url}, following ${followed.length} token(s) on ${network} through WhatsOnChain; index at height ${index.indexer.tip?.height ?? 'none'}`)
  index.feeder.start()
  const shutdown = async (): Promise<void> => {
    await index.close()
    process.exit(0)
  }
  process.once('SIGINT', () => { void shutdown() })
  process.once('SIGTERM', () => { void shutdown() })
}

main().catch(e => {
  console.error(e instanceof UsageError ? e.message : `indexer: ${(e as Error).message}`)
  process.exit(e instanceof UsageError ? 2 : 1)
})
