import * as fs from 'fs'
import * as path from 'path'
import { Program } from './ast'
import { CompileError } from '../diagnostics/CompileError'
import { Parser } from './parser'

/** One parsed file: `stdin` for the main source, otherwise its path relative to the main file's directory. */
export interface SourceFile { key: string; program: Program }

/**
 * Parses the main source and, recursively, the files it imports (paths relative to the
 * importing file; the main source lives in `dir`, the compiler's working directory as scryptlib
 * runs it). Dependencies come before the files that import them; each file appears once.
 */
export function loadSources (source: string, dir: string): SourceFile[] {
  const files: SourceFile[] = []
  const seen = new Set<string>()
  const visit = (program: Program, fromDir: string, stack: string[]) => {
    for (const imp of program.imports) {
      const abs = path.resolve(fromDir, imp.path)
      if (stack.includes(abs)) throw new CompileError('import', `circular import of "${imp.path}"`, imp.loc)
      if (seen.has(abs)) continue
      seen.add(abs)
      let text: string
      try {
        text = fs.readFileSync(abs, 'utf8')
      } catch {
        throw new CompileError('import', `cannot read imported file "${imp.path}"`, imp.loc)
      }
      const key = path.relative(dir, abs).split(path.sep).join('/')
      const dep = Parser.parse(text, key)
      visit(dep, path.dirname(abs), [...stack, abs])
      files.push({ key, program: dep })
    }
  }
  const main = Parser.parse(source, 'stdin')
  visit(main, dir, [])
  files.push({ key: 'stdin', program: main })
  return files
}

/** All declarations of all files, as one program. */
export function mergePrograms (files: SourceFile[]): Program {
  return {
    structs: files.flatMap((f) => f.program.structs),
    contracts: files.flatMap((f) => f.program.contracts),
    aliases: files.flatMap((f) => f.program.aliases),
    imports: [],
  }
}
