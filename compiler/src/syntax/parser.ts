import { ContractDecl, Expr, FunctionDecl, Loc, Param, Program, PropertyDecl, StaticDecl, Stmt, StructDecl, TypeNode, AliasDecl } from './ast'
import { CompileError } from '../diagnostics/CompileError'
import { Token, tokenize } from './lexer'

const BINARY_PRECEDENCE: Record<string, number> = {
  '||': 1,
  '&&': 2,
  '|': 3,
  '^': 4,
  '&': 5,
  '==': 6,
  '!=': 6,
  '<': 7,
  '<=': 7,
  '>': 7,
  '>=': 7,
  '<<': 8,
  '>>': 8,
  '+': 9,
  '-': 9,
  '*': 10,
  '/': 10,
  '%': 10,
}
const ASSIGN_OPS = ['=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<=', '>>=']

/** Recursive-descent parser for sCrypt source. */
export class Parser {
  private readonly tokens: Token[]
  private pos = 0

  constructor (source: string, private readonly file = 'stdin') {
    try {
      this.tokens = tokenize(source)
    } catch (e) {
      if (e instanceof CompileError) throw new CompileError(e.kind, e.message, { ...e.loc, file })
      throw e
    }
  }

  /** Parses one file; `file` names it in locations (`stdin` for the main source). */
  static parse (source: string, file = 'stdin'): Program {
    return new Parser(source, file).program()
  }

  private get tok (): Token { return this.tokens[this.pos] }
  private peek (n = 1): Token { return this.tokens[Math.min(this.pos + n, this.tokens.length - 1)] }
  private is (text: string): boolean { return (this.tok.kind === 'punct' || this.tok.kind === 'ident' || this.tok.kind === 'int' || this.tok.kind === 'eof') && this.tok.text === text }
  private locOf (t: Token): Loc { return { line: t.line, column: t.column, endLine: t.endLine, endColumn: t.endColumn, file: this.file } }
  private span (start: Token): Loc {
    const end = this.tokens[Math.max(this.pos - 1, 0)]
    return { line: start.line, column: start.column, endLine: end.endLine, endColumn: end.endColumn, file: this.file }
  }

  private fail (message: string, t: Token = this.tok): never { throw new CompileError('syntax', message, this.locOf(t)) }
  private accept (text: string): boolean {
    if (this.is(text)) { this.pos++; return true }
    return false
  }

  private expect (text: string): Token {
    if (!this.is(text)) this.fail(`expecting '${text}' but found '${this.tok.text}'`)
    return this.tokens[this.pos++]
  }

  private ident (): string {
    if (this.tok.kind !== 'ident') this.fail(`expecting an identifier but found '${this.tok.text}'`)
    return this.tokens[this.pos++].text
  }

  program (): Program {
    const prog: Program = { structs: [], contracts: [], aliases: [], imports: [] }
    while (this.tok.kind !== 'eof') {
      if (this.is('import')) {
        const start = this.tokens[this.pos++]
        if (this.tok.kind !== 'string') this.fail('expecting the imported file\'s path in double quotes')
        const path = this.tokens[this.pos++].text
        this.expect(';')
        prog.imports.push({ path, loc: this.span(start) })
      } else if (this.is('struct')) prog.structs.push(this.struct())
      else if (this.is('type')) prog.aliases.push(this.alias())
      else if (this.is('contract') || this.is('library') || this.is('abstract')) prog.contracts.push(this.contract())
      else this.fail(`unexpected '${this.tok.text}' at top level`)
    }
    return prog
  }

  private alias (): AliasDecl {
    const start = this.expect('type')
    const name = this.ident()
    this.expect('=')
    const type = this.type()
    this.expect(';')
    return { name, type, loc: this.span(start) }
  }

  private struct (): StructDecl {
    const start = this.expect('struct')
    const name = this.ident()
    const typeParams = this.typeParams()
    this.expect('{')
    const fields: Param[] = []
    while (!this.accept('}')) {
      const t = this.tok
      const type = this.type()
      const fname = this.ident()
      this.expect(';')
      fields.push({ name: fname, type, loc: this.span(t) })
    }
    return { name, typeParams, fields, loc: this.span(start) }
  }

