import { IndexedNode } from '../indexer/IndexedNode'
import { RpcClient } from '../network/rpc/RpcClient'

const HELP = `npm run indexer -- [options]

Follows a bitcoind JSON-RPC node (the devnet or bitcoind -regtest) block by block into a
LevelDB index of UTXOs, BSV-21 tokens and scrypt-ts stateful contracts (states and
history by code hash), and serves its HTTP API.

  --rpc <url>          node JSON-RPC URL (default http://divvy:divvy@127.0.0.1:18332, the devnet)
  --data <dir>         index directory (default .divvy/indexer)
  --start <height>     first height to index on an empty index (default 0)
  --port <port>        API port on 127.0.0.1 (default 18339; 0 = any free port)
  --network <name>     address format: regtest, testnet or mainnet (default regtest)
  --help               this text`

function parseArgs (argv: string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--help' || arg === '-h') { out.help = '1'; continue }
    if (!arg.startsWith('--')) throw new Error(`unexpected argument '${arg}'`)
    const name = arg.slice(2)
    if (!['rpc', 'data', 'start', 'port', 'network'].includes(name)) throw new Error(`unknown option --${name}`)
    const value = argv[++i]
    if (value === undefined) throw new Error(`--${name} needs a value`)
    out[name] = value
  }
  return out
}

function integer (text: string | undefined, name: string, fallback: number): number {
  if (text === undefined) return fallback
  if (!/^[0-9]+$/.test(text)) throw new Error(`--${name} must be a non-negative integer, got '${text}'`)
  return Number(text)
}

async function main (): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  if (args.help !== undefined) { console.log(HELP); return }
  const network = args.network ?? 'regtest'
  if (network !== 'regtest' && network !== 'testnet' && network !== 'mainnet') throw new Error(`--network must be regtest, testnet or mainnet, got '${network}'`)
  const rpc = new RpcClient({ url: args.rpc ?? 'http://divvy:divvy@127.0.0.1:18332', network })
  const node = await IndexedNode.open({
    node: rpc,
    indexDir: args.data ?? '.divvy/indexer',
    network,
    port: integer(args.port, 'port', 18339),
    startHeight: integer(args.start, 'start', 0),
    log: line => console.log(line)
  })
  console.log(`indexer: API on ${node.url}, following ${rpc.network} node; index at height ${node.indexer.tip?.height ?? 'none'}`)
  node.follower.start()
  const shutdown = async (): Promise<void> => {
    await node.close()
    process.exit(0)
  }
  process.once('SIGINT', () => { void shutdown() })
  process.once('SIGTERM', () => { void shutdown() })
}

main().catch(e => {
  console.error(`indexer: ${(e as Error).message}`)
  process.exit(1)
})
