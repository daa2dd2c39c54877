import { expect } from 'chai'
import { createHash } from 'crypto'
import { and, or, xor, invert, lshift, rshift } from 'scrypt-ts'
import { num2bin, unpack } from 'scryptlib/dist/builtins'
import { compile, runSpend, unlockingHex } from './support/contractHarness'

// Differential tests: random programs over ints and byte strings (shifts, bit operators, ints as
// conditions, slices, hashes, a helper function with early returns) evaluated in TypeScript with
// scrypt-ts's and scryptlib's own definitions, and compiled and run in Spend.

/** A deterministic generator, so a failing program can be reproduced from its number. */
class Rng {
  constructor (private s: number) {}
  next (): number {
    this.s = (this.s + 0x6d2b79f5) | 0
    let t = Math.imul(this.s ^ (this.s >>> 15), 1 | this.s)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  int (n: number): number { return Math.floor(this.next() * n) }
  pick<T>(xs: T[]): T { return xs[this.int(xs.length)] }
}

type Env = Map<string, bigint | string>
interface Gen<T> { src: string, run: (env: Env) => T }

const sha256 = (hex: string) => createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex')
const truthy = (v: bigint) => v !== 0n

class Programs {
  constructor (private readonly r: Rng) {}

  int (ints: string[], bytes: string[], depth: number): Gen<bigint> {
    const r = this.r
    const leaf = (): Gen<bigint> => {
      if (r.next() < 0.7 && ints.length > 0) { const v = r.pick(ints); return { src: v, run: (e) => e.get(v) as bigint } }
      const c = BigInt(r.int(61) - 30)
      return { src: c < 0n ? `(${c})` : `${c}`, run: () => c }
    }
    if (depth <= 0) return leaf()
    const a = this.int(ints, bytes, depth - 1)
    const b = this.int(ints, bytes, depth - 1)
    switch (r.int(15)) {
      case 0: return { src: `(${a.src} + ${b.src})`, run: (e) => a.run(e) + b.run(e) }
      case 1: return { src: `(${a.src} - ${b.src})`, run: (e) => a.run(e) - b.run(e) }
      case 2: return { src: `(${a.src} * ${b.src})`, run: (e) => a.run(e) * b.run(e) }
      case 3: { const d = BigInt(r.int(9) + 1) * (r.next() < 0.5 ? -1n : 1n); return { src: `(${a.src} / (${d}))`, run: (e) => a.run(e) / d } }
      case 4: { const d = BigInt(r.int(9) + 2); return { src: `(${a.src} % ${d})`, run: (e) => a.run(e) % d } }
      case 5: { const n = BigInt(r.int(12)); return { src: `(${a.src} << ${n})`, run: (e) => lshift(a.run(e), n) } }
      case 6: { const n = BigInt(r.int(12)); return { src: `(${a.src} >> ${n})`, run: (e) => rshift(a.run(e), n) } }
      // shifts by an amount known only at run time
      case 7: return { src: `(${a.src} >> (abs(${b.src}) % 9))`, run: (e) => rshift(a.run(e), (b.run(e) < 0n ? -b.run(e) : b.run(e)) % 9n) }
      case 8: return { src: `(${a.src} << (abs(${b.src}) % 7))`, run: (e) => lshift(a.run(e), (b.run(e) < 0n ? -b.run(e) : b.run(e)) % 7n) }
      case 9: return { src: `(${a.src} & ${b.src})`, run: (e) => and(a.run(e), b.run(e)) }
      case 10: return { src: `(${a.src} | ${b.src})`, run: (e) => or(a.run(e), b.run(e)) }
      case 11: return { src: `(${a.src} ^ ${b.src})`, run: (e) => xor(a.run(e), b.run(e)) }
      case 12: return { src: `(~${a.src})`, run: (e) => invert(a.run(e)) }
      // an int as a condition
      case 13: { const c = this.int(ints, bytes, 0); return { src: `(${c.src} ? ${a.src} : ${b.src})`, run: (e) => (truthy(c.run(e)) ? a.run(e) : b.run(e)) } }
      default: {
        if (bytes.length === 0) return leaf()
        const s = this.bytes(ints, bytes, depth - 1)
        return r.next() < 0.5
          ? { src: `len(${s.src})`, run: (e) => BigInt(s.run(e).length / 2) }
          : { src: `unpack(${s.src})`, run: (e) => unpack(s.run(e)) }
      }
    }
  }

  bytes (ints: string[], bytes: string[], depth: number): Gen<string> {
    const r = this.r
    const leaf = (): Gen<string> => {
      if (r.next() < 0.6 && bytes.length > 0) { const v = r.pick(bytes); return { src: v, run: (e) => e.get(v) as string } }
      const c = r.pick(['', '00', '01', '80', 'ff', '0080', 'abcdef'])
      return { src: `b'${c}'`, run: () => c }
    }
    if (depth <= 0) return leaf()
    const a = this.bytes(ints, bytes, depth - 1)
    switch (r.int(4)) {
      case 0: { const b = this.bytes(ints, bytes, depth - 1); return { src: `(${a.src} + ${b.src})`, run: (e) => a.run(e) + b.run(e) } }
      case 1: { const i = this.int(ints, bytes, depth - 1); return { src: `num2bin(${i.src} % 1000000007, 6)`, run: (e) => num2bin(i.run(e) % 1000000007n, 6) } }
      case 2: return { src: `sha256(${a.src})[0 : 3]`, run: (e) => sha256(a.run(e)).slice(0, 6) }
      default: return leaf()
    }
  }

