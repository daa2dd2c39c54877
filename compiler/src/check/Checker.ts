import type { ContractDecl, FunctionDecl, Program } from '../syntax/ast'
import { CompileError, fail } from '../diagnostics/CompileError'
import { Declarations } from '../semantic/Declarations'
import { assignable, typeName } from '../semantic/types'
import { FunctionChecker } from './FunctionChecker'

/**
 * The checking pass, before any lowering: every struct, alias, static constant, property,
 * constructor and function of the program is checked, called or not. Each declaration that
 * fails reports its first error; the others are still checked, so one run reports them all.
 */
export function checkProgram (decls: Declarations, program: Program): CompileError[] {
  const errors: CompileError[] = []
  const guard = (fn: () => void) => {
    try {
      fn()
    } catch (e) {
      if (!(e instanceof CompileError)) throw e
      errors.push(e)
    }
  }
  for (const s of program.structs) {
    const env = new Map(s.typeParams.map((p) => [p, { kind: 'param', name: p } as const]))
    for (const f of s.fields) guard(() => decls.resolveType(f.type, { env }))
    guard(() => {
      const seen = new Set<string>()
      for (const f of s.fields) {
        if (seen.has(f.name)) fail('redefinition', `field '${f.name}' is declared twice`, f.loc)
        seen.add(f.name)
      }
    })
  }
  for (const a of program.aliases) guard(() => decls.resolveType(a.type))
  for (const c of program.contracts) checkDeclaration(decls, c, guard)
  return errors
}

function checkDeclaration (decls: Declarations, c: ContractDecl, guard: (fn: () => void) => void): void {
  const env = decls.ownEnv(c)
  const names = new Set<string>()
  const unique = (name: string, loc: ContractDecl['loc'], what: string) => {
    if (names.has(name)) fail('redefinition', `${what} '${name}' is already declared in '${c.name}'`, loc)
    names.add(name)
  }
  for (const p of c.properties) {
    guard(() => {
      unique(p.name, p.loc, 'property')
      decls.resolveType(p.type, { contract: c, env })
      if (p.state && c.kind !== 'Contract') fail('structure', '@state properties belong to contracts', p.loc)
    })
  }
  for (const s of c.statics) {
    guard(() => {
      unique(s.name, s.loc, 'static')
      const type = decls.resolveType(s.type, { contract: c, env })
      const fn: FunctionDecl = { name: s.name, visibility: 'Private', isStatic: true, params: [], returnType: null, body: [], loc: s.loc }
      const t = new FunctionChecker(decls, { decl: c, fn, isConstructor: false, env }).expr(s.value, type)
      if (!assignable(type, t)) fail('type', `type mismatch: expecting ${typeName(type)} but got ${typeName(t)}`, s.value.loc)
    })
  }
  for (const f of c.functions) {
    guard(() => {
      unique(f.name, f.loc, 'function')
      new FunctionChecker(decls, { decl: c, fn: f, isConstructor: false, env }).check()
    })
  }
  if (c.constructor) {
    const ctor = c.constructor
    guard(() => new FunctionChecker(decls, { decl: c, fn: { ...ctor, isStatic: false }, isConstructor: true, env }).check())
  }
  if (c.kind === 'Contract' && !c.functions.some((f) => f.visibility === 'Public')) {
    guard(() => fail('structure', `contract '${c.name}' has no public function`, c.loc))
  }
}
