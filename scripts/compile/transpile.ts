import { spawnSync } from 'child_process'
import * as path from 'path'
import { scryptcPath } from './compilerPath'

/** A problem the transpiler or TypeScript found, located at the TypeScript source. */
export interface SourceProblem {
  file: string
  line: number
  column: number
  message: string
}

export interface TranspileResult {
  ok: boolean
  problems: SourceProblem[]
  /** Everything tsc / the transpiler printed, for the cases no pattern recognises. */
  output: string
}

const TSPC = require.resolve('ts-patch/bin/tspc.js')

// "scrypt-ts ERROR - /abs/file.ts:12:4:12:20 - message" (1-based line and column)
const SCRYPT_TS_ERROR = /scrypt-ts ERROR - (.+?):(\d+):(\d+):(\d+):(\d+) - ([\s\S]*?)(?=\n\s*\n|\nscrypt-ts ERROR|$)/g
// "contracts/x.ts(12,5): error TS2322: message" (1-based)
const TSC_ERROR = /^(.+?)\((\d+),(\d+)\): error (TS\d+: .*)$/gm

/**
 * Runs TypeScript with the official scrypt-ts transpiler plugin (through ts-patch's live
 * `tspc`, since npm runs no postinstall that could patch typescript on disk). The
 * transpiler writes `.scrypt`, `.transformer.json` and `scrypt.index.json`, and calls our
 * compiler for its checks.
 */
export function transpile (tsconfigPath: string): TranspileResult {
  const run = spawnSync(process.execPath, [TSPC, '-p', tsconfigPath], {
    cwd: path.dirname(tsconfigPath),
    // The transpiler places its output and scrypt.index.json relative to TS_NODE_PROJECT's
    // folder when set (else the working directory): pin it to this tsconfig.
    env: { ...process.env, SCRYPTC: scryptcPath(), TS_NODE_PROJECT: tsconfigPath },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024
  })
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}`
  const problems: SourceProblem[] = []
  for (const m of output.matchAll(SCRYPT_TS_ERROR)) {
    problems.push({ file: m[1], line: Number(m[2]), column: Number(m[3]), message: m[6].trim() })
  }
  for (const m of output.matchAll(TSC_ERROR)) {
    problems.push({ file: path.resolve(path.dirname(tsconfigPath), m[1]), line: Number(m[2]), column: Number(m[3]), message: m[4] })
  }
  const ok = run.status === 0 && problems.length === 0 && !/scrypt-ts ERROR/.test(output)
  return { ok, problems, output }
}
