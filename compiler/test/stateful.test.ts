import { expect } from 'chai'
import { compile, fillTemplate, runSpend, unlockingHex, Arg } from './support/contractHarness'
// scryptlib's own state encoder is the reference for the layout

const Stateful = require('scryptlib/dist/stateful').default

const SOURCE = `
struct Pt {
  int x;
  bytes tag;
}

contract St {
  @state int n;
  @state bytes b;
  @state bool f;
  @state Pt[2] pts;
  const PubKey owner;

  constructor(int n, bytes b, bool f, Pt[2] pts, PubKey owner) {
    this.n = n;
    this.b = b;
    this.f = f;
    this.pts = pts;
    this.owner = owner;
  }

  public function step(int dn, bytes nb, SigHashPreimage txPreimage) {
    require(Tx.checkPreimageSigHashType(txPreimage, SigHashType(b'41')));
    this.n += dn;
    this.b = nb;
    this.f = !this.f;
    this.pts[1].x = this.pts[0].x + dn;
    this.pts[0].tag = this.pts[0].tag + nb;
    bytes output = Utils.buildOutput(this.getStateScript(), SigHash.value(txPreimage));
    require(hash256(output) == SigHash.hashOutputs(txPreimage));
  }

  public function check(int n, SigHashPreimage txPreimage) {
    require(Tx.checkPreimage(txPreimage));
    require(this.n == n);
  }
}`

interface State { n: bigint; b: string; f: boolean; pts: { x: bigint; tag: string }[] }

function stateHex (s: State, isGenesis: boolean): string {
  let h = Stateful.bool2hex(isGenesis) + Stateful.int2hex(s.n) + Stateful.bytes2hex(s.b) + Stateful.bool2hex(s.f)
  for (const p of s.pts) h += Stateful.int2hex(p.x) + Stateful.bytes2hex(p.tag)
  const len = (h.length / 2).toString(16).padStart(8, '0').match(/../g)!.reverse().join('')
  return h + len + '00'
}

const DEFAULTS: State = { n: 0n, b: '00', f: true, pts: [{ x: 0n, tag: '00' }, { x: 0n, tag: '00' }] }

function stepModel (s: State, dn: bigint, nb: string): State {
  return { n: s.n + dn, b: nb, f: !s.f, pts: [{ x: s.pts[0].x, tag: s.pts[0].tag + nb }, { x: s.pts[0].x + dn, tag: s.pts[1].tag }] }
}

