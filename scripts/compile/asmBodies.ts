import * as fs from 'fs'
import * as path from 'path'
import { compilerApi } from './compilerPath'
import type { SourceProblem } from './transpile'

/**
 * scrypt-cli's `compile --asm`: `.asm/asm.json` beside the tsconfig maps contracts to functions
 * and the asm each function's body becomes (`{ "P2PKH_ASM": { "unlock": "op_dup op_hash160 $address
 * op_equalverify op_checksig" } }`); the transpiled `.scrypt` files are rewritten before they are
 * compiled. Answers the problems: no asm file, a contract or function it names that is not there.
 */
export function applyAsmBodies (tsconfig: string, scryptFiles: string[]): SourceProblem[] {
  const file = path.join(path.dirname(tsconfig), '.asm', 'asm.json')
  if (!fs.existsSync(file)) return [{ file, line: 1, column: 1, message: 'no .asm/asm.json beside the tsconfig (--asm reads it)' }]
  let asm: Record<string, Record<string, string>>
  try {
    asm = JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch (e) {
    return [{ file, line: 1, column: 1, message: `not JSON: ${(e as Error).message}` }]
  }
  const { applyAsm } = compilerApi()
  const found = new Set<string>()
  const problems: SourceProblem[] = []
  for (const scryptFile of scryptFiles) {
    try {
      const { source, replaced } = applyAsm(fs.readFileSync(scryptFile, 'utf8'), asm)
      if (Object.keys(replaced).length === 0) continue
      Object.keys(replaced).forEach(c => found.add(c))
      fs.writeFileSync(scryptFile, source)
    } catch (e) {
      const loc = (e as { loc?: { line: number, column: number } }).loc
      problems.push({ file: scryptFile, line: loc?.line ?? 1, column: loc?.column ?? 1, message: (e as Error).message })
    }
  }
  for (const name of Object.keys(asm)) {
    if (!found.has(name) && problems.length === 0) problems.push({ file, line: 1, column: 1, message: `asm for '${name}': no transpiled contract or library of that name` })
  }
  return problems
}
