import { parseArgs } from 'util'

/** A command-line mistake; the message is shown to the user as is, without a stack trace. */
export class UsageError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

/** string: as given; amount: a whole number as bigint (satoshis, token units); integer: a small whole number; flag: present or not. */
export type OptionKind = 'string' | 'amount' | 'integer' | 'flag'

/** One `--name` option: how its value is read and what `--help` says of it. */
export interface OptionSpec {
  kind: OptionKind
  /** One line for `--help`. */
  help: string
  /** The value's name in `--help`: `--amount <sats>` (default `value`; flags have none). */
  value?: string
  required?: boolean
  /** A one-letter alias (`-h`). */
  short?: string
}

export type OptionSpecs = Record<string, OptionSpec>

type ValueOfKind<K extends OptionKind> = K extends 'amount' ? bigint : K extends 'integer' ? number : K extends 'flag' ? boolean : string

/** What `parseOptions` answers for `S`: each option's value typed by its kind, undefined when absent unless required. */
export type ParsedOptions<S extends OptionSpecs = OptionSpecs> = {
  [N in keyof S]: S[N]['required'] extends true ? ValueOfKind<S[N]['kind']> : ValueOfKind<S[N]['kind']> | undefined
}

/**
 * Parses `--name value`, `--name=value` and `--flag` against typed option definitions, with
 * node's `util.parseArgs` as the tokenizer. Unknown, repeated, missing and malformed options
 * are one-line UsageErrors that name the option (`command: ...`). Amounts and integers are
 * whole non-negative numbers, `_` allowed as a separator (`200_000`).
 */
export function parseOptions<S extends OptionSpecs> (command: string, argv: readonly string[], spec: S): ParsedOptions<S> {
  const usage = (message: string): UsageError => new UsageError(`${command}: ${message}`)
  const options = Object.fromEntries(Object.entries(spec).map(([name, s]) => [name, {
    type: s.kind === 'flag' ? 'boolean' as const : 'string' as const,
    ...(s.short !== undefined ? { short: s.short } : {})
  }]))
  // Lenient tokens, checked here against the definitions: the messages name the option and say what is wrong with it.
  const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true })
  const out: Record<string, string | bigint | number | boolean> = {}
  for (const token of tokens) {
    if (token.kind === 'positional') throw usage(`unexpected argument '${token.value}' (see --help)`)
    if (token.kind === 'option-terminator') throw usage('unexpected argument \'--\' (see --help)')
    const s = Object.hasOwn(spec, token.name) ? spec[token.name] : undefined
    if (s === undefined) throw usage(`unknown option ${token.rawName} (see --help)`)
    const flag = `--${token.name}`
    if (out[token.name] !== undefined) throw usage(`${flag} is given twice`)
    if (s.kind === 'flag') {
      if (token.value !== undefined) throw usage(`${flag} takes no value`)
      out[token.name] = true
      continue
    }
    const value = token.value
    if (value === undefined || value === '' || (token.inlineValue !== true && value.startsWith('-'))) throw usage(`${flag} needs a value`)
    out[token.name] = convert(value, s.kind, message => usage(`${flag} ${message}`))
  }
  for (const [name, s] of Object.entries(spec)) {
    if (s.required === true && out[name] === undefined) throw usage(`--${name} is required (see --help)`)
  }
  return out as ParsedOptions<S>
}

function convert (value: string, kind: OptionKind, usage: (message: string) => UsageError): string | bigint | number {
  if (kind === 'string') return value
  const clean = value.replace(/_/g, '')
  if (!/^[0-9]+$/.test(clean)) throw usage(`must be a whole non-negative number, got '${value}'`)
  if (kind === 'amount') return BigInt(clean)
  const n = Number(clean)
  if (!Number.isSafeInteger(n)) throw usage(`is too large: '${value}'`)
  return n
}

function optionName (name: string, s: OptionSpec): string {
  const long = s.kind === 'flag' ? `--${name}` : `--${name} <${s.value ?? 'value'}>`
  return s.short !== undefined ? `-${s.short}, ${long}` : long
}

/** The `--help` lines of a set of options, one per option, their texts aligned. */
export function optionLines (...specs: OptionSpecs[]): string {
  const entries = specs.flatMap(spec => Object.entries(spec)).map(([name, s]) => [optionName(name, s), s.help] as const)
  const width = Math.max(0, ...entries.map(([n]) => n.length))
  return entries.map(([n, help]) => `  ${n.padEnd(width)}  ${help}`).join('\n')
}

/** The usage line's options: the required ones as `--name <value>`, then `[options]` when others exist. */
export function usageOptions (spec: OptionSpecs): string {
  const entries = Object.entries(spec)
  const required = entries.filter(([, s]) => s.required === true).map(([name, s]) => optionName(name, s))
  return [...required, ...(entries.length > required.length ? ['[options]'] : [])].join(' ')
}

/** `--help` of a script: the usage line, what it does, and its options. */
export function scriptHelp (usage: string, description: string, spec: OptionSpecs): string {
  return `${usage} ${usageOptions(spec)}`.trimEnd() + `\n\n${description}\n\nOptions (also written --name=value):\n${optionLines(spec)}`
}
