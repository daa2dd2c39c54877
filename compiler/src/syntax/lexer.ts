import { CompileError } from '../diagnostics/CompileError'

export type TokenKind = 'ident' | 'int' | 'bytes' | 'string' | 'punct' | 'asm' | 'separator' | 'eof'

/** A token; start and end are offsets in the source text. */
export interface Token { kind: TokenKind; text: string; line: number; column: number; endLine: number; endColumn: number; start: number; end: number }

const PUNCTUATION = [
  '>>=', '<<=', '&&', '||', '==', '!=', '<=', '>=', '<<', '>>', '++', '--', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=',
  '{', '}', '(', ')', '[', ']', ';', ',', '.', ':', '?', '=', '+', '-', '*', '/', '%', '<', '>', '!', '~', '&', '|', '^', '@',
]

/** Splits sCrypt source text into tokens with 1-based line/column positions. */
export function tokenize (source: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  let line = 1
  let col = 1
  const advance = (n: number) => {
    for (let k = 0; k < n; k++) {
      if (source[i] === '\n') { line++; col = 1 } else col++
      i++
    }
  }
  while (i < source.length) {
    const c = source[i]
    if (/\s/.test(c)) { advance(1); continue }
    if (source.startsWith('//', i)) { while (i < source.length && source[i] !== '\n') advance(1); continue }
    if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2)
      if (end < 0) throw new CompileError('syntax', 'unterminated comment', { line, column: col, endLine: line, endColumn: col })
      advance(end + 2 - i)
      continue
    }
    const startLine = line
    const startCol = col
    const startOffset = i
    const push = (kind: TokenKind, text: string, length: number) => {
      advance(length)
      tokens.push({ kind, text, line: startLine, column: startCol, endLine: line, endColumn: col, start: startOffset, end: i })
    }
    let m: RegExpMatchArray | null
    const rest = source.slice(i, i + 2000)
    if ((m = /^asm\s*\{/.exec(rest))) {
      // an inline assembly block: its text up to the matching closing brace is one token
      // (its loops, `loop (n) { ... }`, have braces of their own)
      let end = -1
      for (let k = i + m[0].length, depth = 1; k < source.length; k++) {
        if (source[k] === '{') depth++
        else if (source[k] === '}' && --depth === 0) { end = k; break }
      }
      if (end < 0) throw new CompileError('syntax', 'unterminated asm block', { line, column: col, endLine: line, endColumn: col + 3 })
      push('asm', source.slice(i + m[0].length, end), end + 1 - i)
    } else if ((m = /^\*{3,}/.exec(rest)) && (tokens.length === 0 || ['{', '}', ';'].includes(tokens[tokens.length - 1].text))) {
      // three or more stars as a statement: a code separator
      push('separator', m[0], m[0].length)
    } else if ((m = /^b'([0-9a-fA-F]*)'/.exec(rest))) {
      if (m[1].length % 2 !== 0) throw new CompileError('syntax', `odd number of hex digits in ${m[0]}`, { line, column: col, endLine: line, endColumn: col + m[0].length })
      push('bytes', m[1].toLowerCase(), m[0].length)
    } else if ((m = /^"((?:[^"\\]|\\.)*)"/.exec(rest))) {
      push('string', m[1], m[0].length)
    } else if ((m = /^(0x[0-9a-fA-F]+|[0-9]+)n?/.exec(rest))) {
      push('int', m[1], m[0].length)
    } else if ((m = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(rest))) {
      push('ident', m[0], m[0].length)
    } else {
      const p = PUNCTUATION.find((q) => source.startsWith(q, i))
      if (!p) throw new CompileError('syntax', `unexpected character '${c}'`, { line, column: col, endLine: line, endColumn: col + 1 })
      push('punct', p, p.length)
    }
  }
  tokens.push({ kind: 'eof', text: '<end of file>', line, column: col, endLine: line, endColumn: col, start: i, end: i })
  return tokens
}
