import * as fs from 'fs'
import * as path from 'path'
import { compileContract } from 'scryptlib'
import * as ts from 'typescript'
import { useOurCompiler } from './compilerPath'
import { scryptToTs } from './scryptSourceMap'
import { SourceProblem, transpile } from './transpile'
import { applyAsmBodies } from './asmBodies'

export interface CompileOptions {
  /** A tsconfig whose compilerOptions.plugins carry scrypt-ts-transpiler with its outDir. */
  tsconfig: string
  /** Called with a line of progress. */
  log?: (line: string) => void
  /** scrypt-cli's --asm: function bodies replaced by the inline asm of `.asm/asm.json` beside the tsconfig. */
  asm?: boolean
}

export interface CompiledContract {
  name: string
  scryptFile: string
  artifactFile: string
  /** Size of the compiled locking script template in bytes (placeholders counted as empty). */
  scriptBytes: number
  milliseconds: number
}

export interface CompileReport {
  ok: boolean
  contracts: CompiledContract[]
  problems: SourceProblem[]
  output: string
}

interface TransformerResult {
  success: boolean
  scryptfile: string
  sourceMapFile?: string
  errors?: Array<{ message: string }>
}

function scryptOutDir (tsconfig: string): string {
  const config = JSON.parse(fs.readFileSync(tsconfig, 'utf8')) as { compilerOptions?: { plugins?: Array<{ transform?: string, outDir?: string }> } }
  const plugin = (config.compilerOptions?.plugins ?? []).find(p => p.transform === 'scrypt-ts-transpiler')
  if (plugin === undefined) throw new Error(`${tsconfig} has no scrypt-ts-transpiler plugin`)
  return path.resolve(path.dirname(tsconfig), plugin.outDir ?? 'artifacts')
}

/**
 * The whole offline tool chain: scrypt-ts classes → official transpiler → `.scrypt` →
 * our compiler back end → scryptlib's artifact writer → `<outDir>/<name>.json`.
 * A contract that fails anywhere leaves no artifact behind.
 */
export function compileContracts (options: CompileOptions): CompileReport {
  const log = options.log ?? (() => {})
  useOurCompiler()
  const outDir = scryptOutDir(options.tsconfig)
  fs.mkdirSync(outDir, { recursive: true })
  const started = Date.now()
  log('transpiling scrypt-ts contracts ...')
  const transpiled = transpile(options.tsconfig)
  log(`transpiled in ${Date.now() - started} ms`)
  const sources = tsSources(options.tsconfig)
  const report: CompileReport = { ok: transpiled.ok, contracts: [], problems: [...transpiled.problems], output: transpiled.output }

  const results = transformerResults(outDir)
  if (transpiled.ok && sources.size > 0 && results.length === 0) {
    report.ok = false
    report.problems.push({ file: options.tsconfig, line: 1, column: 1, message: `the transpiler wrote no contract into ${outDir}` })
  }
  if (options.asm === true && transpiled.ok) {
    log('applying the asm bodies of .asm/asm.json ...')
    const problems = applyAsmBodies(options.tsconfig, results.map(scryptFileOf).filter(f => fs.existsSync(f)))
    if (problems.length > 0) {
      report.ok = false
      report.problems.push(...problems)
      return report
    }
  }
  for (const entry of results) {
    const name = path.basename(entry, '.transformer.json')
    const dir = path.dirname(entry)
    const result = JSON.parse(fs.readFileSync(entry, 'utf8')) as TransformerResult
    const scryptFile = path.join(dir, path.basename(result.scryptfile))
    const artifactFile = path.join(dir, `${name}.json`)
    if (!result.success) {
      fs.rmSync(artifactFile, { force: true })
      report.ok = false
      continue
    }
    if (!fs.existsSync(scryptFile)) continue
    const t0 = Date.now()
    log(`compiling ${path.relative(process.cwd(), scryptFile)} ...`)
    const compiled = compileContract(scryptFile, { out: dir, artifact: true, optimize: true })
    if (compiled.errors.length > 0) {
      fs.rmSync(artifactFile, { force: true })
      report.ok = false
      const mapFile = path.join(dir, result.sourceMapFile ?? `${name}.scrypt.map`)
      for (const e of compiled.errors) {
        const pos = e.position[0] ?? { line: 1, column: 1 }
        const ts = scryptToTs(mapFile, pos.line, pos.column)
        report.problems.push(ts !== undefined
          ? { file: sources.get(name) ?? `${name}.ts`, line: ts.line, column: ts.column, message: e.message }
          : { file: scryptFile, line: pos.line, column: pos.column, message: e.message })
      }
      continue
    }
    const hex = compiled.hex ?? ''
    report.contracts.push({
      name: compiled.contract ?? name,
      scryptFile,
      artifactFile,
      scriptBytes: hex.replace(/<[^>]*>/g, '').length / 2,
      milliseconds: Date.now() - t0
    })
  }
  return report
}

/** The `.scrypt` file a `.transformer.json` names, beside it. */
function scryptFileOf (entry: string): string {
  const result = JSON.parse(fs.readFileSync(entry, 'utf8')) as TransformerResult
  return path.join(path.dirname(entry), path.basename(result.scryptfile))
}

// The transpiler mirrors the source tree under its outDir.
function transformerResults (dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter(f => f.endsWith('.transformer.json') && !f.split(path.sep).includes('node_modules'))
    .map(f => path.join(dir, f))
    .sort()
}

// The transpiler names each `.scrypt` file after its TypeScript source file.
function tsSources (tsconfig: string): Map<string, string> {
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })
  return new Map((parsed?.fileNames ?? []).map(f => [path.basename(f, '.ts'), path.resolve(f)]))
}
