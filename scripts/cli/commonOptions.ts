import * as path from 'path'
import { DEFAULT_INDEXER_URL, DEVNET_RPC_URL, resolveNetwork, type NetworkArgs, type NetworkSettings } from '../../network/networks'
import type { CommandDefinition, CommonOptions } from './Command'
import { optionLines, parseOptions, usageOptions, UsageError, type OptionSpecs, type ParsedOptions } from './options'

/** The options every command takes besides the network's. */
export const COMMON_OPTIONS = {
  wallet: { kind: 'string', value: 'name', help: 'key of the home\'s key file that signs and pays (default: default)' },
  token: { kind: 'string', value: 'SYMBOL', help: 'the token, when the home knows several' },
  home: { kind: 'string', value: 'dir', help: 'keys, tokens, embedded devnet and index (default .divvy/<network>)' },
  'no-mine': { kind: 'flag', help: 'devnet/regtest: do not mine a block after broadcasting (what is sent is reported pending)' },
  'fee-rate': { kind: 'integer', value: 'sat/kB', help: 'pay this fee rate instead of the network\'s mining fee (the node\'s getsettings minminingtxfee, or ARC\'s policy)' }
} as const satisfies OptionSpecs

/** Which network a command runs on, and how it reaches it (the keys of network/networks.ts's NetworkArgs). */
export const NETWORK_OPTIONS = {
  network: { kind: 'string', value: 'name', help: 'devnet (default), regtest, testnet or mainnet' },
  rpc: { kind: 'string', value: 'url', help: `node JSON-RPC, http://user:pass@host:port (devnet: ${DEVNET_RPC_URL})` },
  indexer: { kind: 'string', value: 'url', help: `indexer API (devnet: ${DEFAULT_INDEXER_URL} when it follows the same chain; otherwise an index in the home)` },
  arc: { kind: 'string', value: 'url', help: 'ARC for testnet and mainnet' },
  'arc-key': { kind: 'string', value: 'key', help: 'ARC API key (or DIVVY_ARC_API_KEY)' },
  woc: { kind: 'string', value: 'url', help: 'WhatsOnChain API base for testnet and mainnet' },
  'woc-key': { kind: 'string', value: 'key', help: 'WhatsOnChain API key (or DIVVY_WOC_API_KEY)' },
  'woc-rate': { kind: 'integer', value: 'n', help: 'WhatsOnChain requests per second (default 3, its limit without a key; or DIVVY_WOC_RATE)' },
  'one-sat': { kind: 'string', value: 'url', help: 'the 1Sat ordinals API spends are cross-checked with (testnet and mainnet)' }
} as const satisfies OptionSpecs

const HELP_OPTION = { help: { kind: 'flag', short: 'h', help: 'this text' } } as const satisfies OptionSpecs

/** The `--help` lines of the options every command takes. */
export const COMMON_HELP = optionLines(COMMON_OPTIONS, NETWORK_OPTIONS, HELP_OPTION)

/** `divvy <name> --help`: the usage line, what the command does, its own options and the shared ones. */
export function commandHelp (def: CommandDefinition): string {
  const own = Object.keys(def.options).length > 0 ? `\n\nOptions:\n${optionLines(def.options)}` : ''
  return `divvy ${def.name} ${usageOptions({ ...def.options, ...COMMON_OPTIONS })}\n\n${def.description}${own}\n\nOptions every command takes (also written --name=value):\n${COMMON_HELP}`
}

/** A command line taken apart: the network, the shared options and the command's own. */
export interface ParsedCommand {
  settings: NetworkSettings
  common: CommonOptions
  options: ParsedOptions
}

export function parseCommand (def: CommandDefinition, argv: readonly string[]): ParsedCommand {
  for (const name of Object.keys(def.options)) {
    if (name in COMMON_OPTIONS || name in NETWORK_OPTIONS || name in HELP_OPTION) throw new Error(`command ${def.name} redefines --${name}`)
  }
  const parsed = parseOptions(def.name, argv, { ...COMMON_OPTIONS, ...NETWORK_OPTIONS, ...def.options }) as ParsedOptions
  const network: NetworkArgs = {
    network: parsed.network as string | undefined,
    rpc: parsed.rpc as string | undefined,
    indexer: parsed.indexer as string | undefined,
    arc: parsed.arc as string | undefined,
    arcKey: parsed['arc-key'] as string | undefined,
    woc: parsed.woc as string | undefined,
    wocKey: parsed['woc-key'] as string | undefined,
    wocRate: parsed['woc-rate'] as number | undefined,
    oneSat: parsed['one-sat'] as string | undefined
  }
  const settings = resolveNetwork(network)
  const wallet = (parsed.wallet as string | undefined) ?? 'default'
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(wallet)) throw new UsageError(`${def.name}: --wallet '${wallet}' is not a key name: use letters, digits, '-' and '_'`)
  const common: CommonOptions = {
    wallet,
    token: parsed.token as string | undefined,
    home: path.resolve((parsed.home as string | undefined) ?? path.join('.divvy', settings.name)),
    mine: parsed['no-mine'] !== true,
    feeRate: parsed['fee-rate'] as number | undefined
  }
  const options: ParsedOptions = {}
  for (const name of Object.keys(def.options)) options[name] = parsed[name]
  def.check?.(options)
  return { settings, common, options }
}
