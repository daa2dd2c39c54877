import * as path from 'path'
import { parseOptions, scriptHelp, UsageError, type OptionSpecs } from './cli/options'
import { CONTRACT_ARTIFACTS } from '../contracts/offchain/artifacts'
import { compileContracts } from './compile/compileContracts'
import { ensureArtifacts } from './compile/ensureArtifacts'

const OPTIONS = {
  tsconfig: { kind: 'string', value: 'file', help: 'tsconfig with the scrypt-ts-transpiler plugin (default tsconfig-scryptTS.json)' },
  'if-stale': { kind: 'flag', help: 'only when an artifact of the package is missing or older than its sources' },
  asm: { kind: 'flag', help: 'as scrypt-cli compile --asm: function bodies replaced by the inline asm of .asm/asm.json beside the tsconfig' },
  help: { kind: 'flag', short: 'h', help: 'this text' }
} as const satisfies OptionSpecs

const HELP = scriptHelp('npm run compile --', `Compiles the scrypt-ts contracts offline: the official scrypt-ts transpiler turns
contracts/*.ts into .scrypt, Divvy's compiler back end (compiler/bin/scryptc.js, a
drop-in for scryptc) compiles them, and scryptlib writes artifacts/*.json and
scrypt.index.json.`, OPTIONS)

function main (argv: string[]): number {
  let args
  try {
    args = parseOptions('compile', argv, OPTIONS)
  } catch (e) {
    if (!(e instanceof UsageError)) throw e
    console.error(e.message)
    return 2
  }
  if (args.help === true) { console.log(HELP); return 0 }
  if (args['if-stale'] === true) {
    if (args.tsconfig !== undefined) { console.error('compile: --if-stale checks the package\'s own contracts; it takes no --tsconfig'); return 2 }
    ensureArtifacts(CONTRACT_ARTIFACTS.filter(c => !c.frozen).map(c => c.name), line => console.log(line))
    return 0
  }
  const tsconfig = args.tsconfig ?? 'tsconfig-scryptTS.json'
  const report = compileContracts({ tsconfig: path.resolve(tsconfig), log: line => console.log(line), asm: args.asm === true })
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
