import { IR, IRStmt, readsOf } from './ir'
import { Liveness } from '../codegen/liveness'
import { sameIR } from '../lower/fold'

// Clean-ups on lowered code before stack scheduling:
// - a definition whose value is never read (and whose computation cannot fail) is removed;
// - a value defined once and read once, later in the same block, is computed where it is read
//   instead of being kept on the stack in between.

const FAILING = new Set(['OP_SPLIT', 'OP_NUM2BIN', 'OP_DIV', 'OP_MOD', 'OP_CHECKSIG', 'OP_CHECKMULTISIG', 'OP_VERIFY',
  'OP_EQUALVERIFY', 'OP_NUMEQUALVERIFY', 'OP_CHECKSIGVERIFY', 'OP_CHECKMULTISIGVERIFY', 'OP_AND', 'OP_OR', 'OP_XOR', 'OP_BIN2NUM', 'OP_RETURN'])

export function mayFail (e: IR): boolean {
  if (e.k !== 'ops') return false
  return e.code.some((op) => typeof op === 'string' && FAILING.has(op)) || e.args.some(mayFail)
}

/** Optimizes a function body; `keep` are variables used after it (a prologue's outputs). */
export function optimizeMethod<M extends { body: IRStmt[]; result: IR; stateScript?: number }> (m: M, keep: Set<number> = new Set(), newId?: () => number): M {
  const body = m.body
  let result = m.result
  // the state script's statement stays where it is (functions may share it)
  const pinned = new Set<number>(m.stateScript !== undefined ? [m.stateScript] : [])
  if (newId) result = hoistConstants(body, result, newId, pinned)
  result = commonValues(body, result, new Set([...keep, ...pinned]))
  if (newId) pairSplits(body, newId)
  for (let round = 0; round < 6; round++) {
    const live = new Liveness()
    const resultLive = new Set<number>(keep)
    live.reads(result, resultLive)
    live.block(body, resultLive)
    const removed = removeDead(body, live, pinned)
    const counts = countUses(body, result)
    for (const id of [...keep, ...pinned]) counts.reads.set(id, Infinity)
    const holder = { result, pinned }
    const sunk = sinkBlock(body, counts, holder, true)
    result = holder.result
    if (!removed && !sunk) break
  }
  return { ...m, body, result }
}

function removeDead (stmts: IRStmt[], live: Liveness, pinned: Set<number>): boolean {
  let changed = false
  for (let i = stmts.length - 1; i >= 0; i--) {
    const s = stmts[i]
    if ((s.k === 'let' || s.k === 'set') && !pinned.has(s.id) && !live.liveAfter.get(s)!.has(s.id) && !mayFail(s.e)) {
      stmts.splice(i, 1)
      changed = true
    } else if (s.k === 'if') {
      if (removeDead(s.then, live, pinned)) changed = true
      if (removeDead(s.else, live, pinned)) changed = true
    }
  }
  return changed
}

interface Counts { reads: Map<number, number>; defs: Map<number, number> }

function countUses (body: IRStmt[], result: IR): Counts {
  const c: Counts = { reads: new Map(), defs: new Map() }
  const read = (e: IR) => { for (const id of readsOf(e)) c.reads.set(id, (c.reads.get(id) ?? 0) + 1) }
  const def = (id: number) => c.defs.set(id, (c.defs.get(id) ?? 0) + 1)
  const walk = (stmts: IRStmt[]) => {
    for (const s of stmts) {
      switch (s.k) {
        case 'let': case 'set': def(s.id); read(s.e); break
        case 'letn': s.ids.forEach(def); s.args.forEach(read); break
        case 'verify': read(s.e); break
        case 'if':
          read(s.c);
          (s.outs ?? []).forEach(def)
          walk(s.then); walk(s.else);
          (s.thenVals ?? []).forEach(read); (s.elseVals ?? []).forEach(read)
          break
      }
    }
  }
  walk(body)
  read(result)
  return c
}