describe('compiler: stateful contracts', () => {
  const { hex } = compile(SOURCE)
  const genesis: State = { n: -5n, b: '', f: false, pts: [{ x: 1000000000000n, tag: 'ab' }, { x: 0n, tag: 'cd'.repeat(80) }] }
  const ctorArgs: Record<string, Arg> = {
    n: genesis.n,
    b: genesis.b,
    f: genesis.f,
    owner: '02' + '11'.repeat(32),
    'pts[0].x': genesis.pts[0].x,
    'pts[0].tag': genesis.pts[0].tag,
    'pts[1].x': genesis.pts[1].x,
    'pts[1].tag': genesis.pts[1].tag,
  }
  const code = fillTemplate(hex, ctorArgs) + '6a'

  it('puts every constructor parameter in the template, the state ones included', () => {
    for (const name of Object.keys(ctorArgs)) expect(hex).to.contain(`<${name}>`)
  })

  it('runs a chain of calls from the genesis output, each building the next state exactly like scryptlib', () => {
    let state = genesis
    let locking = code + stateHex(DEFAULTS, true)
    const steps: [bigint, string][] = [[5n, ''], [-1n, '00'], [0n, 'ff'.repeat(300)], [1n << 70n, '80'], [-(1n << 70n), '01']]
    for (const [dn, nb] of steps) {
      const next = stepModel(state, dn, nb)
      const nextLocking = code + stateHex(next, false)
      const r = runSpend({ locking, satoshis: 5000n, outputs: [{ script: nextLocking, satoshis: 5000n }], unlocking: (c) => unlockingHex([dn, nb, c.preimage()], 0) })
      expect(r, `step ${dn} ${nb.slice(0, 8)}`).to.equal(true)
      // reading the state back
      const ok = runSpend({ locking: nextLocking, unlocking: (c) => unlockingHex([next.n, c.preimage()], 1) })
      expect(ok).to.equal(true)
      const bad = runSpend({ locking: nextLocking, unlocking: (c) => unlockingHex([next.n + 1n, c.preimage()], 1) })
      expect(bad).to.not.equal(true)
      state = next
      locking = nextLocking
    }
  })

  it('fails rather than write an int state of more than 75 bytes', () => {
    const locking = code + stateHex(DEFAULTS, true)
    const ok = stepModel(genesis, (1n << 590n), '')
    expect(runSpend({ locking, satoshis: 5000n, outputs: [{ script: code + stateHex(ok, false), satoshis: 5000n }], unlocking: (c) => unlockingHex([1n << 590n, '', c.preimage()], 0) })).to.equal(true)
    const big = stepModel(genesis, (1n << 600n), '')
    const r = runSpend({ locking, satoshis: 5000n, outputs: [{ script: code + stateHex(big, false), satoshis: 5000n }], unlocking: (c) => unlockingHex([1n << 600n, '', c.preimage()], 0) })
    expect(r).to.not.equal(true)
  })

  it('rejects a next output whose state, code or amount differs', () => {
    const locking = code + stateHex(DEFAULTS, true)
    const next = stepModel(genesis, 2n, 'aa')
    const wrongState = { ...next, n: next.n + 1n }
    const cases = [
      { script: code + stateHex(wrongState, false), satoshis: 5000n },
      { script: code + stateHex(next, true), satoshis: 5000n },
      { script: '51' + code + stateHex(next, false), satoshis: 5000n },
      { script: code + stateHex(next, false), satoshis: 4999n },
    ]
    for (const out of cases) {
      expect(runSpend({ locking, satoshis: 5000n, outputs: [out], unlocking: (c) => unlockingHex([2n, 'aa', c.preimage()], 0) })).to.not.equal(true)
    }
    const good = { script: code + stateHex(next, false), satoshis: 5000n }
    expect(runSpend({ locking, satoshis: 5000n, outputs: [good], unlocking: (c) => unlockingHex([2n, 'aa', c.preimage()], 0) })).to.equal(true)
  })

  it('shares one state-script computation between public functions with different arguments', () => {
    const src = `
contract Multi {
  @state int n;
  @state bytes b;
  constructor(int n, bytes b) {
    this.n = n;
    this.b = b;
  }
  public function add(int d, SigHashPreimage p) {
    require(Tx.checkPreimage(p));
    this.n += d;
    bytes out = Utils.buildOutput(this.getStateScript(), SigHash.value(p));
    require(hash256(out) == SigHash.hashOutputs(p));
  }
  public function setB(SigHashPreimage p, bytes nb, int atLeast) {
    require(Tx.checkPreimage(p));
    this.b = nb;
    bytes out = Utils.buildOutput(this.getStateScript(), SigHash.value(p));
    require(this.n >= atLeast);
    require(hash256(out) == SigHash.hashOutputs(p));
  }
  public function keep(bytes extra, int x, SigHashPreimage p) {
    require(Tx.checkPreimage(p));
    bytes out = Utils.buildOutput(this.getStateScript(), SigHash.value(p)) + extra;
    require(x == 7);
    require(hash256(out) == SigHash.hashOutputs(p));
  }
}`
    const { hex } = compile(src)
    // one copy of the state writer for the three functions
    expect(hex.split('4c9f69').length).to.equal(2)
    const code = fillTemplate(hex, { n: 10n, b: 'aa' }) + '6a'
    const st = (n: bigint, b: string, g: boolean) => {
      const h = Stateful.bool2hex(g) + Stateful.int2hex(n) + Stateful.bytes2hex(b)
      return h + (h.length / 2).toString(16).padStart(2, '0') + '000000' + '00'
    }
    const genesis = code + st(0n, '00', true)
    const spend = (locking: string, next: string, args: (p: string) => Arg[], method: number, extra = '') => runSpend({
      locking,
      satoshis: 900n,
      outputs: [{ script: next, satoshis: 900n }, ...(extra ? [{ script: extra, satoshis: 0n }] : [])],
      unlocking: (c) => unlockingHex(args(c.preimage()), method),
    })
    const s1 = code + st(15n, 'aa', false)
    expect(spend(genesis, s1, (p) => [5n, p], 0)).to.equal(true)
    expect(spend(genesis, code + st(16n, 'aa', false), (p) => [5n, p], 0)).to.not.equal(true)
    const s2 = code + st(15n, 'bbcc', false)
    expect(spend(s1, s2, (p) => [p, 'bbcc', 15n], 1)).to.equal(true)
    expect(spend(s1, s2, (p) => [p, 'bbcc', 16n], 1)).to.not.equal(true)
    const extraOut = '006a0568656c6c6f'
    const extraBytes = '0000000000000000' + '08' + extraOut
    expect(spend(s2, s2, (p) => [extraBytes, 7n, p], 2, extraOut)).to.equal(true)
    expect(spend(s2, s2, (p) => [extraBytes, 8n, p], 2, extraOut)).to.not.equal(true)
    expect(spend(s2, s1, (p) => [extraBytes, 7n, p], 2, extraOut)).to.not.equal(true)
  })

  it('shares buildStateOutput (state script and its varint length) between functions, as the transpiler writes them', () => {
    const src = `
contract Two {
  @state int n;
  bytes __scrypt_ts_ctx_hashoutputs;
  int __scrypt_ts_ctx_value;
  constructor(int n) {
    this.n = n;
  }
  public function inc(SigHashPreimage __scrypt_ts_txPreimage) {
    require(Tx.checkPreimageSigHashType(__scrypt_ts_txPreimage, SigHashType(b'41')));
    this.__scrypt_ts_ctx_hashoutputs = SigHash.hashOutputs(__scrypt_ts_txPreimage);
    this.__scrypt_ts_ctx_value = SigHash.value(__scrypt_ts_txPreimage);
    this.n++;
    bytes output = this.buildStateOutput(this.__scrypt_ts_ctx_value);
    require(this.__scrypt_ts_ctx_hashoutputs == hash256(output));
  }
  public function pay(int amount, SigHashPreimage __scrypt_ts_txPreimage) {
    require(Tx.checkPreimageSigHashType(__scrypt_ts_txPreimage, SigHashType(b'41')));
    this.__scrypt_ts_ctx_hashoutputs = SigHash.hashOutputs(__scrypt_ts_txPreimage);
    this.__scrypt_ts_ctx_value = SigHash.value(__scrypt_ts_txPreimage);
    bytes output = this.buildStateOutput(this.__scrypt_ts_ctx_value - amount);
    require(this.__scrypt_ts_ctx_hashoutputs == hash256(output));
  }
  function buildStateOutput(int amount) : bytes {  return Utils.buildOutput(this.getStateScript(), amount);}
}`
    const { hex } = compile(src)
    expect(hex.split('050000000001').length, 'one varint writer').to.equal(2)
    const code = fillTemplate(hex, { n: 3n }) + '6a'
    const st = (n: bigint, g: boolean) => {
      const h = Stateful.bool2hex(g) + Stateful.int2hex(n)
      return h + (h.length / 2).toString(16).padStart(2, '0') + '000000' + '00'
    }
    const s0 = code + st(0n, true)
    const s1 = code + st(4n, false)
    const run = (locking: string, next: string, out: bigint, args: (p: string) => Arg[], m: number) =>
      runSpend({ locking, satoshis: 1000n, outputs: [{ script: next, satoshis: out }], unlocking: (c) => unlockingHex(args(c.preimage()), m) })
    expect(run(s0, s1, 1000n, (p) => [p], 0)).to.equal(true)
    expect(run(s0, code + st(5n, false), 1000n, (p) => [p], 0)).to.not.equal(true)
    expect(run(s1, s1, 700n, (p) => [300n, p], 1)).to.equal(true)
    expect(run(s1, s1, 701n, (p) => [300n, p], 1)).to.not.equal(true)
  })
})
