import { IR, IRContract, IRStmt } from './ir'

/**
 * A constructor value read exactly once in the whole script (and never assigned) is pushed
 * where it is read instead of first and then picked or rolled: P2PKH becomes the standard
 * `OP_DUP OP_HASH160 <addr> OP_EQUALVERIFY OP_CHECKSIG`. scryptlib replaces only the first
 * occurrence of a placeholder, so a value read several times is still pushed once, first.
 */
export function inlinePlaceholders (c: IRContract): IRContract {
  const ids = new Map(c.placeholders.map((p) => [p.id, p.name]))
  const reads = new Map<number, number>()
  const assigned = new Set<number>()
  const count = (e: IR) => {
    if (e.k === 'var') { if (ids.has(e.id)) reads.set(e.id, (reads.get(e.id) ?? 0) + 1) } else if (e.k === 'ops') e.args.forEach(count)
  }
  const walk = (stmts: IRStmt[], f: (e: IR) => IR) => {
    for (const s of stmts) {
      switch (s.k) {
        case 'let': s.e = f(s.e); break
        case 'set': assigned.add(s.id); s.e = f(s.e); break
        case 'verify': s.e = f(s.e); break
        case 'letn': s.ids.forEach((id) => assigned.add(id)); s.args = s.args.map(f); break
        case 'if':
          (s.outs ?? []).forEach((id) => assigned.add(id))
          s.c = f(s.c)
          walk(s.then, f); walk(s.else, f)
          if (s.thenVals) s.thenVals = s.thenVals.map(f)
          if (s.elseVals) s.elseVals = s.elseVals.map(f)
          break
      }
    }
  }
  const all = (f: (e: IR) => IR) => {
    if (c.prologue) walk(c.prologue.body, f)
    for (const m of c.methods) { walk(m.body, f); m.result = f(m.result) }
  }
  all((e) => { count(e); return e })
  // prologue outputs are read after it, in ways the bodies do not show
  const outputs = new Set(c.prologue?.outputs ?? [])
  const inline = new Set([...ids.keys()].filter((id) => reads.get(id) === 1 && !assigned.has(id) && !outputs.has(id)))
  // a value nothing reads is still in the template, pushed and dropped at once
  const unused = new Set([...ids.keys()].filter((id) => !reads.has(id) && !assigned.has(id) && !outputs.has(id)))
  const marked = c.placeholders.map((p) => (inline.has(p.id) ? { ...p, inline: true } : unused.has(p.id) ? { ...p, unused: true } : p))
  if (inline.size === 0) return { ...c, placeholders: marked }
  const replace = (e: IR): IR => {
    if (e.k === 'var' && inline.has(e.id)) return { k: 'ops', args: [], code: [{ placeholder: ids.get(e.id)! }] }
    if (e.k === 'ops') return { k: 'ops', args: e.args.map(replace), code: e.code }
    return e
  }
  all(replace)
  return { ...c, placeholders: marked }
}
