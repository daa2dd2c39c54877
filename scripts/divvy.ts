#!/usr/bin/env node
import { runCli } from './cli/runCli'

// The divvy bin: parse and dispatch only; the commands live in scripts/cli/commands/.
runCli(process.argv.slice(2)).then(code => { process.exitCode = code }, e => {
  console.error(`divvy: ${(e as Error).message}`)
  process.exitCode = 1
})
