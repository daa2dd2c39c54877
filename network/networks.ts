import { MAINNET_CHECKPOINT, regtestCheckpoint, TESTNET_CHECKPOINT, type Checkpoint } from './chain/Checkpoint'

/**
 * Network names → settings: what the `--network` / `--rpc` / service-URL options every
 * command shares resolve to. See docs/design.md "Networks".
 */

export type NetworkName = 'devnet' | 'regtest' | 'testnet' | 'mainnet'

/**
 * `node`: a bitcoind-style JSON-RPC node (the embedded devnet or a real `bitcoind -regtest`)
 * with this project's indexer for UTXOs by address. `public`: ARC to broadcast,
 * WhatsOnChain to read.
 */
export type NetworkKind = 'node' | 'public'

/** Everything a command needs to know of its network: which services it talks to, where, and the rules that differ (address format, snapshot depth). */
export interface NetworkSettings {
  name: NetworkName
  kind: NetworkKind
  /** Address and key format: devnet and regtest use testnet prefixes. */
  addressFormat: 'testnet' | 'mainnet'
  /** JSON-RPC URL with credentials (node networks). */
  rpcUrl?: string
  /** This project's indexer API (node networks). */
  indexerUrl?: string
  /** The URLs the user gave (--rpc, --indexer): never replaced by an embedded chain or index when they fail. */
  rpcGiven?: boolean
  indexerGiven?: boolean
  /** ARC base URL (public networks). */
  arcUrl?: string
  arcApiKey?: string
  /** WhatsOnChain API base including the chain (public networks). */
  wocUrl?: string
  wocApiKey?: string
  /** Requests a second WhatsOnChain allows (3 without a key). */
  wocRequestsPerSecond?: number
  /** The 1Sat ordinals API, the second service spends are cross-checked with (public networks). */
  oneSatUrl?: string
  /** Where the public-network index's header chain starts (default: the network's compiled-in checkpoint). */
  checkpoint?: Checkpoint
  /**
   * Confirmations a snapshot's block must have when a round starts (k): 1 where Divvy mines
   * (devnet, regtest), 6 on the public networks, so that a re-org cannot make an honest
   * snapshot unreproducible.
   */
  snapshotDepth: number
}

/** The names `--network` takes. */
export const NETWORK_NAMES: readonly NetworkName[] = ['devnet', 'regtest', 'testnet', 'mainnet']

/** Where the devnet's RPC listens unless told otherwise (`npm run devnet`). */
export const DEVNET_RPC_URL = 'http://divvy:divvy@127.0.0.1:18332'
/** Where `npm run indexer` serves its API unless told otherwise. */
export const DEFAULT_INDEXER_URL = 'http://127.0.0.1:18339'

/** Each network's settings before any option or environment variable changes them. */
export const NETWORK_DEFAULTS: Readonly<Record<NetworkName, Readonly<NetworkSettings>>> = {
  devnet: { name: 'devnet', kind: 'node', addressFormat: 'testnet', rpcUrl: DEVNET_RPC_URL, indexerUrl: DEFAULT_INDEXER_URL, snapshotDepth: 1 },
  // A real node's RPC needs the credentials it was started with: pass them with --rpc. No
  // indexer is assumed: the devnet's default one follows another chain; without --indexer
  // an index in the home follows the node.
  regtest: { name: 'regtest', kind: 'node', addressFormat: 'testnet', rpcUrl: 'http://127.0.0.1:18332', snapshotDepth: 1 },
  testnet: { name: 'testnet', kind: 'public', addressFormat: 'testnet', arcUrl: 'https://testnet.arc.gorillapool.io', wocUrl: 'https://api.whatsonchain.com/v1/bsv/test', wocRequestsPerSecond: 3, oneSatUrl: 'https://testnet.ordinals.gorillapool.io/api', checkpoint: TESTNET_CHECKPOINT, snapshotDepth: 6 },
  mainnet: { name: 'mainnet', kind: 'public', addressFormat: 'mainnet', arcUrl: 'https://arc.gorillapool.io', wocUrl: 'https://api.whatsonchain.com/v1/bsv/main', wocRequestsPerSecond: 3, oneSatUrl: 'https://ordinals.gorillapool.io/api', checkpoint: MAINNET_CHECKPOINT, snapshotDepth: 6 }
}

/** A bad `--network`, `--rpc` or service option; the message is meant for the user as is. */
export class NetworkConfigError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'NetworkConfigError'
  }
}

/** The network options as a command received them (all optional; the command line's are in scripts/cli/commonOptions.ts). */
export interface NetworkArgs {
  network?: string
  rpc?: string
  indexer?: string
  arc?: string
  arcKey?: string
  woc?: string
  wocKey?: string
  wocRate?: number
  oneSat?: string
}

/** How each network option is written on the command line, for messages. */
const FLAG_NAMES: Record<keyof NetworkArgs, string> = {
  network: '--network',
  rpc: '--rpc',
  indexer: '--indexer',
  arc: '--arc',
  arcKey: '--arc-key',
  woc: '--woc',
  wocKey: '--woc-key',
  wocRate: '--woc-rate',
  oneSat: '--one-sat'
}

