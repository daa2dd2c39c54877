#!/usr/bin/env node
'use strict'
// Entry point of the sCrypt compiler back end (a drop-in for scryptlib's `scryptc`).
// Runs the prebuilt JavaScript in compiler/dist when it is newer than every source file,
// otherwise transpiles compiler/src into a fresh dist first (no install step needed).
const path = require('path')
const { listSources, loadFresh } = require('./transpileCache')

const root = path.resolve(__dirname, '..')
const srcDir = path.join(root, 'src')
const distDir = path.join(root, 'dist')

function main () {
  const files = listSources(srcDir)
  // every module is loaded before a build is swapped in, so a concurrent build replacing dist cannot pull files away
  const { runCli } = loadFresh({ root, srcDir, outDir: distDir, files, load: (dir) => require(path.join(dir, 'cli.js')) })
  process.exitCode = runCli(process.argv.slice(2))
}

main()
