import * as path from 'path'
import { NETWORK_HELP, resolveNetwork, splitNetworkArgs, type NetworkSettings } from '../../network/networks'
import type { CommandDefinition, CommonOptions } from './Command'
import { parseOptions, UsageError, type OptionSpec, type ParsedOptions } from './options'

export const COMMON_SPEC: Record<string, OptionSpec> = {
  wallet: { kind: 'string' },
  token: { kind: 'string' },
  home: { kind: 'string' },
  'no-mine': { kind: 'flag' }
}

export const COMMON_HELP = [
  '  --wallet <name>    key of the home\'s key file that signs and pays (default: default)',
  '  --token <SYMBOL>   the token, when the home knows several',
  '  --home <dir>       keys, tokens, embedded devnet and index (default .divvy/<network>)',
  '  --no-mine          devnet/regtest: do not mine a block after broadcasting',
  NETWORK_HELP,
  '  --help             this text'
].join('\n')

/** A command line taken apart: the network, the shared options and the command's own. */
export interface ParsedCommand {
  settings: NetworkSettings
  common: CommonOptions
  options: ParsedOptions
}

export function parseCommand (def: CommandDefinition, argv: readonly string[]): ParsedCommand {
  const { args, rest } = splitNetworkArgs(argv)
  const settings = resolveNetwork(args)
  for (const name of Object.keys(def.options)) {
    if (COMMON_SPEC[name] !== undefined) throw new Error(`command ${def.name} redefines --${name}`)
  }
  const parsed = parseOptions(def.name, rest, { ...COMMON_SPEC, ...def.options })
  const wallet = (parsed.wallet as string | undefined) ?? 'default'
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(wallet)) throw new UsageError(`${def.name}: --wallet '${wallet}' is not a key name: use letters, digits, '-' and '_'`)
  const common: CommonOptions = {
    wallet,
    token: parsed.token as string | undefined,
    home: path.resolve((parsed.home as string | undefined) ?? path.join('.divvy', settings.name)),
    mine: parsed['no-mine'] !== true
  }
  const options: ParsedOptions = {}
  for (const name of Object.keys(def.options)) options[name] = parsed[name]
  def.check?.(options)
  return { settings, common, options }
}