  /** `<K, V>` after a generic library's or struct's name. */
  private typeParams (): string[] {
    const params: string[] = []
    if (!this.accept('<')) return params
    do params.push(this.ident()); while (this.accept(','))
    this.expect('>')
    return params
  }

  private contract (): ContractDecl {
    const start = this.tok
    if (this.accept('abstract')) this.fail('abstract contracts are not supported', start)
    const kind = this.accept('library') ? 'Library' : (this.expect('contract'), 'Contract')
    const name = this.ident()
    const typeParams = this.typeParams()
    if (this.is('is')) this.fail('sCrypt has no contract inheritance (scrypt-ts flattens a base class into the contract that extends it)')
    const decl: ContractDecl = { kind, name, typeParams, properties: [], statics: [], constructor: null, functions: [], loc: this.locOf(start) }
    this.expect('{')
    while (!this.accept('}')) this.member(decl)
    decl.loc = this.span(start)
    return decl
  }

  private member (decl: ContractDecl): void {
    const start = this.tok
    let state = false
    if (this.accept('@')) {
      const ann = this.ident()
      if (ann !== 'state') this.fail(`unknown annotation @${ann}`, start)
      state = true
    }
    if (this.is('constructor')) {
      this.pos++
      const params = this.params()
      const body = this.blockBody()
      decl.constructor = { name: 'constructor', visibility: 'Public', isStatic: false, params, returnType: null, body, loc: this.span(start) }
      return
    }
    let visibility: FunctionDecl['visibility'] = 'Default'
    if (this.accept('public')) visibility = 'Public'
    else if (this.accept('private')) visibility = 'Private'
    const isStatic = this.accept('static')
    const isConst = this.accept('const')
    if (this.accept('function')) {
      const name = this.ident()
      const params = this.params()
      let returnType: TypeNode | null = null
      if (this.accept(':')) returnType = this.type()
      const body = this.blockBody()
      decl.functions.push({ name, visibility, isStatic, params, returnType, body, loc: this.span(start) })
      return
    }
    // `static auto x = 2;`: the type is the constant's (Declarations infers it)
    const type: TypeNode = isStatic && this.is('auto') ? { kind: 'named', name: 'auto', loc: this.locOf(this.tok) } : this.type()
    if (type.kind === 'named' && type.name === 'auto') this.pos++
    const name = this.ident()
    if (isStatic) {
      this.expect('=')
      const value = this.expr()
      this.expect(';')
      decl.statics.push({ name, type, value, isConst, loc: this.span(start) } as StaticDecl)
      return
    }
    this.expect(';')
    decl.properties.push({ name, type, state, isConst, loc: this.span(start) } as PropertyDecl)
  }

  private params (): Param[] {
    this.expect('(')
    const params: Param[] = []
    if (!this.accept(')')) {
      do {
        const t = this.tok
        // `static const int N`: the argument must be a compile-time constant
        const isStatic = this.accept('static')
        if (isStatic) this.expect('const')
        const isConst = isStatic || this.accept('const')
        const type = this.type()
        const name = this.ident()
        params.push({ name, type, ...(isStatic ? { isStatic } : {}), ...(isConst ? { isConst } : {}), loc: this.span(t) })
      } while (this.accept(','))
      this.expect(')')
    }
    return params
  }

  type (): TypeNode {
    const start = this.tok
    const name = this.ident()
    const typeArgs = this.typeArgs()
    const sizes: Expr[] = []
    while (this.is('[')) {
      this.pos++
      sizes.push(this.expr())
      this.expect(']')
    }
    const loc = this.span(start)
    let t: TypeNode = { kind: 'named', name, ...(typeArgs ? { typeArgs } : {}), loc }
    for (let k = sizes.length - 1; k >= 0; k--) t = { kind: 'array', elem: t, size: sizes[k], loc }
    return t
  }

  /** `<int, bytes>` after a generic type's name (undefined when there is none). */
  private typeArgs (): TypeNode[] | undefined {
    if (!this.is('<')) return undefined
    this.pos++
    const args: TypeNode[] = []
    do args.push(this.type()); while (this.accept(','))
    // `>>` closes two argument lists (`A<B<int>>`)
    if (this.is('>>')) {
      const t = this.tok
      this.tokens.splice(this.pos, 1, { ...t, text: '>', endColumn: t.column + 1 }, { ...t, text: '>', column: t.column + 1 })
    }
    this.expect('>')
    return args
  }