/** Variables a statement defines, anywhere inside it. */
function defsIn (s: IRStmt, out: Set<number>): Set<number> {
  switch (s.k) {
    case 'let': case 'set': out.add(s.id); break
    case 'letn': s.ids.forEach((id) => out.add(id)); break
    case 'if': (s.outs ?? []).forEach((id) => out.add(id)); s.then.forEach((x) => defsIn(x, out)); s.else.forEach((x) => defsIn(x, out)); break
    default: break
  }
  return out
}

function mentions (s: IRStmt, id: number): boolean {
  const inExpr = (e: IR) => readsOf(e).includes(id)
  switch (s.k) {
    case 'let': case 'set': return s.id === id || inExpr(s.e)
    case 'letn': return s.ids.includes(id) || s.args.some(inExpr)
    case 'verify': return inExpr(s.e)
    case 'if': return inExpr(s.c) || (s.outs ?? []).includes(id) || s.then.some((x) => mentions(x, id)) || s.else.some((x) => mentions(x, id)) ||
      (s.thenVals ?? []).some(inExpr) || (s.elseVals ?? []).some(inExpr)
  }
}

/** Replaces the read of id in e by value; returns the new tree or null when not found. */
function substitute (e: IR, id: number, value: IR): IR | null {
  if (e.k === 'var') return e.id === id ? value : null
  if (e.k !== 'ops') return null
  for (let i = 0; i < e.args.length; i++) {
    const r = substitute(e.args[i], id, value)
    if (r) {
      const args = [...e.args]
      args[i] = r
      return { k: 'ops', args, code: e.code }
    }
  }
  return null
}

/** Puts value in place of the read of id in a statement's own (unconditional) expressions. */
function substituteTop (s: IRStmt, id: number, value: IR): boolean {
  switch (s.k) {
    case 'let': case 'set': { const r = substitute(s.e, id, value); if (r) { s.e = r; return true } return false }
    case 'verify': { const r = substitute(s.e, id, value); if (r) { s.e = r; return true } return false }
    case 'letn':
      for (let i = 0; i < s.args.length; i++) { const r = substitute(s.args[i], id, value); if (r) { s.args[i] = r; return true } }
      return false
    case 'if': { const r = substitute(s.c, id, value); if (r) { s.c = r; return true } return false }
  }
}

function sinkBlock (stmts: IRStmt[], counts: Counts, holder: { result: IR; pinned: Set<number> }, isMethodBody: boolean): boolean {
  let changed = false
  for (const s of stmts) if (s.k === 'if') { if (sinkBlock(s.then, counts, holder, false)) changed = true; if (sinkBlock(s.else, counts, holder, false)) changed = true }
  for (let i = 0; i < stmts.length; i++) {
    const s = stmts[i]
    if (s.k !== 'let' && s.k !== 'set') continue
    if (counts.defs.get(s.id) !== 1 || counts.reads.get(s.id) !== 1) continue
    const needs = new Set(readsOf(s.e))
    const between = new Set<number>()
    let j = i + 1
    while (j < stmts.length && !mentions(stmts[j], s.id)) { defsIn(stmts[j], between); j++ }
    if ([...needs].some((v) => between.has(v))) continue
    if (j < stmts.length) {
      const target = stmts[j]
      if (target.k === 'let' && holder.pinned.has(target.id)) continue
      if (!substituteTop(target, s.id, s.e)) continue
    } else if (isMethodBody) {
      const r = substitute(holder.result, s.id, s.e)
      if (!r) continue
      holder.result = r
    } else {
      continue
    }
    stmts.splice(i, 1)
    i--
    changed = true
  }
  return changed
}

/** Bytes a constant takes when pushed. */
function pushCost (v: bigint | boolean | string): number {
  if (typeof v === 'boolean') return 1
  if (typeof v === 'string') return v.length / 2 + (v.length / 2 > 75 ? 2 : 1)
  let n = v < 0n ? -v : v
  let bytes = 0
  while (n > 0n) { bytes++; n >>= 8n }
  return bytes + 1
}

/**
 * A constant used several times is pushed once at the start and picked where used, when that
 * is shorter (a pick costs 2 bytes, a push of an n-byte constant n + 1).
 */
