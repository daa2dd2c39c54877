import type { Op } from '../../ir/ir'
import { matchAt, Rule } from './pattern'
import { RULES } from './rules'

/** The most operations a pattern spans (a pick or roll takes two). */
const LONGEST_MATCH = 4

/** A rule matching exactly the last operations of `out`: its rewrite and how many operations it replaces. */
function suffixRewrite (out: Op[], rules: Rule[]): { replace: Op[]; length: number } | null {
  for (let start = Math.max(0, out.length - LONGEST_MATCH); start < out.length; start++) {
    for (const rule of rules) {
      const m = matchAt(out, start, rule.pattern)
      if (!m || start + m.length !== out.length || (rule.when && !rule.when(m.bindings))) continue
      return { replace: rule.replace(m.bindings), length: m.length }
    }
  }
  return null
}

/**
 * Rewrites the code with the rules until none applies any more (a fixed point). Each pass reads
 * the code once, keeping what it has written on a stack: after every operation, rules that match
 * the top of that stack rewrite it, again and again, since a rewrite can complete a new match
 * with what came before. Linear in the code's length per pass.
 */
export function peephole (code: Op[], rules: Rule[] = RULES): Op[] {
  let current = code
  for (let changed = true; changed;) {
    changed = false
    const out: Op[] = []
    for (const op of current) {
      out.push(op)
      for (let r = suffixRewrite(out, rules); r; r = suffixRewrite(out, rules)) {
        out.length -= r.length
        for (const x of r.replace) out.push(x)
        changed = true
      }
    }
    current = out
  }
  return current
}
