import type { DivvyContext } from './DivvyContext'
import type { OptionSpec, ParsedOptions } from './options'

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
}

/** Where a command writes what it tells the user, one line at a time. */
export type Output = (line: string) => void

/** One `divvy <name>` command: its options, its help and what it runs (its summary line is in commands/index.ts). */
export interface CommandDefinition {
  name: string
  /** `divvy <name> --help`: the usage line, what it does and its own options. */
  help: string
  options: Record<string, OptionSpec>
  /** Checks the options before any network is opened (usage errors). */
  check?: (options: ParsedOptions) => void
  run: (ctx: DivvyContext, options: ParsedOptions, common: CommonOptions, out: Output) => Promise<void>
}
