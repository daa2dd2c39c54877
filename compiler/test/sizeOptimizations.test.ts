import { expect } from 'chai'
import { PrivateKey, Hash, Utils } from '@bsv/sdk'
import { compile, fillTemplate, runSpend, unlockingHex, Arg } from './support/contractHarness'
import { P2PKH, modExp } from './support/samples'

const Stateful = require('scryptlib/dist/stateful').default

// Size optimizations of the code generator, each run in Spend with inputs that must pass and
// inputs that must fail.

describe('compiler: size optimizations', () => {
  describe('constructor values read once are pushed where they are read', () => {
    it('P2PKH is byte-identical to the standard script (76a9 <addr> 88ac), and runs', () => {
      const { hex } = compile(P2PKH)
      expect(hex).to.equal('76a9<addr>88ac')
      const key = PrivateKey.fromRandom()
      const pub = key.toPublicKey().encode(true, 'hex') as string
      const addr = Utils.toHex(Hash.hash160(Utils.toArray(pub, 'hex')))
      const locking = fillTemplate(hex, { addr })
      expect(locking).to.equal(`76a914${addr}88ac`)
      expect(runSpend({ locking, unlocking: (c) => unlockingHex([c.sign(key), pub]) })).to.equal(true)
      const other = PrivateKey.fromRandom()
      const otherPub = other.toPublicKey().encode(true, 'hex') as string
      expect(runSpend({ locking, unlocking: (c) => unlockingHex([c.sign(other), pub]) })).to.not.equal(true)
      expect(runSpend({ locking, unlocking: (c) => unlockingHex([c.sign(other), otherPub]) })).to.not.equal(true)
    })

    it('a value read twice is still pushed once (scryptlib fills only the first placeholder)', () => {
      const { hex } = compile(`
contract Twice {
  const int a;
  const int b;
  public function unlock(int x, int y) {
    require(x == this.a + this.b);
    require(y == this.a * 2);
  }
}`)
      expect(hex.split('<a>').length).to.equal(2)
      expect(hex.split('<b>').length).to.equal(2)
      expect(hex.startsWith('<a>')).to.equal(true)
      const locking = fillTemplate(hex, { a: 5n, b: 7n })
      expect(runSpend({ locking, unlocking: unlockingHex([12n, 10n]) })).to.equal(true)
      expect(runSpend({ locking, unlocking: unlockingHex([12n, 11n]) })).to.not.equal(true)
      expect(runSpend({ locking, unlocking: unlockingHex([13n, 10n]) })).to.not.equal(true)
    })

    it('values read once inside one public function or one branch', () => {
      const { hex } = compile(`
contract Branches {
  const int a;
  const bytes h;
  const int unused;
  public function one(int x) {
    if (x > 0) {
      require(x == this.a);
    } else {
      require(x == -1);
    }
  }
  public function two(bytes d) {
    require(sha256(d) == this.h);
  }
}`)
      for (const p of ['<a>', '<h>', '<unused>']) expect(hex.split(p).length).to.equal(2)
      const h = Utils.toHex(Hash.sha256(Utils.toArray('abcd', 'hex')))
      const locking = fillTemplate(hex, { a: 300n, h, unused: 9n })
      expect(runSpend({ locking, unlocking: unlockingHex([300n, 0n]) })).to.equal(true)
      expect(runSpend({ locking, unlocking: unlockingHex([-1n, 0n]) })).to.equal(true)
      expect(runSpend({ locking, unlocking: unlockingHex([301n, 0n]) })).to.not.equal(true)
      expect(runSpend({ locking, unlocking: unlockingHex([-2n, 0n]) })).to.not.equal(true)
      expect(runSpend({ locking, unlocking: unlockingHex(['abcd', 1n]) })).to.equal(true)
      expect(runSpend({ locking, unlocking: unlockingHex(['abce', 1n]) })).to.not.equal(true)
    })
  })

  describe('slices', () => {
    const SLICES = `
contract Slices {
  public function unlock(bytes x, int a, bytes left, bytes right, bytes tail) {
    require(x[0 : a] == left);
    require(x[a : len(x)] == right);
    require(x[2 : len(x)] == tail);
  }
}`
    it('x[a:len(x)] splits once without SIZE, and x[0:a] / x[a:] share one SPLIT', () => {
      const { asm } = compile(SLICES)
      expect(asm).to.not.contain('OP_SIZE')
      expect(asm.split('OP_SPLIT').length - 1).to.equal(2)
    })
    it('runs, and fails for positions out of range', () => {
      const locking = compile(SLICES).hex
      const run = (x: string, a: bigint, l: string, r: string, t: string) => runSpend({ locking, unlocking: unlockingHex([x, a, l, r, t]) })
      expect(run('0102030405', 2n, '0102', '030405', '030405')).to.equal(true)
      expect(run('0102030405', 0n, '', '0102030405', '030405')).to.equal(true)
      expect(run('0102030405', 5n, '0102030405', '', '030405')).to.equal(true)
      expect(run('0102030405', 2n, '0102', '0304', '030405')).to.not.equal(true)
      expect(run('0102030405', 2n, '0102', '030405', '0405')).to.not.equal(true)
      expect(run('0102030405', 6n, '0102030405', '', '030405')).to.not.equal(true)
      expect(run('0102030405', -1n, '', '0102030405', '030405')).to.not.equal(true)
      expect(run('01', 0n, '', '01', '')).to.not.equal(true)
    })
  })

  describe('an if whose condition reads what its then-branch assigns', () => {
    // modular exponentiation: `if (y > 0) { ... y = y / 2; x = ... }` unrolled 64 times; the
    // assigned values go on top before the if even though the condition reads one of them
    // (it picks them: they live on), so no branch moves anything at its end
    const { hex } = compile(modExp(64))
    it('is 1747 bytes (2438 when those values stayed where they were)', () => {
      expect(hex.length / 2).to.equal(1747)
    })
    it('runs: right results pass, wrong ones fail', () => {
      const m = 1000000007n
      const pow = (x: bigint, y: bigint): bigint => { let r = 1n; x %= m; while (y > 0n) { if (y & 1n) r = r * x % m; y >>= 1n; x = x * x % m } return r }
      for (const [x, y] of [[3n, 200n], [12345n, 0n], [2n, (1n << 63n) - 1n], [m - 1n, 12n]]) {
        expect(runSpend({ locking: hex, unlocking: unlockingHex([x, y, m, pow(x, y)]) }), `${x}^${y}`).to.equal(true)
        expect(runSpend({ locking: hex, unlocking: unlockingHex([x, y, m, pow(x, y) + 1n]) })).to.not.equal(true)
      }
    })
  })

  describe('unrolled loops over a batch', () => {
    // like the dividend's distribute: records taken from the end of a byte string, loop-carried
    // values assigned in the then-branch, a FixedArray read several times per element
    const RECORDS = `
contract Records {
  const int bound;
  public function unlock(bytes records, int count, int total, bytes names) {
    require(count >= 1 && count <= 4);
    require(len(records) == count * 3);
    bytes rest = records;
    int sum = 0;
    bytes out = b'';
    loop (4) : i {
      if (i < count) {
        int at = len(rest) - 3;
        bytes rec = rest[at : len(rest)];
        rest = rest[0 : at];
        int v = unpack(rec[1 : len(rec)]);
        require(v >= 1 && v < this.bound);
        sum += v;
        out = rec[0 : 1] + out;
      }
    }
    require(sum == total);
    require(out == names);
  }
}`
    const ARRAY = `
struct Item { bytes name; int v; }
contract Items {
  const int bound;
  public function unlock(Item[4] items, int count, int total, bytes names) {
    require(count >= 1 && count <= 4);
    int sum = 0;
    bytes out = b'';
    loop (4) : i {
      if (4 - 1 - i < count) {
        Item it = items[4 - 1 - i];
        require(len(it.name) == 1);
        require(within(it.v, 1, this.bound));
        sum += it.v * it.v;
        out = it.name + num2bin(it.v, 2) + out;
      }
    }
    require(sum == total);
    require(out == names);
  }
}`
    const rec = (name: string, v: number) => name + v.toString(16).padStart(2, '0') + '00'
    it('byte-string records: passing and failing batches', () => {
      const locking = fillTemplate(compile(RECORDS).hex, { bound: 100n })
      const run = (records: string, count: bigint, total: bigint, names: string) => runSpend({ locking, unlocking: unlockingHex([records, count, total, names]) })
      expect(run(rec('aa', 5), 1n, 5n, 'aa')).to.equal(true)
      expect(run(rec('aa', 5) + rec('bb', 7) + rec('cc', 9), 3n, 21n, 'aabbcc')).to.equal(true)
      expect(run(rec('aa', 5) + rec('bb', 7) + rec('cc', 9) + rec('dd', 1), 4n, 22n, 'aabbccdd')).to.equal(true)
      expect(run(rec('aa', 5) + rec('bb', 7) + rec('cc', 9), 3n, 21n, 'aaccbb')).to.not.equal(true)
      expect(run(rec('aa', 5) + rec('bb', 7) + rec('cc', 9), 3n, 20n, 'aabbcc')).to.not.equal(true)
      expect(run(rec('aa', 5) + rec('bb', 7), 3n, 12n, 'aabb')).to.not.equal(true)
      expect(run(rec('aa', 5) + rec('bb', 100), 2n, 105n, 'aabb')).to.not.equal(true)
      expect(run(rec('aa', 5) + rec('bb', 0), 2n, 5n, 'aabb')).to.not.equal(true)
      expect(run('', 0n, 0n, '')).to.not.equal(true)
    })
    it('a FixedArray of structs: passing and failing batches', () => {
      const locking = fillTemplate(compile(ARRAY).hex, { bound: 100n })
      const items = (xs: [string, bigint][]) => {
        const all = [...xs]
        while (all.length < 4) all.push(['ee', 3n])
        return all.flatMap(([n, v]) => [n, v] as (string | bigint)[])
      }
      const run = (xs: [string, bigint][], count: bigint, total: bigint, names: string) => runSpend({ locking, unlocking: unlockingHex([...items(xs), count, total, names]) })
      expect(run([['aa', 5n]], 1n, 25n, 'aa0500')).to.equal(true)
      expect(run([['aa', 5n], ['bb', 7n], ['cc', 9n]], 3n, 155n, 'aa0500bb0700cc0900')).to.equal(true)
      expect(run([['aa', 5n], ['bb', 7n], ['cc', 9n], ['dd', 1n]], 4n, 156n, 'aa0500bb0700cc0900dd0100')).to.equal(true)
      expect(run([['aa', 5n], ['bb', 7n], ['cc', 9n]], 3n, 155n, 'aa0500cc0900bb0700')).to.not.equal(true)
      expect(run([['aa', 5n], ['bb', 7n], ['cc', 9n]], 3n, 154n, 'aa0500bb0700cc0900')).to.not.equal(true)
      expect(run([['aa', 5n], ['bbbb', 7n]], 2n, 74n, 'aa0500bbbb0700')).to.not.equal(true)
      expect(run([['aa', 5n], ['bb', 100n]], 2n, 10025n, 'aa0500bb6400')).to.not.equal(true)
      expect(run([['aa', 0n], ['bb', 7n]], 2n, 49n, 'aa0000bb0700')).to.not.equal(true)
      expect(run([['aa', 5n]], 0n, 0n, '')).to.not.equal(true)
      expect(run([['aa', 5n]], 5n, 25n, 'aa0500')).to.not.equal(true)
    })
  })

  describe('the shared preimage check', () => {
    it('functions checking the same sighash type at the same depth share one branch of its selection', () => {
      const types = ['41', 'c1', '41', 'c1', '42', '41', '43', '43']
      const src = `contract Groups {\n${types.map((t, i) => `  public function f${i}(SigHashPreimage p, int x) {
    require(Tx.checkPreimageSigHashType(p, SigHashType(b'${t}')));
    require(x + ${i} == SigHash.nLocktime(p));
  }`).join('\n')}\n}`
      const { asm, hex } = compile(src)
      // one test per group but the largest: 42 (alone), 43 (two), c1 (two); 41 needs none
      expect(asm.split(' OP_IF ').length - 1 - (types.length - 1)).to.equal(3)
      types.forEach((t, i) => {
        const type = parseInt(t, 16)
        const other = t === '41' ? 0xc1 : 0x41
        const run = (sighash: number, x: bigint) => runSpend({ locking: hex, lockTime: 20, unlocking: (c) => unlockingHex([c.preimage(sighash), x], i) })
        expect(run(type, BigInt(20 - i)), `f${i}`).to.equal(true)
        expect(run(type, BigInt(21 - i)), `f${i} wrong x`).to.not.equal(true)
        expect(run(other, BigInt(20 - i)), `f${i} wrong type`).to.not.equal(true)
      })
    })
  })

  describe('the shared state script', () => {
    it('values a function computes before it and reads after it wait on the alt stack', () => {
      const fn = (name: string, params: string, body: string, amount: string, after = '') => `
  public function ${name}(${params}SigHashPreimage __scrypt_ts_txPreimage) {
    require(Tx.checkPreimageSigHashType(__scrypt_ts_txPreimage, SigHashType(b'41')));
    this.__scrypt_ts_ctx_hashoutputs = SigHash.hashOutputs(__scrypt_ts_txPreimage);
    this.__scrypt_ts_ctx_value = SigHash.value(__scrypt_ts_txPreimage);
${body}
    bytes output = this.buildStateOutput(${amount});${after}
    require(this.__scrypt_ts_ctx_hashoutputs == hash256(output));
  }`
      const src = `
contract Three {
  @state int n;
  @state int m;
  bytes __scrypt_ts_ctx_hashoutputs;
  int __scrypt_ts_ctx_value;
  constructor(int n, int m) {
    this.n = n;
    this.m = m;
  }${fn('inc', '', '    this.n++;', 'this.__scrypt_ts_ctx_value')}${fn('pay', 'int amount, int fee, ', '    this.m = this.m + amount;\n    int cost = amount * 3 + fee;\n    require(cost < this.__scrypt_ts_ctx_value);', 'this.__scrypt_ts_ctx_value - cost', '\n    require(cost != 50);')}${fn('swap', 'int k, ', '    int t = this.n;\n    this.n = this.m + k;\n    this.m = t;', 'this.__scrypt_ts_ctx_value')}
  function buildStateOutput(int amount) : bytes {  return Utils.buildOutput(this.getStateScript(), amount);}
}`
      const { hex, asm } = compile(src)
      expect(asm).to.contain('OP_TOALTSTACK')
      const code = fillTemplate(hex, { n: 3n, m: 9n }) + '6a'
      const st = (n: bigint, m: bigint) => {
        const h = Stateful.bool2hex(false) + Stateful.int2hex(n) + Stateful.int2hex(m)
        return h + (h.length / 2).toString(16).padStart(2, '0') + '000000' + '00'
      }
      const run = (locking: string, next: string, out: bigint, args: (p: string) => Arg[], f: number) =>
        runSpend({ locking, satoshis: 1000n, outputs: [{ script: next, satoshis: out }], unlocking: (c) => unlockingHex(args(c.preimage()), f) })
      const s = code + st(5n, 200n)
      expect(run(s, code + st(6n, 200n), 1000n, (p) => [p], 0)).to.equal(true)
      expect(run(s, code + st(6n, 200n), 999n, (p) => [p], 0)).to.not.equal(true)
      expect(run(s, code + st(5n, 207n), 1000n - 21n - 4n, (p) => [7n, 4n, p], 1)).to.equal(true)
      expect(run(s, code + st(5n, 207n), 1000n - 21n - 5n, (p) => [7n, 4n, p], 1)).to.not.equal(true)
      expect(run(s, code + st(5n, 208n), 1000n - 21n - 4n, (p) => [7n, 4n, p], 1)).to.not.equal(true)
      expect(run(s, code + st(5n, 500n), 1000n - 900n - 100n, (p) => [300n, 100n, p], 1)).to.not.equal(true)
      expect(run(s, code + st(5n, 216n), 1000n - 50n, (p) => [16n, 2n, p], 1)).to.not.equal(true)
      expect(run(s, code + st(5n, 216n), 1000n - 51n, (p) => [16n, 3n, p], 1)).to.equal(true)
      expect(run(s, code + st(202n, 5n), 1000n, (p) => [2n, p], 2)).to.equal(true)
      expect(run(s, code + st(202n, 5n), 1000n, (p) => [3n, p], 2)).to.not.equal(true)
      expect(run(s, code + st(5n, 202n), 1000n, (p) => [2n, p], 2)).to.not.equal(true)
    })
  })
})
