#!/usr/bin/env node
'use strict'
// Entry point of the sCrypt compiler back end (a drop-in for scryptlib's `scryptc`): runs the
// compiled JavaScript in dist/ (`npm run build` in this package writes it).
const path = require('path')

const cli = path.join(__dirname, '..', 'dist', 'cli.js')
let runCli
try {
  runCli = require(cli).runCli
} catch (e) {
  if (e.code !== 'MODULE_NOT_FOUND' || !String(e.message).includes(cli)) throw e
  process.stderr.write(`scryptc: ${path.relative(process.cwd(), cli) || cli} is missing; build the compiler first (npm run build in ${path.dirname(__dirname)})\n`)
  process.exit(1)
}
process.exitCode = runCli(process.argv.slice(2))
