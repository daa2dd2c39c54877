/** A command-line mistake; the message is shown to the user as is, without a stack trace. */
export class UsageError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

export type OptionKind = 'string' | 'amount' | 'integer' | 'flag'

export interface OptionSpec {
  kind: OptionKind
  required?: boolean
}

export type ParsedOptions = Record<string, string | bigint | number | boolean | undefined>

/**
 * Parses `--name value`, `--name=value` and `--flag` options against a spec. Amounts are
 * whole numbers as bigint (satoshis or token units); integers are small non-negative numbers.
 */
export function parseOptions (command: string, argv: readonly string[], spec: Record<string, OptionSpec>): ParsedOptions {
  const out: ParsedOptions = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (!arg.startsWith('--')) throw new UsageError(`${command}: unexpected argument '${arg}' (see --help)`)
    const eq = arg.indexOf('=')
    const name = arg.slice(2, eq > 0 ? eq : undefined)
    const s = spec[name]
    if (s === undefined) throw new UsageError(`${command}: unknown option --${name} (see --help)`)
    if (out[name] !== undefined) throw new UsageError(`${command}: --${name} is given twice`)
    if (s.kind === 'flag') {
      if (eq > 0) throw new UsageError(`${command}: --${name} takes no value`)
      out[name] = true
      continue
    }
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i]
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('--'))) throw new UsageError(`${command}: --${name} needs a value`)
    out[name] = convert(command, name, s.kind, value)
  }
  for (const [name, s] of Object.entries(spec)) {
    if (s.required === true && out[name] === undefined) throw new UsageError(`${command}: --${name} is required (see --help)`)
  }
  return out
}

function convert (command: string, name: string, kind: OptionKind, value: string): string | bigint | number {
  if (kind === 'string') return value
  const clean = value.replace(/_/g, '')
  if (!/^[0-9]+$/.test(clean)) throw new UsageError(`${command}: --${name} must be a whole non-negative number, got '${value}'`)
  if (kind === 'amount') return BigInt(clean)
  const n = Number(clean)
  if (!Number.isSafeInteger(n)) throw new UsageError(`${command}: --${name} is too large: '${value}'`)
  return n
}
