import { IndexedNode } from '../indexer/IndexedNode'
import { RpcClient } from '../network/rpc/RpcClient'
import { parseOptions, scriptHelp, UsageError, type OptionSpecs } from './cli/options'

const OPTIONS = {
  rpc: { kind: 'string', value: 'url', help: 'node JSON-RPC URL (default http://divvy:divvy@127.0.0.1:18332, the devnet)' },
  data: { kind: 'string', value: 'dir', help: 'index directory (default .divvy/indexer)' },
  start: { kind: 'integer', value: 'height', help: 'first height to index on an empty index (default 0)' },
  port: { kind: 'integer', value: 'port', help: 'API port on 127.0.0.1 (default 18339; 0 = any free port)' },
  network: { kind: 'string', value: 'name', help: 'address format: regtest, testnet or mainnet (default regtest)' },
  help: { kind: 'flag', short: 'h', help: 'this text' }
} as const satisfies OptionSpecs

const HELP = scriptHelp('npm run indexer --', `Follows a bitcoind JSON-RPC node (the devnet or bitcoind -regtest) block by block into a
LevelDB index of UTXOs, BSV-21 tokens and scrypt-ts stateful contracts (states and
history by code hash), and serves its HTTP API.`, OPTIONS)

async function main (): Promise<void> {
  const args = parseOptions('indexer', process.argv.slice(2), OPTIONS)
  if (args.help === true) { console.log(HELP); return }
  const network = args.network ?? 'regtest'
  if (network !== 'regtest' && network !== 'testnet' && network !== 'mainnet') throw new Error(`--network must be regtest, testnet or mainnet, got '${network}'`)
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

main().catch(e => {
  console.error(e instanceof UsageError ? e.message : `indexer: ${(e as Error).message}`)
  process.exit(e instanceof UsageError ? 2 : 1)
})
