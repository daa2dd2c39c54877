import * as path from 'path'
import ts from 'typescript'

/** One exported name, or a public member of an exported class, that carries no JSDoc. */
export interface Undocumented {
  /** The file it is declared in, relative to `root`. */
  file: string
  /** `name`, or `Class.member`. */
  name: string
}

/** What `undocumentedExports` read: how many declarations it looked at, and those without JSDoc. */
export interface ApiDocReport {
  checked: number
  undocumented: Undocumented[]
}

function hasDoc (node: ts.Node): boolean {
  return ts.getJSDocCommentsAndTags(node).length > 0
}

/**
 * Every declaration a consumer reaches through the entry points: the names they export (followed
 * through re-exports to where they are declared) and the public members of exported classes.
 * The program is the project's own, read by the TypeScript compiler, so what counts as exported
 * is exactly what the declaration files carry. Declarations outside `root` (dependencies) are
 * theirs to document; namespace re-exports (`export * as v1`) count through their own entries.
 */
export function undocumentedExports (entries: readonly string[], root: string): ApiDocReport {
  const program = ts.createProgram([...entries], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    strict: true,
    esModuleInterop: true,
    experimentalDecorators: true,
    skipLibCheck: true,
    noEmit: true
  })
  const checker = program.getTypeChecker()
  const seen = new Set<ts.Declaration>()
  const undocumented: Undocumented[] = []
  const inRoot = (d: ts.Node): boolean => {
    const relative = path.relative(root, d.getSourceFile().fileName)
    return !relative.startsWith('..') && !relative.split(path.sep).includes('node_modules')
  }
  const check = (decl: ts.Declaration, name: string): void => {
    if (seen.has(decl)) return
    seen.add(decl)
    if (!hasDoc(decl)) undocumented.push({ file: path.relative(root, decl.getSourceFile().fileName), name })
  }
  const visitModule = (moduleSymbol: ts.Symbol): void => {
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = (exported.flags & ts.SymbolFlags.Alias) !== 0 ? checker.getAliasedSymbol(exported) : exported
      const decl = symbol.declarations?.[0]
      if (decl === undefined || !inRoot(decl)) continue
      if (ts.isSourceFile(decl)) { if (!seen.has(decl)) { seen.add(decl); visitModule(symbol) } continue }
      check(decl, symbol.name)
      if (!ts.isClassDeclaration(decl)) continue
      for (const member of decl.members) {
        if (member.name === undefined || ts.isPrivateIdentifier(member.name)) continue
        if ((ts.getCombinedModifierFlags(member) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) !== 0) continue
        check(member, `${symbol.name}.${member.name.getText()}`)
      }
    }
  }
  for (const entry of entries) {
    const source = program.getSourceFile(entry)
    const moduleSymbol = source !== undefined ? checker.getSymbolAtLocation(source) : undefined
    if (moduleSymbol === undefined) throw new Error(`${entry} is not a module the compiler could read`)
    visitModule(moduleSymbol)
  }
  return { checked: seen.size, undocumented }
}
