import type { NetworkSettings } from '../../network/networks'
import type { DivvyContext } from './DivvyContext'
import type { OptionSpecs, ParsedOptions } from './options'

/** The options every command shares (besides the network options of network/networks.ts). */
export interface CommonOptions {
  /** Key name in the home's key file. */
  wallet: string
  /** Token symbol (or id) when the home knows several. */
  token?: string
  /** The Divvy home: keys, token registry, embedded devnet and index. */
  home: string
  /** On devnet/regtest, mine a block after broadcasting (default true). */
  mine: boolean
  /** Satoshis per kB to pay instead of the network's mining fee. */
  feeRate?: number
}

/** Where a command writes what it tells the user, one line at a time. */
export type Output = (line: string) => void

/**
 * One `divvy <name>` command: its typed options, what it does and what it runs (its summary
 * line is in commands/index.ts). `divvy <name> --help` is made from the same definitions.
 */
export interface CommandDefinition<S extends OptionSpecs = OptionSpecs> {
  name: string
  /** What it does, for `divvy <name> --help` (the usage line and the options come from `options`). */
  description: string
  options: S
  /** Checks the options before any network is opened (usage errors). */
  check? (options: ParsedOptions<S>): void
  run (ctx: DivvyContext, options: ParsedOptions<S>, common: CommonOptions, out: Output): Promise<void>
  /** Set for a command that reads only the home (never a network): it runs without a DivvyContext. */
  offline? (options: ParsedOptions<S>, common: CommonOptions, out: Output, settings: NetworkSettings): Promise<boolean>
}

/** A command whose `check` and `run` see its options typed by their definitions. */
export function defineCommand<const S extends OptionSpecs> (def: CommandDefinition<S>): CommandDefinition<S> {
  return def
}
