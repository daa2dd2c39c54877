import { Parser } from './syntax/parser'
import { CompileError } from './diagnostics/CompileError'
import { Loc, Program } from './syntax/ast'
import { Declarations } from './semantic/Declarations'
import { checkProgram } from './check/Checker'
import { Lowering } from './lower/Lowering'
import { StackCodegen } from './codegen/StackCodegen'
import { assembleHex, opAsm } from './codegen/assemble'
import { buildScryptlibAst } from './output/scryptlibAst'
import { STD_SOURCE } from './std/stdlib'
import { IRMethod, Op } from './ir/ir'
// (the folder's index named: a stale dist/ir/optimize.js of an older build would otherwise shadow it)
import { optimizeMethod } from './ir/optimize/index'
import { peephole } from './codegen/peephole/index'
import { inlinePlaceholders } from './ir/placeholders'
import { walk } from './ir/walk'
import { loadSources, mergePrograms } from './syntax/imports'

/** What `compileSource` answers: scryptlib's AST, the script template (hex, ops, asm), or the located errors. */
export interface CompileResult {
  ast?: object;
  hex?: string;
  ops?: Op[];
  asm?: string;
  errors: { message: string; loc: Loc; kind: CompileError['kind'] }[];
}

let stdProgram: Program | null = null

/** Whether every public function computes the very same getStateScript() once, unconditionally. */
function sharesStateScript (methods: IRMethod[]): boolean {
  if (methods.length < 2) return false
  // a function that may exit early ends its branch of the first dispatch itself
  let exits = false
  for (const m of methods) walk(m.body, { stmt: (s) => { if (s.k === 'exit') exits = true } })
  if (exits) return false
  const exprs = methods.map((m) => {
    const s = m.body.find((x) => x.k === 'let' && x.id === m.stateScript)
    return s && s.k === 'let' ? JSON.stringify(s.e, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)) : null
  })
  return exprs.every((e) => e !== null && e === exprs[0])
}

/** The standard library the official compiler carries built in, parsed once. */
export function stdLibrary (): Program {
  if (!stdProgram) stdProgram = Parser.parse(STD_SOURCE, 'std')
  return stdProgram
}

const asError = (e: CompileError) => ({ message: e.message, loc: e.loc, kind: e.kind })
const START: Loc = { line: 1, column: 1, endLine: 1, endColumn: 1 }

/**
 * Compiles sCrypt source: the AST scryptlib reads (one entry per file, `stdin` for the source
 * itself) and the locking script template, or every error found (each located). Imports are
 * read relative to `dir`. Never throws: a defect of the compiler is reported as an error too.
 */
export function compileSource (source: string, dir: string = process.cwd()): CompileResult {
  let lowerer: Lowering | undefined
  try {
    const files = loadSources(source, dir)
    const program = files[files.length - 1].program
    const merged = mergePrograms(files)
    const decls = new Declarations(merged, stdLibrary())
    const errors = checkProgram(decls, merged)
    if (errors.length > 0) return { errors: errors.map(asError) }
    lowerer = new Lowering(decls)
    const ast: Record<string, object> = {}
    for (const f of files) ast[f.key] = buildScryptlibAst(f.program, decls)
    const main = program.contracts[program.contracts.length - 1]
    // a file of structs or libraries only: nothing to run on its own (its code is checked)
    if (!main || main.kind === 'Library') return { ast, hex: '', ops: [], asm: '', errors: [] }
    const lowered = lowerer.lowerContract(main)
    const newId = lowerer.idAllocator()
    const methods = lowered.methods.map((m) => optimizeMethod(m, new Set(), newId))
    let prologue = lowered.prologue
    if (prologue) {
      const keep = new Set([...prologue.outputs, ...lowered.placeholders.map((p) => p.id)])
      prologue = { ...prologue, body: optimizeMethod({ body: prologue.body, result: { k: 'const', v: true } }, keep, newId).body }
    }
    const ir = inlinePlaceholders({ ...lowered, methods, prologue, sharedStateScript: sharesStateScript(methods) })
    const code = peephole(StackCodegen.generate(ir))
    return { ast, hex: assembleHex(code), ops: code, asm: code.map(opAsm).join(' '), errors: [] }
  } catch (e) {
    if (e instanceof CompileError) return { errors: [asError(e)] }
    const at = lowerer?.lastLoc ?? START
    return { errors: [{ kind: 'internal', message: `internal compiler error: ${(e as Error).message ?? String(e)}`, loc: at }] }
  }
}
