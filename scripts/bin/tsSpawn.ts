import { fork, type ChildProcess, type ForkOptions } from 'child_process'
import path from 'path'
import { Worker, type WorkerOptions } from 'worker_threads'

/**
 * Worker threads and child processes that run a module of the project. Run as TypeScript
 * (this file is a `.ts`), they start through scripts/bin/tsRun.js, so from the project's
 * transpile cache in `.build/` as the bins do, not through ts-node; compiled, they start the
 * module's `.js` directly. `entry` names the module with or without its extension.
 */
const asTypeScript = __filename.endsWith('.ts')
const TS_RUN = path.join(__dirname, 'tsRun.js')
let built = false

function moduleFile (entry: string): string {
  return entry.replace(/\.(ts|js)$/, '') + (asTypeScript ? '.ts' : '.js')
}

/** What to run `node` with for `entry` and its arguments: `[tsRun.js, entry.ts, ...args]` or `[entry.js, ...args]`. */
export function nodeArgs (entry: string, args: readonly string[] = []): string[] {
  if (!asTypeScript) return [moduleFile(entry), ...args]
  // brought up to date once here, so that the children started together do not each rebuild it
  if (!built) (require(TS_RUN) as { buildProject: () => void }).buildProject()
  built = true
  return [TS_RUN, moduleFile(entry), ...args]
}

/** A worker thread running `entry` (its `process.argv` gets `options.argv` after the file, as usual). */
export function startWorker (entry: string, options: WorkerOptions = {}): Worker {
  const [file, ...argv] = nodeArgs(entry, (options.argv ?? []).map(String))
  return new Worker(file, { ...options, argv })
}

/** `child_process.fork` of `entry`. */
export function forkModule (entry: string, args: readonly string[] = [], options: ForkOptions = {}): ChildProcess {
  const [file, ...argv] = nodeArgs(entry, args)
  return fork(file, argv, options)
}