function hoistConstants (body: IRStmt[], result: IR, newId: () => number, pinned: Set<number>): IR {
  const key = (v: bigint | boolean | string) => `${typeof v}:${String(v)}`
  const counts = new Map<string, { v: bigint | boolean | string; n: number }>()
  const visit = (e: IR) => {
    if (e.k === 'const' && pushCost(e.v) > 2) {
      const k = key(e.v)
      const c = counts.get(k) ?? { v: e.v, n: 0 }
      c.n++
      counts.set(k, c)
    } else if (e.k === 'ops') e.args.forEach(visit)
  }
  forEachExpr(body.filter((s) => !(s.k === 'let' && pinned.has(s.id))), visit)
  visit(result)
  const hoisted = new Map<string, number>()
  const lets: IRStmt[] = []
  for (const [k, c] of counts) {
    // pushed once and picked n times (2 bytes each) instead of pushed n times
    if (c.n * (pushCost(c.v) - 2) <= pushCost(c.v)) continue
    const id = newId()
    hoisted.set(k, id)
    lets.push({ k: 'let', id, e: { k: 'const', v: c.v } })
  }
  if (hoisted.size === 0) return result
  const replace = (e: IR): IR => {
    if (e.k === 'const') {
      const id = hoisted.get(key(e.v))
      return id === undefined ? e : { k: 'var', id }
    }
    if (e.k === 'ops') return { k: 'ops', args: e.args.map(replace), code: e.code }
    return e
  }
  mapExprs(body.filter((s) => !(s.k === 'let' && pinned.has(s.id))), replace)
  body.unshift(...lets)
  return replace(result)
}

function forEachExpr (stmts: IRStmt[], f: (e: IR) => void): void {
  for (const s of stmts) {
    switch (s.k) {
      case 'let': case 'set': case 'verify': f(s.e); break
      case 'letn': s.args.forEach(f); break
      case 'if': f(s.c); forEachExpr(s.then, f); forEachExpr(s.else, f); (s.thenVals ?? []).forEach(f); (s.elseVals ?? []).forEach(f); break
    }
  }
}

function mapExprs (stmts: IRStmt[], f: (e: IR) => IR): void {
  for (const s of stmts) {
    switch (s.k) {
      case 'let': case 'set': case 'verify': s.e = f(s.e); break
      case 'letn': s.args = s.args.map(f); break
      case 'if':
        s.c = f(s.c)
        mapExprs(s.then, f); mapExprs(s.else, f)
        if (s.thenVals) s.thenVals = s.thenVals.map(f)
        if (s.elseVals) s.elseVals = s.elseVals.map(f)
        break
    }
  }
}

/**
 * A value computed again from the same unchanging variables (e.g. len(preimage) in several
 * SigHash accessors) reuses the first computation when that one is still in scope.
 */
function commonValues (body: IRStmt[], result: IR, keep: Set<number>): IR {
  const assigned = new Set<number>()
  const collect = (stmts: IRStmt[]) => {
    for (const s of stmts) {
      if (s.k === 'set') assigned.add(s.id)
      if (s.k === 'if') { collect(s.then); collect(s.else) }
    }
  }
  collect(body)
  const renames = new Map<number, number>()
  const rename = (e: IR): IR => {
    if (e.k === 'var') { const to = renames.get(e.id); return to === undefined ? e : { k: 'var', id: to } }
    if (e.k === 'ops') return { k: 'ops', args: e.args.map(rename), code: e.code }
    return e
  }
  const stable = (e: IR): boolean => (e.k === 'var' ? !assigned.has(e.id) : e.k === 'ops' ? e.args.every(stable) : true)
  const walk = (stmts: IRStmt[], available: Map<string, number>) => {
    for (let i = 0; i < stmts.length; i++) {
      const s = stmts[i]
      switch (s.k) {
        case 'let': {
          s.e = rename(s.e)
          if (s.e.k !== 'ops' || !stable(s.e) || assigned.has(s.id) || keep.has(s.id)) break
          const key = JSON.stringify(s.e, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))
          const prev = available.get(key)
          if (prev !== undefined) {
            renames.set(s.id, prev)
            stmts.splice(i, 1)
            i--
          } else {
            available.set(key, s.id)
          }
          break
        }
        case 'set': case 'verify': s.e = rename(s.e); break
        case 'letn': s.args = s.args.map(rename); break
        case 'if':
          s.c = rename(s.c)
          walk(s.then, new Map(available))
          walk(s.else, new Map(available))
          if (s.thenVals) s.thenVals = s.thenVals.map(rename)
          if (s.elseVals) s.elseVals = s.elseVals.map(rename)
          break
      }
    }
  }
  walk(body, new Map())
  return rename(result)
}

