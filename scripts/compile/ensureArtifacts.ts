import * as fs from 'fs'
import * as path from 'path'
import { packageRoot } from '../../runtime/packageFiles'

/** The newest modification time of the `ext` files below `dir` (0 when there are none, or no `dir`). */
function newestMtime (dir: string, ext: string): number {
  let newest = 0
  if (!fs.existsSync(dir)) return newest
  for (const f of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (!f.endsWith(ext)) continue
    newest = Math.max(newest, fs.statSync(path.join(dir, f)).mtimeMs)
  }
  return newest
}

/**
 * Makes sure `artifacts/<name>.json` exist and are newer than the contracts and the compiler
 * that produce them; compiles (offline, with our back end) when they are not. So a fresh
 * clone runs `npm run demo` or the CLI without a separate `npm run compile`. An installed
 * package ships its artifacts and no contract sources: nothing to do there.
 */
export function ensureArtifacts (names: readonly string[], log: (line: string) => void = () => {}): void {
  const ROOT = packageRoot(__dirname)
  if (!fs.existsSync(path.join(ROOT, 'tsconfig-scryptTS.json'))) return
  const artifacts = names.map(n => path.join(ROOT, 'artifacts', `${n}.json`))
  const sources = Math.max(newestMtime(path.join(ROOT, 'contracts'), '.ts'), newestMtime(path.join(ROOT, 'compiler', 'src'), '.ts'))
  const stale = artifacts.some(a => !fs.existsSync(a) || fs.statSync(a).mtimeMs < sources)
  if (!stale) return
  log('compiling the contracts (artifacts are missing or older than their sources) ...')
  // Loaded only now: the tool chain (TypeScript, the transpiler) is a development dependency.
  const { compileContracts } = require('./compileContracts') as typeof import('./compileContracts')
  const report = compileContracts({ tsconfig: path.join(ROOT, 'tsconfig-scryptTS.json') })
  if (!report.ok) {
    const problems = report.problems.map(p => `${path.relative(ROOT, p.file)}:${p.line}:${p.column}: ${p.message}`).join('\n')
    throw new Error(`the contracts do not compile; run 'npm run compile' for details\n${problems}`)
  }
}
