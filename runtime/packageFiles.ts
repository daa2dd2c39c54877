import { existsSync } from 'fs'
import * as path from 'path'

/**
 * Where this package's own files are at run time. The same modules run from their TypeScript
 * source (tests and development, through ts-node) and from the build in `dist/` (the bins,
 * `npm run demo`, and every installed copy), so paths are found from the package root, never
 * by counting `..` from a module.
 */

const roots = new Map<string, string>()

/** The package's root folder (the one holding its package.json), found upwards from `from` (default: this module). */
export function packageRoot (from: string = __dirname): string {
  const known = roots.get(from)
  if (known !== undefined) return known
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) {
      roots.set(from, dir)
      return dir
    }
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`)
  }
}

/**
 * The compiled JavaScript of one of the package's modules, for a worker thread or a child
 * process to run: `file` is the module's path with or without its extension. Run from dist,
 * that is the file itself; run from source, the same module in dist (`npm run build` writes
 * it, `npm test` builds first), so that no thread or process needs a TypeScript loader.
 */
export function compiledModule (file: string): string {
  const root = packageRoot(path.dirname(file))
  const dist = path.join(root, 'dist')
  const bare = file.replace(/\.(ts|js)$/, '')
  const inDist = !path.relative(dist, bare).startsWith('..')
  const compiled = inDist ? `${bare}.js` : path.join(dist, `${path.relative(root, bare)}.js`)
  if (!existsSync(compiled)) throw new Error(`${path.relative(process.cwd(), compiled)} is missing: run 'npm run build' first (threads and child processes run the build)`)
  return compiled
}
