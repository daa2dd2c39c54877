'use strict'
// Runs the project's TypeScript without ts-node: the sources of contracts/, indexer/,
// network/ and scripts/ (tests excluded) are transpiled with the options of tsconfig.json
// into the gitignored .build/ folder, reused while no source changes (compiler/bin/transpileCache.js).
const fs = require('fs')
const path = require('path')
const { listSources, loadFresh, registerTs } = require('../../compiler/bin/transpileCache')

const root = path.resolve(__dirname, '..', '..')
const outDir = path.join(root, '.build')
const SOURCE_DIRS = ['contracts', 'indexer', 'network', 'scripts']
/** Changes whenever what this file builds changes, so that an older build is not reused. */
const BUILD_VERSION = 'divvy-build 1'

function compilerOptions (ts) {
  const file = path.join(root, 'tsconfig.json')
  const { config, error } = ts.parseConfigFileTextToJson(file, fs.readFileSync(file, 'utf8'))
  if (error !== undefined) throw new Error(`tsconfig.json: ${ts.flattenDiagnosticMessageText(error.messageText, '\n')}`)
  const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions ?? {}, root)
  return { ...options, sourceMap: false, inlineSourceMap: true, declaration: false, noEmit: false }
}

/** Brings the transpile cache up to date; a checkout that cannot hold it still runs (every file transpiled in memory). */
function buildProject () {
  try {
    const files = SOURCE_DIRS.flatMap((d) => listSources(path.join(root, d), [], (dir) => path.basename(dir) === 'node_modules'))
    const stampExtra = `${BUILD_VERSION}\n${fs.readFileSync(path.join(root, 'tsconfig.json'), 'utf8')}`
    loadFresh({ root, srcDir: root, outDir, files, stampExtra, compilerOptions, load: () => undefined })
  } catch (e) {
    // a read-only checkout still runs: every file is then transpiled in memory
    if (process.env.DIVVY_DEBUG === '1') console.error(`divvy: no transpile cache: ${e.message}`)
  }
}

/** Makes `require` of the project's `.ts` files load their cached JavaScript, building the cache first when stale. */
function registerProject () {
  buildProject()
  if (process.env.DIVVY_DEBUG === '1') process.setSourceMapsEnabled(true)
  registerTs({ root, srcDir: root, outDir, compilerOptions })
}

/**
 * Runs a TypeScript file of the project as the main script: `node scripts/bin/tsRun.js <file.ts> [args]`;
 * also the entry of the worker threads and child processes started by scripts/bin/tsSpawn.ts.
 */
function runMain (file) {
  registerProject()
  require(path.resolve(file))
}

module.exports = { buildProject, registerProject }

if (require.main === module) {
  const [file] = process.argv.splice(2, 1)
  if (file === undefined) {
    console.error('usage: node scripts/bin/tsRun.js <file.ts> [args]')
    process.exitCode = 2
  } else {
    process.argv[1] = path.resolve(file)
    runMain(file)
  }
}
