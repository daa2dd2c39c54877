'use strict'
// A transpile cache on disk for the project's bins (compiler/bin/scryptc.js, scripts/bin/*.js):
// TypeScript sources are transpiled one by one with `typescript.transpileModule` (no type
// check) into a gitignored build folder, reused while the name and modification time of every
// source are unchanged, and rebuilt atomically (into a fresh folder swapped in) when stale. No
// install step is needed: a fresh clone builds on its first run.
const fs = require('fs')
const path = require('path')

/** Every `.ts` file below `dir` (not `.d.ts`), skipping folders `skip` refuses (by absolute path). */
function listSources (dir, out = [], skip = () => false) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) { if (!skip(full)) listSources(full, out, skip) } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(full)
  }
  return out
}

/** One line a source (`path:mtime`), after a `#<sha256>` line of `extra` when there is one. */
function sourceStamp (srcDir, files, extra = '') {
  // Names and modification times of every source: any edit, addition or removal changes it.
  const lines = files.map((f) => `${path.relative(srcDir, f)}:${fs.statSync(f).mtimeMs}`).sort()
  if (extra !== '') lines.unshift('#' + require('crypto').createHash('sha256').update(extra).digest('hex'))
  return lines.join('\n')
}

function readStamp (outDir) {
  try {
    return fs.readFileSync(path.join(outDir, '.stamp'), 'utf8')
  } catch {
    return undefined
  }
}

/** The stamp lines of the sources whose output in a build with stamp `old` is still right for `stamp`. */
function reusable (old, stamp) {
  if (old === undefined) return new Set()
  const header = (s) => (s.startsWith('#') ? s.split('\n', 1)[0] : '')
  return header(old) === header(stamp) ? new Set(old.split('\n')) : new Set()
}

function loadTypeScript (root) {
  return require(require.resolve('typescript', { paths: [root, process.cwd()] }))
}

const DEFAULT_OPTIONS = (ts) => ({ module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true })

function transpile (ts, file, compilerOptions) {
  return ts.transpileModule(fs.readFileSync(file, 'utf8'), { compilerOptions, fileName: file }).outputText
}

/**
 * Answers `load(outDir)` on a fresh build of `files` (sources below `srcDir`, mirrored in
 * `outDir` as `.js`). A stale or missing build is rebuilt in a temporary sibling folder first,
 * reusing the output of the sources unchanged since the previous build, `load` runs on it (so
 * that what it loads cannot be pulled away), and it is then swapped in as
 * `outDir`; of two concurrent builds, either may win, both are complete.
 * `stampExtra` joins the stamp (say, the compiler options' source); `compilerOptions(ts)`
 * defaults to CommonJS, ES2020, esModuleInterop.
 */
function loadFresh ({ root, srcDir, outDir, files, load, stampExtra = '', compilerOptions = DEFAULT_OPTIONS }) {
  const stamp = sourceStamp(srcDir, files, stampExtra)
  const old = readStamp(outDir)
  if (old === stamp) return load(outDir)
  const ts = loadTypeScript(root)
  const tmp = fs.mkdtempSync(path.join(path.dirname(outDir), `.${path.basename(outDir).replace(/^\./, '')}-`))
  try {
    return buildInto(tmp, { ts, srcDir, outDir, files, stamp, reuse: reusable(old, stamp), load, options: compilerOptions(ts) })
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true })
    throw e
  }
}

function buildInto (tmp, { ts, srcDir, outDir, files, stamp, reuse, load, options }) {
  for (const file of files) {
    const rel = path.relative(srcDir, file).replace(/\.ts$/, '.js')
    fs.mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true })
    // an unchanged source keeps its output from the previous build (when that is still there)
    let code
    if (reuse.has(`${path.relative(srcDir, file)}:${fs.statSync(file).mtimeMs}`)) {
      try { code = fs.readFileSync(path.join(outDir, rel), 'utf8') } catch { /* pulled away: transpile it */ }
    }
    fs.writeFileSync(path.join(tmp, rel), code ?? transpile(ts, file, options))
  }
  fs.writeFileSync(path.join(tmp, '.stamp'), stamp)
  const loaded = load(tmp)
  const old = outDir + '.old-' + process.pid
  try { fs.renameSync(outDir, old) } catch { /* no previous build */ }
  try { fs.renameSync(tmp, outDir) } catch { fs.rmSync(tmp, { recursive: true, force: true }) }
  fs.rmSync(old, { recursive: true, force: true })
  return loaded
}

/**
 * Makes `require` of a `.ts` file run its transpiled JavaScript from `outDir` (a build of the
 * sources below `srcDir` made by `loadFresh`), under the `.ts` file's own name, so that
 * `__dirname`, relative requires and stack traces stay those of the source. A file the build
 * does not hold (outside it, or pulled away by a concurrent rebuild) is transpiled in memory.
 */
function registerTs ({ root, srcDir, outDir, compilerOptions }) {
  let ts
  let options
  require.extensions['.ts'] = (module, filename) => {
    const rel = path.relative(srcDir, filename)
    let code
    if (!rel.startsWith('..') && !path.isAbsolute(rel)) {
      try { code = fs.readFileSync(path.join(outDir, rel.replace(/\.ts$/, '.js')), 'utf8') } catch { /* not in the build */ }
    }
    if (code === undefined) {
      ts ??= loadTypeScript(root)
      options ??= compilerOptions(ts)
      code = transpile(ts, filename, options)
    }
    module._compile(code, filename)
  }
}

module.exports = { listSources, sourceStamp, loadFresh, registerTs }
