import { spawn } from 'child_process'
import { resolve } from 'path'
import { compiledModule } from '../../runtime/packageFiles'

/** The divvy bin as installed: the build's scripts/divvy.js. */
export const DIVVY_BIN = compiledModule(resolve(__dirname, '..', '..', 'scripts', 'divvy'))

export interface ChildRun { code: number | null, signal: NodeJS.Signals | null, out: string, err: string }

/**
 * `divvy <argv>` in a process of its own (a separate operator's machine, or a run to kill):
 * `env` is added to its environment; `killAfterMs` SIGKILLs it that long after it starts,
 * `killOn` as soon as its output matches.
 */
export async function divvyChild (argv: readonly string[], options: { env?: Record<string, string>, killAfterMs?: number, killOn?: RegExp, timeoutMs?: number } = {}): Promise<ChildRun> {
  const child = spawn(process.execPath, [DIVVY_BIN, ...argv], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } })
  let out = ''
  let err = ''
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString()
    if (options.killOn?.test(out) === true) child.kill('SIGKILL')
  })
  child.stderr.on('data', (c: Buffer) => { err += c.toString() })
  const kill = options.killAfterMs !== undefined ? setTimeout(() => child.kill('SIGKILL'), options.killAfterMs) : undefined
  const limit = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000)
  return await new Promise(resolve => child.on('exit', (code, signal) => {
    clearTimeout(limit)
    if (kill !== undefined) clearTimeout(kill)
    resolve({ code, signal, out, err })
  }))
}
