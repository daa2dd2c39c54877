import { expect } from 'chai'
import * as fs from 'fs'
import * as path from 'path'
import { compileSource, stdLibrary } from '../src/compile'
import { Declarations } from '../src/semantic/Declarations'
import { checkProgram } from '../src/check/Checker'
import { compile, fillTemplate, runSpend, unlockingHex } from './support/contractHarness'
import { modExp } from './support/samples'

// Diagnostics: every declaration is checked, every failure is a located error, nothing crashes.

const VALID = path.join(__dirname, 'fixtures', 'valid')

/** A small deterministic generator (mulberry32), so a failing mutation can be reproduced. */
function random (seed: number): () => number {
  return () => {
    seed |= 0
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('compiler: diagnostics', () => {
  it('the standard library passes the checker', () => {
    const std = stdLibrary()
    const empty = { structs: [], contracts: [], aliases: [], imports: [] }
    expect(checkProgram(new Declarations(empty, std), std).map((e) => e.message)).to.deep.equal([])
  })

  it('reports one error for each declaration that has one, each with its location', () => {
    const r = compileSource(`contract A {
  static function g(int x) : int { return y; }
  static function h(int x) : int { return x + b'00'; }
  public function f(int x) { require(z == 1); }
}`)
    expect(r.errors.map((e) => `${e.loc.line}:${e.loc.column}: ${e.kind}`)).to.deep.equal(['2:43: undefined', '3:43: type', '4:38: undefined'])
  })

  it('compiles an array property sized by an unqualified static constant, and runs it', () => {
    const { hex } = compile('contract A { static const int N = 2; int[N] a; public function f(int x) { require(this.a[0] == x); } }')
    const locking = hex.replace('<a[0]>', unlockingHex([7n])).replace('<a[1]>', unlockingHex([8n]))
    expect(runSpend({ locking, unlocking: unlockingHex([7n]) })).to.equal(true)
    expect(runSpend({ locking, unlocking: unlockingHex([8n]) })).to.not.equal(true)
  })

  it('compiles a loop unrolled into thousands of branches, and runs it', function () {
    this.timeout(60_000)
    // modular exponentiation by squaring over 3000 bits: each pass an if in the unrolled code
    const { hex } = compile(modExp(3000))
    expect(runSpend({ locking: hex, unlocking: unlockingHex([7n, 560n, 561n, 1n]) })).to.equal(true)
    expect(runSpend({ locking: hex, unlocking: unlockingHex([3n, 200n, 1000007n, 3n ** 200n % 1000007n]) })).to.equal(true)
    expect(runSpend({ locking: hex, unlocking: unlockingHex([3n, 200n, 1000007n, 3n ** 200n % 1000007n + 1n]) })).to.not.equal(true)
  })

  it('compiles a perceptron over 3000 samples (quadratic passes made such contracts compile for hours), and runs it', function () {
    this.timeout(60_000)
    // scrypt-ts's Perceptron2 with N = 3000 instead of 100000: 9000 constructor values, each
    // read once inside an unrolled loop with a branch per pass
    const N = 3000
    const { hex } = compile(`struct Input {
  int height;
  int weight;
}
contract Perceptron2 {
  static const int N = ${N};
  Input[N] inputs;
  int[N] outputs;
  function predict(int heightWeight, int weightWeight, int bias, int i) : int {
    int sum = bias;
    Input input = this.inputs[i];
    sum += input.height * heightWeight + input.weight * weightWeight;
    return Perceptron2.stepActivate(sum);
  }
  public function main(int heightWeight, int weightWeight, int bias) {
    loop (N) : i {
      int prediction = this.predict(heightWeight, weightWeight, bias, i);
      require(this.outputs[i] == prediction);
    }
  }
  static function stepActivate(int sum) : int {
    return sum >= 0 ? 1 : 0;
  }
}`)
    const values: Record<string, bigint> = {}
    for (let i = 0; i < N; i++) {
      const height = BigInt(150 + (i * 37) % 50)
      const weight = BigInt(45 + (i * 53) % 60)
      values[`inputs[${i}].height`] = height
      values[`inputs[${i}].weight`] = weight
      values[`outputs[${i}]`] = 2n * height - 3n * weight - 100n >= 0n ? 1n : 0n
    }
    const locking = (v: Record<string, bigint>) => fillTemplate(hex, v)
    expect(runSpend({ locking: locking(values), unlocking: unlockingHex([2n, -3n, -100n]) })).to.equal(true)
    expect(runSpend({ locking: locking(values), unlocking: unlockingHex([2n, -3n, 0n]) })).to.not.equal(true)
    const flipped = { ...values, 'outputs[1234]': 1n - values['outputs[1234]'] }
    expect(runSpend({ locking: locking(flipped), unlocking: unlockingHex([2n, -3n, -100n]) })).to.not.equal(true)
  })

  it('never fails with an internal error on mutilated sources: every one compiles or gets a located diagnostic', function () {
    this.timeout(120_000)
    const sources = fs.readdirSync(VALID).filter((f) => f.endsWith('.scrypt')).map((f) => fs.readFileSync(path.join(VALID, f), 'utf8'))
    const next = random(14)
    const pieces = ['', ';', '}', '{', '(', ')', 'int', 'bytes', 'this.', 'x', '0', '-1', "b''", '[0]', '.a', '+', '==', 'require(', 'return', 'static', 'true']
    let diagnosed = 0
    for (let i = 0; i < 400; i++) {
      const src = sources[Math.floor(next() * sources.length)]
      const at = Math.floor(next() * src.length)
      const cut = Math.floor(next() * 12)
      const mutated = src.slice(0, at) + pieces[Math.floor(next() * pieces.length)] + src.slice(at + cut)
      const r = compileSource(mutated, VALID)
      const internal = r.errors.filter((e) => e.kind === 'internal')
      expect(internal.map((e) => e.message), `mutation ${i} at ${at}:\n${mutated.slice(Math.max(0, at - 60), at + 60)}`).to.deep.equal([])
      for (const e of r.errors) expect(e.loc.line, e.message).to.be.greaterThan(0)
      if (r.errors.length > 0) diagnosed++
    }
    expect(diagnosed).to.be.greaterThan(100)
  })
})