  private blockBody (): Stmt[] {
    this.expect('{')
    const body: Stmt[] = []
    while (!this.accept('}')) body.push(this.stmt())
    return body
  }

  private stmtAsBlock (): Stmt[] {
    if (this.is('{')) return this.blockBody()
    return [this.stmt()]
  }

  /** Whether a variable declaration starts here: `Type name`, `Type[..] name` or `const`/`auto`. */
  private looksLikeDeclaration (): boolean {
    if (this.tok.kind !== 'ident') return false
    if (this.peek().kind === 'ident') return true
    if (this.peek().text !== '[' && this.peek().text !== '<') return false
    const save = this.pos
    try {
      this.type()
      return this.tok.kind === 'ident'
    } catch {
      return false
    } finally {
      this.pos = save
    }
  }

  stmt (): Stmt {
    const start = this.tok
    if (this.tok.kind === 'separator') { this.pos++; return { kind: 'codeSeparator', loc: this.span(start) } }
    if (this.tok.kind === 'asm') { this.pos++; return { kind: 'asm', text: start.text, loc: this.span(start) } }
    if (this.is('{')) return { kind: 'block', body: this.blockBody(), loc: this.span(start) }
    if (this.accept('require')) {
      this.expect('(')
      const cond = this.expr()
      this.expect(')')
      this.expect(';')
      return { kind: 'require', cond, loc: this.span(start) }
    }
    if (this.accept('if')) {
      this.expect('(')
      const cond = this.expr()
      this.expect(')')
      const then = this.stmtAsBlock()
      const els = this.accept('else') ? this.stmtAsBlock() : null
      return { kind: 'if', cond, then, else: els, loc: this.span(start) }
    }
    if (this.accept('loop')) {
      this.expect('(')
      const count = this.expr()
      this.expect(')')
      let index: string | null = null
      if (this.accept(':')) index = this.ident()
      const body = this.stmtAsBlock()
      return { kind: 'loop', count, index, body, loc: this.span(start) }
    }
    if (this.accept('return')) {
      const value = this.is(';') ? null : this.expr()
      this.expect(';')
      return { kind: 'return', value, loc: this.span(start) }
    }
    const isConst = this.accept('const')
    if (isConst || this.looksLikeDeclaration()) {
      const type = this.is('auto') ? (this.pos++, null) : this.type()
      const name = this.ident()
      this.expect('=')
      const init = this.expr()
      this.expect(';')
      return { kind: 'var', type, name, init, isConst, loc: this.span(start) }
    }
    const e = this.expr()
    if (ASSIGN_OPS.includes(this.tok.text) && this.tok.kind === 'punct') {
      const op = this.tokens[this.pos++].text
      const value = this.expr()
      this.expect(';')
      return { kind: 'assign', target: e, op, value, loc: this.span(start) }
    }
    this.expect(';')
    return { kind: 'expr', expr: e, loc: this.span(start) }
  }

  expr (): Expr {
    const start = this.tok
    const cond = this.binary(1)
    if (this.accept('?')) {
      const then = this.expr()
      this.expect(':')
      const els = this.expr()
      return { kind: 'ternary', cond, then, else: els, loc: this.span(start) }
    }
    return cond
  }

  private binary (minPrec: number): Expr {
    const start = this.tok
    let left = this.unary()
    for (;;) {
      const op = this.tok.text
      const prec = this.tok.kind === 'punct' ? BINARY_PRECEDENCE[op] : undefined
      if (prec === undefined || prec < minPrec) return left
      this.pos++
      const right = this.binary(prec + 1)
      left = { kind: 'binary', op, left, right, loc: this.span(start) }
    }
  }

  private unary (): Expr {
    const start = this.tok
    if (this.tok.kind === 'punct' && ['-', '!', '~', '+'].includes(this.tok.text)) {
      const op = this.tokens[this.pos++].text
      const operand = this.unary()
      if (op === '+') return operand
      return { kind: 'unary', op, operand, loc: this.span(start) }
    }
    if (this.is('++') || this.is('--')) {
      const op = this.tokens[this.pos++].text as '++' | '--'
      const target = this.unary()
      return { kind: 'incdec', op, prefix: true, target, loc: this.span(start) }
    }
    return this.postfix()
  }

