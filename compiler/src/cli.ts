import * as fs from 'fs'
import * as path from 'path'
import { compileSource } from './compile'
import { toJson } from './output/scryptlibAst'

/** The version `scryptc version` prints: the official compiler's it answers as, marked as this back end. */
export const VERSION = '1.20.0+divvy'

const HELP = `scryptc (divvy) ${VERSION} - sCrypt compiler back end, a drop-in for scryptlib's scryptc

usage:
  scryptc version
  scryptc compile [--asm] [--hex] [--ast] [--debug] [--source-map] [-O] [-r] (-o <dir> | --stdout) < source.scrypt

The source is read from standard input. Errors are printed on standard output as
"Error: stdin:line:col:line:col:" followed by the message; the exit status stays 0 for
errors in the source, as scryptlib expects.
`

interface Options { asm: boolean; hex: boolean; ast: boolean; debug: boolean; sourceMap: boolean; stdout: boolean; outDir: string | null }

function parseArgs (argv: string[]): Options {
  const o: Options = { asm: false, hex: false, ast: false, debug: false, sourceMap: false, stdout: false, outDir: null }
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--asm') o.asm = true
    else if (a === '--hex') o.hex = true
    else if (a === '--ast') o.ast = true
    else if (a === '--debug') o.debug = true
    else if (a === '--source-map') o.sourceMap = true
    else if (a === '--stdout') o.stdout = true
    else if (a === '-o') o.outDir = argv[++i]
    // -O, -r, --std and unknown flags change nothing here
  }
  return o
}

/** Runs scryptc's command line (`version`, `compile ...` on standard input); answers the exit status. */
export function runCli (argv: string[]): number {
  const cmd = argv[0]
  if (cmd === 'version' || cmd === '--version') {
    process.stdout.write(`Version: ${VERSION}\n`)
    return 0
  }
  if (cmd !== 'compile') {
    process.stdout.write(HELP)
    return cmd === 'help' || cmd === '--help' || cmd === '-h' ? 0 : 1
  }
  const opts = parseArgs(argv)
  const source = fs.readFileSync(0, 'utf8')
  const result = compileSource(source)
  if (result.errors.length > 0) {
    for (const err of result.errors) {
      const l = err.loc
      process.stdout.write(`Error: ${l.file ?? 'stdin'}:${l.line}:${l.column}:${l.endLine}:${l.endColumn}:\n${err.message.replace(/\n/g, ' ')}\n`)
    }
    return 0
  }
  if (opts.stdout) {
    const doc: Record<string, unknown> = { ast: result.ast }
    doc.asm = {
      sources: ['stdin'],
      autoTypedVars: [],
      output: [{ opcode: result.asm ?? '', hex: result.hex ?? '', src: '0:0:0:0:0', stack: [] }],
    }
    process.stdout.write(toJson(doc))
    return 0
  }
  const dir = opts.outDir ?? '.'
  fs.mkdirSync(dir, { recursive: true })
  if (opts.ast) fs.writeFileSync(path.join(dir, 'stdin_ast.json'), toJson(result.ast))
  if (opts.hex) fs.writeFileSync(path.join(dir, 'stdin_hex.txt'), result.hex ?? '')
  if (opts.asm) fs.writeFileSync(path.join(dir, 'stdin_asm.json'), toJson({ sources: ['stdin'], output: [{ opcode: result.asm, hex: result.hex, src: '' }] }))
  if (opts.sourceMap) fs.writeFileSync(path.join(dir, 'stdin.map.json'), JSON.stringify({ version: 3, sources: ['stdin'], names: [], mappings: '' }))
  if (opts.debug) fs.writeFileSync(path.join(dir, 'stdin.dbg.json'), JSON.stringify({ version: 1, sources: ['stdin'] }))
  return 0
}
