import * as fs from 'fs'
import * as os from 'os'
import * as path from 'path'
import { compileContracts, CompileReport } from '../../scripts/compile/compileContracts'

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'contracts')
const CONTRACTS = path.resolve(__dirname, '..', '..', 'contracts')
const compiled = new Map<string, { dir: string, report: CompileReport }>()

/** Writes a tsconfig in a fresh temp dir that transpiles the given contract sources into it. */
export function scratchProject (sources: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'divvy-compile-'))
  const root = path.resolve(__dirname, '..', '..')
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir')
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      module: 'commonjs',
      strict: true,
      esModuleInterop: true,
      experimentalDecorators: true,
      skipLibCheck: true,
      noEmit: true,
      rootDir: path.dirname(sources[0]),
      plugins: [{ transform: 'scrypt-ts-transpiler', transformProgram: true, outDir: 'artifacts' }]
    },
    files: sources
  }
  const file = path.join(dir, 'tsconfig.json')
  fs.writeFileSync(file, JSON.stringify(tsconfig, null, 2))
  return file
}

/** Compiles every contract of a folder once per test run, with the real tool chain, into a temp dir. */
export function compiledFolder (folder: string): { dir: string, report: CompileReport } {
  const done = compiled.get(folder)
  if (done !== undefined) return done
  const sources = fs.readdirSync(folder).filter(f => f.endsWith('.ts')).map(f => path.join(folder, f))
  const tsconfig = scratchProject(sources)
  const report = compileContracts({ tsconfig })
  if (!report.ok) {
    throw new Error(`contracts in ${folder} did not compile:\n${report.problems.map(p => `${p.file}:${p.line}:${p.column}: ${p.message}`).join('\n')}\n${report.output}`)
  }
  const result = { dir: path.join(path.dirname(tsconfig), 'artifacts'), report }
  compiled.set(folder, result)
  return result
}

function artifactIn (folder: string, name: string): any {
  const { dir } = compiledFolder(folder)
  return JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), 'utf8'))
}

/** The artifact JSON of a compiled test fixture contract, by its source file's base name. */
export function fixtureArtifact (name: string): any { return artifactIn(FIXTURES, name) }

/** The artifact JSON of one of Divvy's own contracts (contracts/*.ts), by file base name. */
export function contractArtifact (name: string): any { return artifactIn(CONTRACTS, name) }

/** The frozen artifact of version 1 of the dividend contract (artifacts/dividendV1.json, never recompiled). */
export function dividendV1Artifact (): any {
  return JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'artifacts', 'dividendV1.json'), 'utf8'))
}
