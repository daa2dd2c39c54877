import * as path from 'path'
import { compileContracts } from './compile/compileContracts'

const HELP = `Usage: npm run compile [-- --tsconfig <file>]

Compiles the scrypt-ts contracts offline: the official scrypt-ts transpiler turns
contracts/*.ts into .scrypt, Divvy's compiler back end (compiler/bin/scryptc.js, a
drop-in for scryptc) compiles them, and scryptlib writes artifacts/*.json and
scrypt.index.json.

Options:
  --tsconfig <file>  tsconfig with the scrypt-ts-transpiler plugin (default tsconfig-scryptTS.json)
  -h, --help         show this help`

function main (argv: string[]): number {
  if (argv.includes('-h') || argv.includes('--help')) { console.log(HELP); return 0 }
  let tsconfig = 'tsconfig-scryptTS.json'
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--tsconfig' && argv[i + 1] !== undefined) tsconfig = argv[++i]
    else { console.error(`compile: unknown option '${argv[i]}' (see --help)`); return 2 }
  }
  const report = compileContracts({ tsconfig: path.resolve(tsconfig), log: line => console.log(line) })
  for (const c of report.contracts) {
    console.log(`  ${c.name}: ${c.scriptBytes} bytes, ${c.milliseconds} ms -> ${path.relative(process.cwd(), c.artifactFile)}`)
  }
  for (const p of report.problems) {
    console.error(`error: ${path.relative(process.cwd(), p.file)}:${p.line}:${p.column}: ${p.message}`)
  }
  if (!report.ok) {
    if (report.problems.length === 0) console.error(report.output.trim())
    console.error('compile: failed; no artifact was written for the contracts above')
    return 1
  }
  console.log(`compiled ${report.contracts.length} contract(s)`)
  return 0
}

process.exitCode = main(process.argv.slice(2))
