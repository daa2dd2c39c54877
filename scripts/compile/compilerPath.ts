import { execFileSync } from 'child_process'
import * as path from 'path'

let built: string | undefined

/**
 * Our scryptc drop-in: the bin of the `divvy-scryptc` workspace package, whose compiled
 * JavaScript is brought up to date first (`tsc -b`, a no-op when its dist is current), once
 * per process. npm runs no install step here, so the first compile of a fresh clone builds it.
 */
export function scryptcPath (): string {
  if (built !== undefined) return built
  const dir = path.dirname(require.resolve('divvy-scryptc/package.json'))
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-b', dir], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' })
  } catch (e) {
    const out = e as { stdout?: string, stderr?: string }
    throw new Error(`the compiler in ${dir} does not build:\n${`${out.stdout ?? ''}${out.stderr ?? ''}`.trim()}`)
  }
  built = path.join(dir, 'bin', 'scryptc.js')
  return built
}

/** Points scryptlib's `findCompiler()` (here and in child processes) at our back end. */
export function useOurCompiler (): string {
  process.env.SCRYPTC = scryptcPath()
  return process.env.SCRYPTC
}

/** What the project uses of the compiler package's programmatic API (typed here: the root builds without it). */
export interface CompilerApi {
  applyAsm: (source: string, asm: Record<string, Record<string, string>>) => { source: string, replaced: Record<string, string[]> }
}

/** The compiler package's programmatic API, built first like the bin. */
export function compilerApi (): CompilerApi {
  scryptcPath()

  return require('divvy-scryptc') as CompilerApi
}