  /** A block of statements over the variables in scope; the names it declares go out of scope after it. */
  block (ints: string[], bytes: string[], depth: number, counter: { n: number }, indent: string): Gen<void> {
    const r = this.r
    const parts: Gen<void>[] = []
    const localInts = [...ints]
    const localBytes = [...bytes]
    const declared: string[] = []
    for (let k = 0, n = 2 + r.int(4); k < n; k++) {
      const choice = r.int(depth > 0 ? 7 : 4)
      if (choice === 0 || localInts.length < 2) {
        const name = `v${counter.n++}`
        const e = this.int(localInts, localBytes, 2)
        parts.push({ src: `${indent}int ${name} = ${e.src};\n`, run: (env) => { env.set(name, e.run(env)) } })
        localInts.push(name)
        declared.push(name)
      } else if (choice === 1) {
        const name = `w${counter.n++}`
        const e = this.bytes(localInts, localBytes, 2)
        parts.push({ src: `${indent}bytes ${name} = ${e.src};\n`, run: (env) => { env.set(name, e.run(env)) } })
        localBytes.push(name)
        declared.push(name)
      } else if (choice <= 3) {
        const name = r.pick(localInts)
        const e = this.int(localInts, localBytes, 2)
        const op = r.pick(['=', '+=', '-=', '^=', '|='])
        parts.push({
          src: `${indent}${name} ${op} ${e.src};\n`,
          run: (env) => {
            const v = e.run(env)
            const old = env.get(name) as bigint
            env.set(name, op === '=' ? v : op === '+=' ? old + v : op === '-=' ? old - v : op === '^=' ? xor(old, v) : or(old, v))
          },
        })
      } else if (choice <= 5) {
        // an int or a byte string as the condition of an if
        const asBytes = choice === 5 && localBytes.length > 0
        const c: Gen<boolean> = asBytes
          ? (() => { const b = this.bytes(localInts, localBytes, 1); return { src: b.src, run: (e: Env) => /[1-9a-f]/.test(b.run(e)) } })()
          : (() => { const i = this.int(localInts, localBytes, 1); return { src: i.src, run: (e: Env) => truthy(i.run(e)) } })()
        const t = this.block(localInts, localBytes, depth - 1, counter, indent + '  ')
        const f = this.block(localInts, localBytes, depth - 1, counter, indent + '  ')
        parts.push({ src: `${indent}if (${c.src}) {\n${t.src}${indent}} else {\n${f.src}${indent}}\n`, run: (env) => (c.run(env) ? t.run(env) : f.run(env)) })
      } else {
        const name = r.pick(localInts)
        const e = this.int([...localInts, 'i'], localBytes, 1)
        parts.push({
          src: `${indent}loop (3) : i {\n${indent}  ${name} += ${e.src};\n${indent}}\n`,
          run: (env) => { for (let i = 0n; i < 3n; i++) { env.set('i', i); env.set(name, (env.get(name) as bigint) + e.run(env)) } env.delete('i') },
        })
      }
    }
    return {
      src: parts.map((p) => p.src).join(''),
      run: (env) => { for (const p of parts) p.run(env); for (const d of declared) env.delete(d) },
    }
  }

  /** A helper function whose value is chosen by early returns. */
  helper (): Gen<(x: bigint, y: bigint) => bigint> {
    const cases = [0, 1, 2].map(() => ({ cond: this.int(['x', 'y'], [], 1), value: this.int(['x', 'y'], [], 2) }))
    const last = this.int(['x', 'y'], [], 2)
    const src = `  static function h(int x, int y) : int {\n${cases.map((c) => `    if (${c.cond.src}) {\n      return ${c.value.src};\n    }\n`).join('')}    return ${last.src};\n  }\n`
    return {
      src,
      run: () => (x, y) => {
        const env: Env = new Map([['x', x], ['y', y]])
        for (const c of cases) if (truthy(c.cond.run(env))) return c.value.run(env)
        return last.run(env)
      },
    }
  }
}

describe('compiler: differential tests on random programs', () => {
  it('80 random programs over ints and byte strings give the results TypeScript gives', function () {
    this.timeout(180_000)
    const r = new Rng(20260401)
    const g = new Programs(r)
    for (let p = 0; p < 80; p++) {
      const counter = { n: 0 }
      const helper = g.helper()
      const body = g.block(['a', 'b', 'c'], ['s'], 2, counter, '    ')
      const result = g.int(['a', 'b', 'c'], ['s'], 2)
      const src = `contract R {\n${helper.src}  public function f(int a, int b, int c, bytes s, int expected) {\n${body.src}` +
        `    require(${result.src} + R.h(a, b) * 7 + a * 1000 + b * 100 + c == expected);\n  }\n}`
      const { hex } = compile(src)
      for (let t = 0; t < 3; t++) {
        const [a, b, c] = [0, 1, 2].map(() => BigInt(r.int(400) - 200))
        const s = r.pick(['', '00', '7f', '80', 'c0ffee', '0000000000'])
        const env: Env = new Map<string, bigint | string>([['a', a], ['b', b], ['c', c], ['s', s]])
        body.run(env)
        const h = helper.run(env)(env.get('a') as bigint, env.get('b') as bigint)
        const expected = result.run(env) + h * 7n + (env.get('a') as bigint) * 1000n + (env.get('b') as bigint) * 100n + (env.get('c') as bigint)
        const label = `program ${p}\n${src}\ninputs ${a} ${b} ${c} '${s}'`
        expect(runSpend({ locking: hex, unlocking: unlockingHex([a, b, c, s, expected]) }), label).to.equal(true)
        expect(runSpend({ locking: hex, unlocking: unlockingHex([a, b, c, s, expected + 1n]) }), `${label}\nmust fail`).to.not.equal(true)
      }
    }
  })
})