  private postfix (): Expr {
    const start = this.tok
    let e = this.primary()
    for (;;) {
      if (this.accept('.')) {
        e = { kind: 'member', object: e, name: this.ident(), loc: this.span(start) }
      } else if (this.is('(')) {
        e = { kind: 'call', callee: e, args: this.args(), loc: this.span(start) }
      } else if (this.accept('[')) {
        let first: Expr | undefined
        if (!this.is(':')) first = this.expr()
        if (this.accept(':')) {
          const end = this.is(']') ? undefined : this.expr()
          this.expect(']')
          e = { kind: 'slice', object: e, start: first, end, loc: this.span(start) }
        } else {
          this.expect(']')
          e = { kind: 'index', object: e, index: first as Expr, loc: this.span(start) }
        }
      } else if (this.is('++') || this.is('--')) {
        const op = this.tokens[this.pos++].text as '++' | '--'
        e = { kind: 'incdec', op, prefix: false, target: e, loc: this.span(start) }
      } else {
        return e
      }
    }
  }

  private args (): Expr[] {
    this.expect('(')
    return this.exprList(')')
  }

  /** Comma-separated expressions up to the closing token (already past the opening one). */
  private exprList (close: string): Expr[] {
    const items: Expr[] = []
    if (!this.accept(close)) {
      do items.push(this.expr()); while (this.accept(','))
      this.expect(close)
    }
    return items
  }

  /**
   * `Lib<int, bool>` followed by `.`: a generic library named with its type arguments (for its
   * static functions). Looked for without consuming: anything else (`a < b`) is an operator.
   */
  private genericName (): Expr | undefined {
    let depth = 0
    let k = 1
    for (;; k++) {
      const t = this.peek(k)
      if (t.kind === 'eof') return undefined
      if (t.kind === 'punct') {
        if (t.text === '<') depth++
        else if (t.text === '>') depth--
        else if (t.text === '>>') depth -= 2
        else if (![',', '[', ']', '.'].includes(t.text)) return undefined
        if (depth < 0) return undefined
        if (depth === 0) break
      } else if (t.kind !== 'ident' && t.kind !== 'int') return undefined
    }
    const next = this.peek(k + 1)
    if (next.kind !== 'punct' || next.text !== '.') return undefined
    const start = this.tok
    this.pos++
    const typeArgs = this.typeArgs()!
    return { kind: 'ident', name: start.text, typeArgs, loc: this.span(start) }
  }

  private primary (): Expr {
    const t = this.tok
    const loc = this.locOf(t)
    if (t.kind === 'int') { this.pos++; return { kind: 'int', value: BigInt(t.text), loc } }
    if (t.kind === 'bytes') { this.pos++; return { kind: 'bytes', value: t.text, loc } }
    if (t.kind === 'string') {
      // a string literal is the UTF-8 bytes of its text
      this.pos++
      let text: string
      try { text = JSON.parse(`"${t.text}"`) } catch { this.fail('invalid escape in string literal', t) }
      return { kind: 'bytes', value: Buffer.from(text, 'utf8').toString('hex'), loc }
    }
    if (this.accept('true')) return { kind: 'bool', value: true, loc }
    if (this.accept('false')) return { kind: 'bool', value: false, loc }
    if (this.accept('this')) return { kind: 'this', loc }
    if (this.accept('new')) {
      const name = this.ident()
      const typeArgs = this.typeArgs()
      return { kind: 'new', name, ...(typeArgs ? { typeArgs } : {}), args: this.args(), loc: this.span(t) }
    }
    if (this.accept('(')) {
      const e = this.expr()
      this.expect(')')
      return e
    }
    if (this.accept('{')) {
      const fields = this.exprList('}')
      return { kind: 'structLit', fields, loc: this.span(t) }
    }
    if (this.accept('[')) {
      const items = this.exprList(']')
      return { kind: 'arrayLit', items, loc: this.span(t) }
    }
    if (t.kind === 'ident') {
      const generic = this.peek().kind === 'punct' && this.peek().text === '<' ? this.genericName() : undefined
      if (generic) return generic
      this.pos++
      return { kind: 'ident', name: t.text, loc }
    }
    this.fail(`unexpected '${t.text}'`)
  }
}
