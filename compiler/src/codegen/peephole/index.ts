import type { Op } from '../../ir/ir'
import { matchAt, Rule } from './pattern'
import { RULES } from './rules'

/** Applies the first rule that matches at position i; answers the rewritten code or null. */
function rewriteAt (code: Op[], i: number, rules: Rule[]): Op[] | null {
  for (const rule of rules) {
    const m = matchAt(code, i, rule.pattern)
    if (!m || (rule.when && !rule.when(m.bindings))) continue
    return [...code.slice(0, i), ...rule.replace(m.bindings), ...code.slice(i + m.length)]
  }
  return null
}

/**
 * Rewrites the code with the rules until none applies any more (a fixed point): each pass runs
 * left to right, trying every rule at every position; a rewrite is looked at again from a few
 * operations before it, where it may have made a new match.
 */
export function peephole (code: Op[], rules: Rule[] = RULES): Op[] {
  let out = code
  for (let changed = true; changed;) {
    changed = false
    for (let i = 0; i < out.length; i++) {
      const r = rewriteAt(out, i, rules)
      if (!r) continue
      out = r
      changed = true
      // the longest pattern spans four operations: look again from three before the rewrite
      i = Math.max(-1, i - 4)
    }
  }
  return out
}
