import { NetworkConfigError } from '../../network/networks'
import type { Output } from './Command'
import { COMMANDS } from './commands'
import { COMMON_HELP, commandHelp, parseCommand } from './commonOptions'
import type { DivvyContext } from './DivvyContext'
import { oneLineError } from './oneLineError'
import { UsageError } from './options'

/** Where `runCli` writes its output and its errors, a line at a time. */
export interface CliIo {
  out: Output
  err: Output
}

const consoleIo: CliIo = { out: line => { console.log(line) }, err: line => { console.error(line) } }

export function topHelp (): string {
  const width = Math.max(...COMMANDS.map(c => c.name.length))
  return [
    'divvy <command> [options]',
    '',
    'Tokenize a payment stream on Bitcoin SV: issue a handle\'s BSV-21 token, sell tranches,',
    'pay income into the dividend contract and distribute it to the holders pro rata.',
    '',
    'Commands:',
    ...COMMANDS.map(c => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options every command takes:',
    COMMON_HELP,
    '',
    '`divvy <command> --help` tells more. Errors are one line; exit status 1, usage errors 2.'
  ].join('\n')
}

/**
 * Runs `divvy <command> [options]` and answers the exit status: 0 done, 1 failed, 2 a
 * usage error. Nothing is thrown; errors are one line on `io.err` (DIVVY_DEBUG=1 adds the stack).
 */
export async function runCli (argv: readonly string[], io: CliIo = consoleIo): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined) { io.err(topHelp()); return 2 }
  if (name === '--help' || name === '-h' || name === 'help') { io.out(topHelp()); return 0 }
  const entry = COMMANDS.find(c => c.name === name)
  if (entry === undefined) { io.err(`divvy: unknown command '${name}' (see divvy --help)`); return 2 }
  // Only the command that runs is loaded (and the node, indexer and contracts only once it runs).
  const def = await entry.load()
  if (rest.includes('--help') || rest.includes('-h')) { io.out(commandHelp(def)); return 0 }
  let ctx: DivvyContext | undefined
  try {
    const { settings, common, options } = parseCommand(def, rest)
    // A command that can answer from the home alone does, without opening a network.
    if (def.offline !== undefined && await def.offline(options, common, io.out, settings)) return 0
    const { DivvyContext } = await import('./DivvyContext')
    ctx = await DivvyContext.open({ settings, home: common.home, feeRate: common.feeRate, command: name, progress: io.err })
    await def.run(ctx, options, common, io.out)
    // What it sent and did not see confirmed is said, never passed over.
    for (const line of ctx.pendingReport(common.mine)) io.out(line)
    return 0
  } catch (e) {
    const usage = e instanceof UsageError || e instanceof NetworkConfigError
    const line = oneLineError(e)
    io.err(`divvy ${line.startsWith(`${name}: `) ? line : `${name}: ${line}`}`)
    if (process.env.DIVVY_DEBUG === '1' && e instanceof Error && e.stack !== undefined) io.err(e.stack)
    return usage ? 2 : 1
  } finally {
    if (ctx !== undefined) {
      try { await ctx.close() } catch (e) { io.err(`divvy ${name}: while closing: ${oneLineError(e)}`) }
    }
  }
}