/** The two halves of `x a SPLIT DROP` / `x a SPLIT NIP`: which one the expression keeps. */
function splitHalf (e: IR): 'left' | 'right' | null {
  if (e.k !== 'ops' || e.args.length !== 2 || e.code.length !== 2 || e.code[0] !== 'OP_SPLIT') return null
  return e.code[1] === 'OP_DROP' ? 'left' : e.code[1] === 'OP_NIP' ? 'right' : null
}

/** The expressions a statement evaluates unconditionally whenever it runs (not an if's branches). */
function ownExprs (s: IRStmt): IR[] {
  switch (s.k) {
    case 'let': case 'set': case 'verify': return [s.e]
    case 'letn': return s.args
    case 'if': return []
  }
}

function splitsOf (e: IR, out: Extract<IR, { k: 'ops' }>[] = []): Extract<IR, { k: 'ops' }>[] {
  if (e.k !== 'ops') return out
  if (splitHalf(e)) out.push(e)
  e.args.forEach((a) => splitsOf(a, out))
  return out
}

function replaceNode (e: IR, node: IR, by: IR): IR {
  if (e === node) return by
  if (e.k !== 'ops') return e
  const args = e.args.map((a) => replaceNode(a, node, by))
  return args.every((a, i) => a === e.args[i]) ? e : { k: 'ops', args, code: e.code }
}

function replaceIn (s: IRStmt, node: IR, by: IR): void {
  switch (s.k) {
    case 'let': case 'set': case 'verify': s.e = replaceNode(s.e, node, by); break
    case 'letn': s.args = s.args.map((a) => replaceNode(a, node, by)); break
    default: break
  }
}

/**
 * `x[0:a]` and `x[a:]` of the same x and a, in two statements of one block (x and a unchanged
 * in between), split x once: `letn [left, right] = x a SPLIT` before the first, and each
 * statement reads its half. Both splits fail exactly when the first would (and a failing script
 * fails whatever runs before), so splitting earlier changes nothing.
 */
function pairSplits (stmts: IRStmt[], newId: () => number): void {
  for (const s of stmts) if (s.k === 'if') { pairSplits(s.then, newId); pairSplits(s.else, newId) }
  for (let i = 0; i < stmts.length; i++) {
    const s = stmts[i]
    let paired = false
    for (const e of ownExprs(s).flatMap((x) => splitsOf(x))) {
      const half = splitHalf(e)!
      const needs = new Set(readsOf(e))
      const changed = defsIn(s, new Set<number>())
      for (let j = i + 1; j < stmts.length && ![...needs].some((v) => changed.has(v)); j++) {
        const t = stmts[j]
        const other = ownExprs(t).flatMap((x) => splitsOf(x))
          .find((f) => splitHalf(f) !== half && sameIR(f.args[0], e.args[0]) && sameIR(f.args[1], e.args[1]))
        if (other) {
          const left = newId()
          const right = newId()
          stmts.splice(i, 0, { k: 'letn', ids: [left, right], args: e.args, code: ['OP_SPLIT'] })
          replaceIn(s, e, { k: 'var', id: half === 'left' ? left : right })
          replaceIn(t, other, { k: 'var', id: half === 'left' ? right : left })
          paired = true
          break
        }
        defsIn(t, changed)
      }
      if (paired) break
    }
    if (paired) i-- // look at the statement again: it may hold another pair
  }
}
