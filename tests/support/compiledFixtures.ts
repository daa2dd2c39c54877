import * as fs from 'fs'
import * as os from 'os'
import * as path from 'path'
import { compileContracts, CompileReport } from '../../scripts/compile/compileContracts'

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'contracts')
let compiled: { dir: string, report: CompileReport } | undefined

/** Writes a tsconfig in a fresh temp dir that transpiles the given contract sources into it. */
export function scratchProject (sources: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'divvy-compile-'))
  const root = path.resolve(__dirname, '..', '..')
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir')
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022', module: 'commonjs', strict: true, esModuleInterop: true,
      experimentalDecorators: true, skipLibCheck: true, noEmit: true,
      rootDir: path.dirname(sources[0]),
      plugins: [{ transform: 'scrypt-ts-transpiler', transformProgram: true, outDir: 'artifacts' }]
    },
    files: sources
  }
  const file = path.join(dir, 'tsconfig.json')
  fs.writeFileSync(file, JSON.stringify(tsconfig, null, 2))
  return file
}

/** Compiles tests/fixtures/contracts once per test run, with the real tool chain. */
export function compiledFixtures (): { dir: string, report: CompileReport } {
  if (compiled !== undefined) return compiled
  const sources = fs.readdirSync(FIXTURES).filter(f => f.endsWith('.ts')).map(f => path.join(FIXTURES, f))
  const tsconfig = scratchProject(sources)
  const report = compileContracts({ tsconfig })
  if (!report.ok) {
    throw new Error(`fixture contracts did not compile:\n${report.problems.map(p => `${p.file}:${p.line}:${p.column}: ${p.message}`).join('\n')}\n${report.output}`)
  }
  compiled = { dir: path.join(path.dirname(tsconfig), 'artifacts'), report }
  return compiled
}

/** The artifact JSON of a compiled fixture contract, by its source file's base name. */
export function fixtureArtifact (name: string): any {
  const { dir } = compiledFixtures()
  return JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), 'utf8'))
}
