import { IR, IRContract, IRStmt } from './ir'
import { forEachNode, mapExprs, ownDefs, rewrite, walk } from './walk'

/**
 * A constructor value read exactly once in the whole script (and never assigned) is pushed
 * where it is read instead of first and then picked or rolled: P2PKH becomes the standard
 * `OP_DUP OP_HASH160 <addr> OP_EQUALVERIFY OP_CHECKSIG`. scryptlib replaces only the first
 * occurrence of a placeholder, so a value read several times is still pushed once, first.
 * The contract's code is rewritten in place; the answer carries the marked placeholders.
 */
export function inlinePlaceholders (c: IRContract): IRContract {
  const ids = new Map(c.placeholders.map((p) => [p.id, p.name]))
  const reads = new Map<number, number>()
  const assigned = new Set<number>()
  const count = (e: IR) => forEachNode(e, (n) => { if (n.k === 'var' && ids.has(n.id)) reads.set(n.id, (reads.get(n.id) ?? 0) + 1) })
  const all = (f: (e: IR) => IR) => {
    if (c.prologue) mapExprs(c.prologue.body, f)
    for (const m of c.methods) { mapExprs(m.body, f); m.result = f(m.result) }
  }
  const defined = (stmts: IRStmt[]) => walk(stmts, { stmt: (s) => { if (s.k !== 'let') ownDefs(s).forEach((id) => assigned.add(id)) } })
  if (c.prologue) defined(c.prologue.body)
  for (const m of c.methods) defined(m.body)
  all((e) => { count(e); return e })
  // prologue outputs are read after it, in ways the bodies do not show
  const outputs = new Set(c.prologue?.outputs ?? [])
  const inline = new Set([...ids.keys()].filter((id) => reads.get(id) === 1 && !assigned.has(id) && !outputs.has(id)))
  // a value nothing reads is still in the template, pushed and dropped at once
  const unused = new Set([...ids.keys()].filter((id) => !reads.has(id) && !assigned.has(id) && !outputs.has(id)))
  const marked = c.placeholders.map((p) => (inline.has(p.id) ? { ...p, inline: true } : unused.has(p.id) ? { ...p, unused: true } : p))
  if (inline.size === 0) return { ...c, placeholders: marked }
  const replace = (e: IR): IR => rewrite(e, (n) => (n.k === 'var' && inline.has(n.id) ? { k: 'ops', args: [], code: [{ placeholder: ids.get(n.id)! }] } : n))
  all(replace)
  return { ...c, placeholders: marked }
}