/** Checks a `--network` value; anything else is a NetworkConfigError listing the names. */
export function parseNetworkName (value: string): NetworkName {
  if ((NETWORK_NAMES as readonly string[]).includes(value)) return value as NetworkName
  throw new NetworkConfigError(`unknown network '${value}': expected one of ${NETWORK_NAMES.join(', ')}`)
}

/** Checks an RPC URL: http(s), a host and a port; credentials optional. Answers it unchanged. */
export function parseRpcUrl (value: string): string {
  const url = parseHttpUrl('--rpc', value)
  if (url.port === '') throw new NetworkConfigError(`--rpc '${redact(value)}' has no port: expected http://user:pass@host:port`)
  if (url.pathname !== '/' || url.search !== '') throw new NetworkConfigError(`--rpc '${redact(value)}' must not have a path: expected http://user:pass@host:port`)
  return value
}

/**
 * The settings for the chosen network: defaults, overridden by the options, API keys
 * also from DIVVY_ARC_API_KEY / DIVVY_WOC_API_KEY. Options that do not apply to the
 * network are refused rather than silently ignored.
 */
export function resolveNetwork (args: NetworkArgs = {}, env: Record<string, string | undefined> = process.env): NetworkSettings {
  const name = parseNetworkName(args.network ?? 'devnet')
  const settings: NetworkSettings = { ...NETWORK_DEFAULTS[name] }
  if (settings.kind === 'node') {
    for (const flag of ['arc', 'arcKey', 'woc', 'wocKey', 'wocRate', 'oneSat'] as const) {
      if (args[flag] !== undefined) throw new NetworkConfigError(`${FLAG_NAMES[flag]} applies to testnet and mainnet, not ${name}`)
    }
    if (args.rpc !== undefined) { settings.rpcUrl = parseRpcUrl(args.rpc); settings.rpcGiven = true }
    if (args.indexer !== undefined) { settings.indexerUrl = parseHttpUrl('--indexer', args.indexer).toString().replace(/\/$/, ''); settings.indexerGiven = true }
  } else {
    for (const flag of ['rpc', 'indexer'] as const) {
      if (args[flag] !== undefined) throw new NetworkConfigError(`${FLAG_NAMES[flag]} applies to devnet and regtest, not ${name}: ${name} is reached through ARC and WhatsOnChain`)
    }
    if (args.arc !== undefined) settings.arcUrl = parseHttpUrl('--arc', args.arc).toString().replace(/\/$/, '')
    if (args.woc !== undefined) settings.wocUrl = parseHttpUrl('--woc', args.woc).toString().replace(/\/$/, '')
    const arcKey = args.arcKey ?? env.DIVVY_ARC_API_KEY
    const wocKey = args.wocKey ?? env.DIVVY_WOC_API_KEY
    if (arcKey !== undefined && arcKey !== '') settings.arcApiKey = arcKey
    if (wocKey !== undefined && wocKey !== '') settings.wocApiKey = wocKey
    if (args.oneSat !== undefined) settings.oneSatUrl = parseHttpUrl('--one-sat', args.oneSat).toString().replace(/\/$/, '')
    const rate = args.wocRate ?? (env.DIVVY_WOC_RATE !== undefined && env.DIVVY_WOC_RATE !== '' ? Number(env.DIVVY_WOC_RATE) : undefined)
    if (rate !== undefined) {
      if (!Number.isFinite(rate) || rate <= 0) throw new NetworkConfigError(`--woc-rate must be a positive number of requests per second, got '${String(rate)}'`)
      settings.wocRequestsPerSecond = rate
    }
    if (env.DIVVY_CHECKPOINT !== undefined && env.DIVVY_CHECKPOINT !== '') settings.checkpoint = parseCheckpoint(env.DIVVY_CHECKPOINT, settings.checkpoint as Checkpoint)
  }
  return settings
}

/**
 * A checkpoint given in DIVVY_CHECKPOINT instead of the compiled-in one: `<height>:<hash>`
 * on the network's own rules, or `regtest:<genesis hash>` for a chain built like regtest
 * (the local stand-ins of the public services answer from one).
 */
export function parseCheckpoint (text: string, compiled: Checkpoint): Checkpoint {
  const m = /^(regtest|[0-9]+):([0-9a-f]{64})$/.exec(text)
  if (m === null) throw new NetworkConfigError(`DIVVY_CHECKPOINT '${text}' is not <height>:<block hash> or regtest:<genesis hash>`)
  return m[1] === 'regtest' ? regtestCheckpoint(m[2]) : { height: Number(m[1]), hash: m[2], rules: compiled.rules }
}

function parseHttpUrl (flag: string, value: string): URL {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new NetworkConfigError(`${flag} '${redact(value)}' is not a URL: expected http://host:port`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new NetworkConfigError(`${flag} '${redact(value)}' must start with http:// or https://`)
  }
  return url
}

/** Hides a password in a URL before it goes into a message. */
function redact (value: string): string {
  return value.replace(/^([a-z]+:\/\/[^:/@]*:)[^@/]*@/i, '$1***@')
}
