import { expect } from 'chai'
import { compile, runSpend, unlockingHex } from './support/contractHarness'

// Random programs (deterministic seed) compiled and run in Spend, against the same program
// evaluated in TypeScript: checks the stack scheduling (picks, rolls, drops, branch merges).

class Rng {
  constructor (private s: number) {}
  next (): number { this.s = (this.s * 1103515245 + 12345) % 2147483648; return this.s / 2147483648 }
  int (n: number): number { return Math.floor(this.next() * n) }
  pick<T>(xs: T[]): T { return xs[this.int(xs.length)] }
}

type Env = Map<string, bigint>
interface Gen { src: string; run: (env: Env) => bigint }

function genExpr (r: Rng, vars: string[], depth: number): Gen {
  const leaf = (): Gen => {
    if (r.next() < 0.7 && vars.length) { const v = r.pick(vars); return { src: v, run: (e) => e.get(v)! } }
    const c = BigInt(r.int(41) - 20)
    return { src: c < 0n ? `(${c})` : `${c}`, run: () => c }
  }
  if (depth <= 0) return leaf()
  const a = genExpr(r, vars, depth - 1)
  const b = genExpr(r, vars, depth - 1)
  switch (r.int(8)) {
    case 0: return { src: `(${a.src} + ${b.src})`, run: (e) => a.run(e) + b.run(e) }
    case 1: return { src: `(${a.src} - ${b.src})`, run: (e) => a.run(e) - b.run(e) }
    case 2: return { src: `(${a.src} * ${b.src})`, run: (e) => a.run(e) * b.run(e) }
    case 3: { const d = BigInt(r.int(7) + 1) * (r.next() < 0.5 ? -1n : 1n); return { src: `(${a.src} / (${d}))`, run: (e) => a.run(e) / d } }
    case 4: { const d = BigInt(r.int(7) + 2); return { src: `(${a.src} % ${d})`, run: (e) => a.run(e) % d } }
    case 5: { const c = genExpr(r, vars, 0); return { src: `(${c.src} < ${a.src} ? ${a.src} : ${b.src})`, run: (e) => (c.run(e) < a.run(e) ? a.run(e) : b.run(e)) } }
    case 6: return { src: `max(${a.src}, ${b.src})`, run: (e) => (a.run(e) > b.run(e) ? a.run(e) : b.run(e)) }
    default: return leaf()
  }
}

function genBlock (r: Rng, vars: string[], depth: number, counter: { n: number }, indent: string): { src: string; run: (env: Env) => void } {
  const parts: { src: string; run: (env: Env) => void }[] = []
  const count = 2 + r.int(4)
  const local = [...vars]
  const declared: string[] = []
  for (let k = 0; k < count; k++) {
    const choice = r.int(depth > 0 ? 5 : 3)
    if (choice === 0 || local.length < 2) {
      const name = `v${counter.n++}`
      const e = genExpr(r, local, 2)
      parts.push({ src: `${indent}int ${name} = ${e.src};\n`, run: (env) => env.set(name, e.run(env)) })
      local.push(name)
      declared.push(name)
    } else if (choice <= 2) {
      const name = r.pick(local)
      const e = genExpr(r, local, 2)
      const op = r.pick(['=', '+=', '-='])
      parts.push({ src: `${indent}${name} ${op} ${e.src};\n`, run: (env) => { const v = e.run(env); env.set(name, op === '=' ? v : op === '+=' ? env.get(name)! + v : env.get(name)! - v) } })
    } else if (choice === 3) {
      const c = genExpr(r, local, 1)
      const d = genExpr(r, local, 1)
      const t = genBlock(r, local, depth - 1, counter, indent + '  ')
      const f = genBlock(r, local, depth - 1, counter, indent + '  ')
      parts.push({
        src: `${indent}if (${c.src} <= ${d.src}) {\n${t.src}${indent}} else {\n${f.src}${indent}}\n`,
        run: (env) => (c.run(env) <= d.run(env) ? t.run(env) : f.run(env)),
      })
    } else {
      const name = r.pick(local)
      const e = genExpr(r, [...local, 'i'], 1)
      parts.push({
        src: `${indent}loop (3) : i {\n${indent}  ${name} += ${e.src};\n${indent}}\n`,
        run: (env) => { for (let i = 0n; i < 3n; i++) { env.set('i', i); env.set(name, env.get(name)! + e.run(env)) } env.delete('i') },
      })
    }
  }
  return {
    src: parts.map((p) => p.src).join(''),
    run: (env) => { for (const p of parts) p.run(env); for (const d of declared) env.delete(d) },
  }
}

describe('compiler: stack scheduling on random programs', () => {
  it('60 random programs give the same result as TypeScript', function () {
    this.timeout(120000)
    const r = new Rng(20240601)
    for (let p = 0; p < 60; p++) {
      const counter = { n: 0 }
      const body = genBlock(r, ['a', 'b', 'c'], 2, counter, '    ')
      const result = genExpr(r, ['a', 'b', 'c'], 2)
      const src = `contract R {\n  public function f(int a, int b, int c, int expected) {\n${body.src}    require(${result.src} + a * 1000 + b * 100 + c == expected);\n  }\n}`
      const { hex } = compile(src)
      for (let t = 0; t < 3; t++) {
        const [a, b, c] = [BigInt(r.int(200) - 100), BigInt(r.int(200) - 100), BigInt(r.int(200) - 100)]
        const env: Env = new Map([['a', a], ['b', b], ['c', c]])
        // the final expression reads the parameters as the body left them
        body.run(env)
        const expected = result.run(env) + env.get('a')! * 1000n + env.get('b')! * 100n + env.get('c')!
        expect(runSpend({ locking: hex, unlocking: unlockingHex([a, b, c, expected]) }), `program ${p}\n${src}\ninputs ${a} ${b} ${c}`).to.equal(true)
        expect(runSpend({ locking: hex, unlocking: unlockingHex([a, b, c, expected + 1n]) }), `program ${p} must fail`).to.not.equal(true)
      }
    }
  })
})
