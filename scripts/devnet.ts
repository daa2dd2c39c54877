import path from 'path'
import { Regtest } from '../network/devnet/ChainParams'
import type { Devnet } from '../network/devnet/Devnet'
import { parseOptions, scriptHelp, UsageError, type OptionSpecs } from './cli/options'

const DEFAULT_DEVNET_PORT = Regtest.rpcPort
/** Where 'divvy --network devnet' keeps its chain (<home>/node): this devnet serves that chain unless told otherwise. */
const DEFAULT_DATADIR = '.divvy/devnet/node'

const OPTIONS = {
  port: { kind: 'integer', value: 'port', help: `JSON-RPC port on 127.0.0.1 (default ${DEFAULT_DEVNET_PORT}; 0 = any free port)` },
  datadir: { kind: 'string', value: 'dir', help: `data directory (default ${DEFAULT_DATADIR}, the chain 'divvy' commands use)` },
  rpcuser: { kind: 'string', value: 'name', help: 'RPC user (default divvy)' },
  rpcpassword: { kind: 'string', value: 'password', help: 'RPC password (default divvy)' },
  feerate: { kind: 'integer', value: 'sat/kB', help: 'the mining fee (the node\'s -minminingtxfee), satoshis per 1000 bytes (default 1): paying less, a transaction is accepted but not mined unless a child pays for it' },
  maxtxfee: { kind: 'amount', value: 'sats', help: 'refuse a larger fee as absurd unless sent with allowhighfees (default 10000000)' },
  mempoolexpiry: { kind: 'integer', value: 'hours', help: 'drop unmined transactions after this long (default 336)' },
  acceptnonstdtxn: { kind: 'integer', value: '0|1', help: '0: refuse non-standard transactions as mainnet does (default 1, as regtest)' },
  'genesis-height': { kind: 'integer', value: 'height', help: 'height from which the Genesis rules apply (default 1)' },
  'chronicle-height': { kind: 'integer', value: 'height', help: 'height from which the Chronicle rules apply (default: never)' },
  help: { kind: 'flag', short: 'h', help: 'this text' }
} as const satisfies OptionSpecs

const HELP = scriptHelp('npm run devnet --', `Runs the embedded Bitcoin SV regtest node: blocks, mempool and UTXO set in LevelDB, bitcoind's
JSON-RPC on 127.0.0.1 with HTTP basic auth (bitcoin-cli -regtest -rpcport=<port> works against it).
Stop with Ctrl-C or the 'stop' RPC. Restarted with another --feerate, the saved mempool is sorted
again under the new mining fee.`, OPTIONS)

async function main (): Promise<void> {
  const args = parseOptions('devnet', process.argv.slice(2), OPTIONS)
  if (args.help === true) { console.log(HELP); return }
  if (args.acceptnonstdtxn !== undefined && args.acceptnonstdtxn > 1) throw new UsageError(`devnet: --acceptnonstdtxn must be 0 or 1, got ${args.acceptnonstdtxn}`)
  const port = args.port ?? DEFAULT_DEVNET_PORT
  if (port > 65535) throw new Error(`--port must be at most 65535, got ${port}`)
  const dataDir = path.resolve(args.datadir ?? DEFAULT_DATADIR)
  // Loaded only now, so that --help and argument errors answer at once.
  const [{ Devnet }, { RpcClient }] = await Promise.all([import('../network/devnet/Devnet'), import('../network/rpc/RpcClient')])
  let devnet: Devnet
  try {
    devnet = await Devnet.start({
      dataDir,
      port,
      rpcUser: args.rpcuser,
      rpcPassword: args.rpcpassword,
      miningFeeRate: args.feerate,
      maxTxFee: args.maxtxfee,
      mempoolExpiryHours: args.mempoolexpiry,
      requireStandard: args.acceptnonstdtxn === 0,
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
  console.log(`devnet: chain height ${height}, ${mempool.length} transaction(s) in the mempool, mining fee ${args.feerate ?? 1} sat/kB; Ctrl-C to stop`)
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
