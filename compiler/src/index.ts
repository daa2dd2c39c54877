// The compiler's programmatic API: compile sCrypt source in-process, or run scryptc's command line.
export { compileSource } from './compile'
export type { CompileResult } from './compile'
export { runCli, VERSION } from './cli'
export { applyAsm } from './asmFlow'
export { CompileError } from './diagnostics/CompileError'
export type { ErrorKind } from './diagnostics/CompileError'
export type { Loc } from './syntax/ast'
