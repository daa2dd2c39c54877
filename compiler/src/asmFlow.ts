import { CompileError } from './diagnostics/CompileError'
import { Token, tokenize } from './syntax/lexer'

/**
 * scrypt-cli's `--asm` flow: the bodies of the named functions are replaced by inline asm
 * (`.asm/asm.json`: `{ "Contract": { "function": "op_dup op_hash160 $x ..." } }`), in the
 * transpiled sCrypt source, before it is compiled. Answers the new source and, per contract of
 * the map found in it, the functions replaced; a function named but not found is an error.
 */
export function applyAsm (source: string, asm: Record<string, Record<string, string>>): { source: string; replaced: Record<string, string[]> } {
  const tokens = tokenize(source)
  const edits: { start: number; end: number; text: string }[] = []
  const replaced: Record<string, string[]> = {}
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]
    if (t.kind !== 'ident' || (t.text !== 'contract' && t.text !== 'library') || !asm[tokens[i + 1]?.text]) continue
    const name = tokens[i + 1].text
    const bodies = asm[name]
    const open = tokens.findIndex((x, k) => k > i && x.text === '{' && x.kind === 'punct')
    const close = matching(tokens, open)
    replaced[name] = []
    for (let k = open + 1; k < close; k++) {
      if (tokens[k].text !== 'function' || tokens[k].kind !== 'ident' || bodies[tokens[k + 1]?.text] === undefined) continue
      const fn = tokens[k + 1].text
      // the body is the first brace block after the parameter list (and return type)
      let b = k + 2
      while (b < close && !(tokens[b].text === '{' && tokens[b].kind === 'punct')) b++
      const end = matching(tokens, b)
      edits.push({ start: tokens[b].end, end: tokens[end].start, text: ` asm { ${bodies[fn]} } ` })
      replaced[name].push(fn)
      k = end
    }
    for (const fn of Object.keys(bodies)) {
      if (!replaced[name].includes(fn)) throw new CompileError('undefined', `asm for '${name}.${fn}': '${name}' has no function '${fn}'`, t)
    }
    i = close
  }
  let out = source
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end)
  return { source: out, replaced }
}

/** The index of the brace closing the one at `open`. */
function matching (tokens: Token[], open: number): number {
  let depth = 0
  for (let k = open; k < tokens.length; k++) {
    if (tokens[k].kind !== 'punct') continue
    if (tokens[k].text === '{') depth++
    else if (tokens[k].text === '}' && --depth === 0) return k
  }
  throw new CompileError('syntax', 'unbalanced braces', tokens[open])
}
