import * as path from 'path'

/** Our scryptc drop-in, the binary scryptlib and the transpiler run in place of the closed one. */
export const SCRYPTC_PATH = path.resolve(__dirname, '..', '..', 'compiler', 'bin', 'scryptc.js')

/** Points scryptlib's `findCompiler()` (here and in child processes) at our back end. */
export function useOurCompiler (): string {
  process.env.SCRYPTC = SCRYPTC_PATH
  return SCRYPTC_PATH
}
