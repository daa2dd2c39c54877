import path from 'path'
import { Regtest } from '../network/devnet/ChainParams'
import type { Devnet } from '../network/devnet/Devnet'

const DEFAULT_DEVNET_PORT = Regtest.rpcPort

const HELP = `npm run devnet -- [options]

Runs the embedded Bitcoin SV regtest node: blocks, mempool and UTXO set in LevelDB, bitcoind's
JSON-RPC on 127.0.0.1 with HTTP basic auth (bitcoin-cli -regtest -rpcport=<port> works against it).

  --port <port>               JSON-RPC port on 127.0.0.1 (default ${DEFAULT_DEVNET_PORT}; 0 = any free port)
  --datadir <dir>             data directory (default ./.divvy/devnet)
  --rpcuser <name>            RPC user (default divvy)
  --rpcpassword <password>    RPC password (default divvy)
  --feerate <sat/kB>          minimum relay fee in satoshis per 1000 bytes (default 1)
  --genesis-height <height>   height from which the Genesis rules apply (default 1)
  --chronicle-height <height> height from which the Chronicle rules apply (default: never)
  --help                      this text

Options may also be written --name=value. Stop with Ctrl-C or the 'stop' RPC.`

const OPTIONS = ['port', 'datadir', 'rpcuser', 'rpcpassword', 'feerate', 'genesis-height', 'chronicle-height']

function parseArgs (argv: string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--help' || arg === '-h') { out.help = '1'; continue }
    if (!arg.startsWith('--')) throw new Error(`unexpected argument '${arg}' (see --help)`)
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2)
    if (!OPTIONS.includes(name)) throw new Error(`unknown option --${name} (see --help)`)
    const value = inline ?? argv[++i]
    if (value === undefined) throw new Error(`--${name} needs a value`)
    out[name] = value
  }
  return out
}

function integer (text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined
  if (!/^[0-9]+$/.test(text)) throw new Error(`--${name} must be a non-negative integer, got '${text}'`)
  return Number(text)
}

async function main (): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  if (args.help !== undefined) { console.log(HELP); return }
  const feeRate = args.feerate === undefined ? undefined : Number(args.feerate)
  if (feeRate !== undefined && !(Number.isFinite(feeRate) && feeRate >= 0)) throw new Error(`--feerate must be a non-negative number of satoshis per kB, got '${args.feerate}'`)
  const port = integer(args.port, 'port') ?? DEFAULT_DEVNET_PORT
  if (port > 65535) throw new Error(`--port must be at most 65535, got ${port}`)
  const dataDir = path.resolve(args.datadir ?? '.divvy/devnet')
  // Loaded only now, so that --help and argument errors answer at once.
  const [{ Devnet }, { RpcClient }] = await Promise.all([import('../network/devnet/Devnet'), import('../network/rpc/RpcClient')])
  let devnet: Devnet
  try {
    devnet = await Devnet.start({
      dataDir,
      port,
      rpcUser: args.rpcuser,
      rpcPassword: args.rpcpassword,
      feeRate,
      genesisActivationHeight: integer(args['genesis-height'], 'genesis-height'),
      chronicleActivationHeight: integer(args['chronicle-height'], 'chronicle-height')
    })
  } catch (e) {
    const err = e as NodeJS.ErrnoException
    if (err.code === 'EADDRINUSE') throw new Error(`port ${port} on 127.0.0.1 is in use (another devnet or node?); choose one with --port`)
    if (err.code === 'LEVEL_DATABASE_NOT_OPEN' || /lock/i.test(String((err.cause as Error | undefined)?.message ?? err.message))) {
      throw new Error(`cannot open the data directory ${dataDir}: is another devnet using it? (${String((err.cause as Error | undefined)?.message ?? err.message)})`)
    }
    throw e
  }
  const rpc = new RpcClient(devnet.rpcUrl)
  const [height, mempool] = await Promise.all([rpc.getBlockCount(), rpc.getRawMempool()])
  console.log(`devnet: regtest JSON-RPC on http://127.0.0.1:${devnet.port} (user ${args.rpcuser ?? 'divvy'}), data in ${dataDir}`)
  console.log(`devnet: chain height ${height}, ${mempool.length} transaction(s) in the mempool; Ctrl-C to stop`)
  let stopping = false
  const shutdown = (): void => {
    if (stopping) return
    stopping = true
    console.log('devnet: stopping')
    void devnet.stop()
  }
  process.once('SIGINT', shutdown)
  process.once('SIGTERM', shutdown)
  await devnet.stopped
  console.log('devnet: stopped')
  process.exit(0)
}

main().catch(e => {
  console.error(`devnet: ${(e as Error).message}`)
  process.exit(1)
})
