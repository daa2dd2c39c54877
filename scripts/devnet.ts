import path from 'path'
import { Regtest } from '../network/devnet/ChainParams'
import type { Devnet } from '../network/devnet/Devnet'
import { parseOptions, scriptHelp, UsageError, type OptionSpecs } from './cli/options'

const DEFAULT_DEVNET_PORT = Regtest.rpcPort

const OPTIONS = {
  port: { kind: 'integer', value: 'port', help: `JSON-RPC port on 127.0.0.1 (default ${DEFAULT_DEVNET_PORT}; 0 = any free port)` },
  datadir: { kind: 'string', value: 'dir', help: 'data directory (default ./.divvy/devnet)' },
  rpcuser: { kind: 'string', value: 'name', help: 'RPC user (default divvy)' },
  rpcpassword: { kind: 'string', value: 'password', help: 'RPC password (default divvy)' },
  feerate: { kind: 'string', value: 'sat/kB', help: 'minimum relay fee in satoshis per 1000 bytes (default 1)' },
  'genesis-height': { kind: 'integer', value: 'height', help: 'height from which the Genesis rules apply (default 1)' },
  'chronicle-height': { kind: 'integer', value: 'height', help: 'height from which the Chronicle rules apply (default: never)' },
  help: { kind: 'flag', short: 'h', help: 'this text' }
} as const satisfies OptionSpecs

const HELP = scriptHelp('npm run devnet --', `Runs the embedded Bitcoin SV regtest node: blocks, mempool and UTXO set in LevelDB, bitcoind's
JSON-RPC on 127.0.0.1 with HTTP basic auth (bitcoin-cli -regtest -rpcport=<port> works against it).
Stop with Ctrl-C or the 'stop' RPC.`, OPTIONS)

async function main (): Promise<void> {
  const args = parseOptions('devnet', process.argv.slice(2), OPTIONS)
  if (args.help === true) { console.log(HELP); return }
  const feeRate = args.feerate === undefined ? undefined : Number(args.feerate)
  if (feeRate !== undefined && !(Number.isFinite(feeRate) && feeRate >= 0)) throw new Error(`--feerate must be a non-negative number of satoshis per kB, got '${args.feerate}'`)
  const port = args.port ?? DEFAULT_DEVNET_PORT
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
      genesisActivationHeight: args['genesis-height'],
      chronicleActivationHeight: args['chronicle-height']
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
  console.error(e instanceof UsageError ? e.message : `devnet: ${(e as Error).message}`)
  process.exit(e instanceof UsageError ? 2 : 1)
})
