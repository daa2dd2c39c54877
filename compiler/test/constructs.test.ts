import { expect } from 'chai'
import { Hash, PrivateKey, Utils } from '@bsv/sdk'
import { and, or, xor, invert, rshift, lshift } from 'scrypt-ts'
import { afterCodeSeparator, compile, compileErrors, fillTemplate, runSpend, unlockingHex, Arg } from './support/contractHarness'
import { applyAsm } from '../src/asmFlow'

// The language constructs found missing in real projects, each run in Spend with inputs that
// must pass and inputs that must fail.

const pass = (locking: string, args: Arg[], method?: number) => runSpend({ locking, unlocking: unlockingHex(args, method) })

describe('compiler: constructs of the whole language', () => {
  describe('properties a constructor leaves unassigned', () => {
    it('have their type\'s default value, in structs, arrays and libraries too', () => {
      const { hex } = compile(`struct S {
  int x;
  bool[2] b;
  bytes a;
}
library L {
  int x;
  S s;
  constructor(int a) {
    require(a > 0);
  }
  function get() : int {
    return this.x + this.s.x;
  }
}
contract C {
  int n;
  int a;
  S s;
  bytes[2] bs;
  L l;
  constructor(int n) {
    this.n = n;
  }
  public function f(int y) {
    require(this.a == 0 && this.s == { 0, [false, false], b'' } && this.bs == [b'', b''] && this.l.get() == 0);
    require(this.n == y);
  }
}`)
      const locking = fillTemplate(hex, { n: 4n })
      expect(runSpend({ locking, unlocking: unlockingHex([4n]) })).to.equal(true)
      expect(runSpend({ locking, unlocking: unlockingHex([3n]) })).to.not.equal(true)
    })
  })

  describe('statements in constructors', () => {
    const SRC = `
struct Slot {
  bytes name;
  int n;
}
contract Ctor {
  const int limit;
  @state Slot[3] slots;
  const int doubled;
  constructor(int limit, bytes[3] names) {
    require(limit > 0);
    this.limit = limit;
    int twice = limit * 2;
    this.doubled = twice;
    this.slots = repeat({b'', 0}, 3);
    loop (3) : i {
      this.slots[i] = {names[i], i + limit};
    }
  }
  public function check(int x, SigHashPreimage p) {
    require(Tx.checkPreimage(p));
    require(x == this.doubled + this.slots[2].n);
  }
}`
    it('run where the contract starts: requires, locals, loops filling a state array', () => {
      const { hex } = compile(SRC)
      const values = (limit: bigint) => ({ limit, 'names[0]': 'aa', 'names[1]': 'bb', 'names[2]': 'cc', 'slots[0].name': '', 'slots[0].n': 0n, 'slots[1].name': '', 'slots[1].n': 0n, 'slots[2].name': '', 'slots[2].n': 0n })
      // the genesis output: the state holds scryptlib's defaults, the constructor's values count
      const locking = fillTemplate(hex, values(5n)) + '6a' + '01' + '00'.repeat(6) + '07000000' + '00'
      const call = (x: bigint, l = locking) => runSpend({ locking: l, unlocking: (c) => unlockingHex([x, c.preimage()]) })
      expect(call(10n + 7n)).to.equal(true)
      expect(call(10n + 6n)).to.not.equal(true)
      const zero = fillTemplate(hex, values(0n)) + '6a' + '01' + '00'.repeat(6) + '07000000' + '00'
      expect(call(0n + 2n, zero), 'require(limit > 0) in the constructor').to.not.equal(true)
    })
  })

  describe('the OpCode table', () => {
    it('has every opcode of scrypt-ts, aliases included', () => {
      const { hex } = compile(`contract O {
  public function f(bytes x) {
    require(x == OpCode.OP_FALSE + OpCode.OP_TRUE + OpCode.OP_NOP10 + OpCode.OP_CHECKSIG + OpCode.OP_INVALIDOPCODE + OpCode.OP_PUSHDATA4);
  }
}`)
      expect(pass(hex, ['0051b9acff4e'])).to.equal(true)
      expect(pass(hex, ['0051b9acff4d'])).to.not.equal(true)
    })
  })

  describe('<< and >> on ints', () => {
    const { hex } = compile(`contract S {
  public function f(int a, int n, int l, int r) {
    require((a << n) == l);
    require((a >> n) == r);
    require((a << 3) == a * 8 && (a >> 0) == a);
  }
}`)
    const cases: [bigint, bigint][] = [[0n, 0n], [1n, 0n], [5n, 1n], [-5n, 1n], [-1n, 3n], [-4n, 1n], [-6n, 2n], [255n, 8n], [-255n, 7n], [12345678901234567890n, 65n], [-(2n ** 70n) - 3n, 9n], [7n, 15n], [7n, 16n], [-7n, 17n]]
    for (const [a, n] of cases) {
      it(`${a} and ${n}, as scrypt-ts's lshift and rshift`, () => {
        expect(pass(hex, [a, n, lshift(a, n), rshift(a, n)])).to.equal(true)
        expect(pass(hex, [a, n, lshift(a, n) + 1n, rshift(a, n)])).to.not.equal(true)
        expect(pass(hex, [a, n, lshift(a, n), rshift(a, n) - 1n])).to.not.equal(true)
      })
    }
    it('fails for a negative shift', () => {
      expect(pass(hex, [5n, -1n, 5n, 5n])).to.not.equal(true)
      expect(compileErrors('contract S { public function f(int a) { require((a << -1) == a); } }')[0]).to.match(/negative number of bits/)
    })
  })

  describe('& | ^ ~ on ints', () => {
    const { hex } = compile(`contract B {
  public function f(int a, int b, int x, int y, int z, int w) {
    require((a & b) == x && (a | b) == y && (a ^ b) == z && ~a == w);
  }
}`)
    const pairs: [bigint, bigint][] = [[0n, 0n], [1n, 3n], [-1n, 1n], [255n, 1n], [-129n, 128n], [65535n, -2n], [2n ** 64n + 5n, -7n]]
    for (const [a, b] of pairs) {
      it(`${a} and ${b} as scryptlib's and, or, xor, invert`, () => {
        const args: Arg[] = [a, b, and(a, b), or(a, b), xor(a, b), invert(a)]
        expect(pass(hex, args)).to.equal(true)
        expect(pass(hex, [a, b, and(a, b) + 1n, or(a, b), xor(a, b), invert(a)])).to.not.equal(true)
        expect(pass(hex, [a, b, and(a, b), or(a, b), xor(a, b), invert(a) + 1n])).to.not.equal(true)
      })
    }
  })

  describe('ints and byte strings as conditions', () => {
    const { hex } = compile(`contract C {
  public function f(int y, bytes b, int expected) {
    int r = 0;
    if (y % 2) {
      r = 1;
    }
    if (b) {
      r += 10;
    }
    r += !y ? 100 : 0;
    r += (y && b) ? 1000 : 0;
    require(r == expected);
  }
}`)
    const model = (y: bigint, b: string) => (y % 2n !== 0n ? 1n : 0n) + (/[1-9a-f]/.test(b) ? 10n : 0n) + (y === 0n ? 100n : 0n) + (y !== 0n && /[1-9a-f]/.test(b) ? 1000n : 0n)
    for (const [y, b] of [[0n, ''], [1n, '00'], [3n, '0000'], [-3n, '80'], [4n, '0001'], [0n, 'ff']] as [bigint, string][]) {
      it(`y = ${y}, b = '${b}'`, () => {
        expect(pass(hex, [y, b, model(y, b)])).to.equal(true)
        expect(pass(hex, [y, b, model(y, b) + 1n])).to.not.equal(true)
      })
    }
  })

  describe('untyped struct literals', () => {
    it('take their type from repeat, a declaration, a parameter or a property', () => {
      const { hex } = compile(`struct P {
  int x;
  bytes b;
}
contract L {
  static function first(P p) : int { return p.x; }
  public function f(int x) {
    P[3] ps = repeat({1, b'aa'}, 3);
    ps[1] = {x, b''};
    P q = {ps[1].x + L.first({2, b''}), ps[0].b};
    require(q.x == 7 && q.b == b'aa' && ps[2].x == 1);
  }
}`)
      expect(pass(hex, [5n])).to.equal(true)
      expect(pass(hex, [6n])).to.not.equal(true)
    })
    it('take the type of the value they are compared with, also inside array literals', () => {
      const { hex } = compile(`struct P {
  bool ok;
  bytes b;
  int x;
}
contract C {
  public function f(P[2] ps, int x) {
    require(ps[0] == { true, b'aa', x });
    require(ps != [{ true, b'aa', 1 }, { false, b'', 2 }]);
    require([{ true, b'aa', x }, { false, b'', 3 }] == ps);
  }
}`)
      expect(pass(hex, [true, 'aa', 5n, false, '', 3n, 5n])).to.equal(true)
      expect(pass(hex, [true, 'aa', 5n, false, '', 3n, 4n])).to.not.equal(true)
      expect(pass(hex, [true, 'aa', 5n, false, '', 2n, 5n])).to.not.equal(true)
      expect(pass(hex, [true, 'aa', 1n, false, '', 2n, 1n])).to.not.equal(true)
    })
  })

  describe('a generic library with an explicit constructor as a property', () => {
    it('takes its constructor arguments as template values, with the property\'s type arguments', () => {
      const { hex } = compile(`type Amount = int;
library L<T, K> {
  int x;
  constructor(int a, int b) {
    require(a < b);
    this.x = a + b;
  }
  function getX(T t) : T {
    return t;
  }
  function getY(K k) : K {
    return k;
  }
  function sum(int k) : int {
    return this.x + k;
  }
}
contract Test {
  L<Amount, bool> l;
  public function unlock(int y) {
    require(this.l.getX(y) == y && this.l.getY(true));
    require(this.l.sum(1) == y);
  }
}`)
      const locking = (a: bigint, b: bigint) => fillTemplate(hex, { 'l.ctor.a': a, 'l.ctor.b': b })
      expect(runSpend({ locking: locking(2n, 5n), unlocking: unlockingHex([8n]) })).to.equal(true)
      expect(runSpend({ locking: locking(2n, 5n), unlocking: unlockingHex([7n]) })).to.not.equal(true)
      // the library's constructor runs in the script
      expect(runSpend({ locking: locking(5n, 2n), unlocking: unlockingHex([8n]) })).to.not.equal(true)
    })
  })

  describe('a library method returning this', () => {
    it('chains calls, each on the instance the previous one returned', () => {
      const { hex } = compile(`library Writer {
  bytes buf;
  function write(bytes b) : Writer {
    this.buf += num2bin(len(b), 1) + b;
    return this;
  }
  function data() : bytes {
    return this.buf;
  }
}
contract C {
  public function f(bytes a, bytes b, bytes expected) {
    Writer w = new Writer(b'');
    Writer v = w.write(a).write(b);
    require(v.data() == expected);
    require(w.data() == num2bin(len(a), 1) + a);
    require(w.write(b).data() == expected);
  }
}`)
      expect(pass(hex, ['aa', 'bbcc', '01aa02bbcc'])).to.equal(true)
      expect(pass(hex, ['aa', 'bbcc', '01aa02bbcd'])).to.not.equal(true)
      expect(pass(hex, ['aa', 'bb', '01aa02bbcc'])).to.not.equal(true)
    })
  })

  describe('a generic library\'s static functions', () => {
    it('are called with their type arguments written, nested ones too', () => {
      const { hex } = compile(`struct Pair<T> {
  T a;
  T b;
}
library L<K, D> {
  K k;
  static function pick(bool first, D x, D y) : D {
    return first ? x : y;
  }
  static function swap(Pair<K> p) : Pair<K> {
    return { p.b, p.a };
  }
}
contract C {
  public function f(int x, bytes b, bool first) {
    require(L<int, bytes>.pick(first, b, b'00') == b'aa');
    Pair<Pair<int>> q = { { x, 1 }, { 2, 3 } };
    require(L<Pair<int>, int>.swap(q).b.a == 5);
    require(L<int, int>.pick(x < 10, 1, 2) > 0 && x > 1);
  }
}`)
      expect(pass(hex, [5n, 'aa', true])).to.equal(true)
      expect(pass(hex, [5n, 'bb', true])).to.not.equal(true)
      expect(pass(hex, [5n, 'aa', false])).to.not.equal(true)
      expect(pass(hex, [4n, 'aa', true])).to.not.equal(true)
      expect(compileErrors(`library L<K> {
  static function id(K k) : K { return k; }
}
contract C {
  public function f(int x) { require(L.id(x) == 1); }
}`)).to.deep.equal(["5:38: a static function of the generic library 'L' needs its type arguments (L<K>.id)"])
    })
  })

  describe('another contract as a type', () => {
    it('is built with new and its functions called: a public one is true when its requires pass', () => {
      const { hex } = compile(`contract Foo {
  int x;
  constructor(int x) {
    require(x > 0);
    this.x = x;
  }
  public function equal(int y) {
    require(y == this.x);
  }
  function sum(int a, int b) : int {
    return a + b + this.x;
  }
}
contract Bar {
  int k;
  public function unlock(int y, int z) {
    Foo foo = new Foo(this.k);
    require(foo.equal(y));
    require(foo.sum(1, 2) == z);
  }
}`)
      const locking = (k: bigint) => fillTemplate(hex, { k })
      expect(runSpend({ locking: locking(9n), unlocking: unlockingHex([9n, 12n]) })).to.equal(true)
      expect(runSpend({ locking: locking(9n), unlocking: unlockingHex([8n, 12n]) })).to.not.equal(true)
      expect(runSpend({ locking: locking(9n), unlocking: unlockingHex([9n, 11n]) })).to.not.equal(true)
      // the instance's constructor runs in the script
      expect(runSpend({ locking: locking(0n), unlocking: unlockingHex([0n, 3n]) })).to.not.equal(true)
    })
    it('has no state script of its own', () => {
      expect(compileErrors(`contract S {
  @state int n;
  public function f(int x) {
    require(len(this.getStateScript()) > x);
  }
}
contract T {
  public function g(int x) {
    S s = new S(1);
    require(s.f(x));
  }
}`)[0]).to.match(/getStateScript of an instance of 'S'/)
    })
  })

  describe('statics that are not const', () => {
    it('are variables of the whole public function, shared by the functions it calls, from their declared value', () => {
      const { hex } = compile(`struct ST {
  int x;
  int[2] a;
}
contract M {
  static int count = 1;
  static ST st = { 1, [2, 3] };
  static function bump(int by) : int {
    M.count += by;
    st.a[1] = st.a[1] + by;
    return count;
  }
  public function f(int x, int y) {
    require(st.x == 1 && count == 1);
    st.x = x;
    if (x > 5) {
      this.st.a[0] = 7;
    }
    require(M.bump(2) == 3 && M.bump(y) == 3 + y);
    require(st.a == [x > 5 ? 7 : 2, 5 + y] && st.x == x);
    ST pick = [{ 1, [1, 1] }, { 2, [2, 2] }][y % 2];
    require(pick.x == y % 2 + 1);
  }
}`)
      expect(pass(hex, [6n, 1n])).to.equal(true)
      expect(pass(hex, [2n, 4n])).to.equal(true)
      expect(pass(hex, [6n, -1n])).to.not.equal(true)
    })
  })

  describe('byte strings shifted by bits', () => {
    const { hex } = compile(`contract B {
  public function f(bytes b, int n, bytes l, bytes r) {
    require((b << n) == l && (b >> n) == r && len(b << n) == len(b));
  }
}`)
    // OP_LSHIFT / OP_RSHIFT: the string as one big-endian number of its own width
    const shift = (b: string, n: number, left: boolean): string => {
      const bits = BigInt(b.length * 4)
      const v = BigInt('0x' + (b || '0'))
      const mask = (1n << bits) - 1n
      const out = left ? (v << BigInt(n)) & mask : v >> BigInt(n)
      return b.length === 0 ? '' : out.toString(16).padStart(b.length, '0')
    }
    for (const [b, n] of [['0180', 1], ['ff00ff', 4], ['80', 7], ['1234abcd', 13], ['01', 9]] as [string, number][]) {
      it(`${b} by ${n}, as the interpreter's OP_LSHIFT and OP_RSHIFT`, () => {
        expect(pass(hex, [b, BigInt(n), shift(b, n, true), shift(b, n, false)])).to.equal(true)
        const other = (h: string) => h.slice(0, -1) + (h.endsWith('0') ? '1' : '0')
        expect(pass(hex, [b, BigInt(n), other(shift(b, n, true)), shift(b, n, false)])).to.not.equal(true)
        expect(pass(hex, [b, BigInt(n), shift(b, n, true), other(shift(b, n, false))])).to.not.equal(true)
        expect(pass(hex, [b, -1n, shift(b, 1, false), shift(b, 1, true)])).to.not.equal(true)
      })
    }
  })

  describe('functions named alone', () => {
    it('call a static function of the same contract or library, and an asm loop repeats its body', () => {
      const { hex } = compile(`library Lib {
  static const int N = 3;
  static function addN(int x) : int {
    asm { loop (N) { OP_1ADD } }
  }
  static function twice(int x) : int {
    return addN(addN(x) - N) * 2;
  }
}
contract C {
  static function getFF(int x) : int {
    return x | 0xff;
  }
  public function f(int x, int y) {
    require((x & getFF(x)) == x);
    require(Lib.twice(x) == y);
  }
}`)
      expect(pass(hex, [5n, 16n])).to.equal(true)
      expect(pass(hex, [5n, 15n])).to.not.equal(true)
    })
  })

  describe('auto', () => {
    it('gives locals and static constants the type of their value', () => {
      const { hex } = compile(`struct P {
  int x;
  bytes b;
}
contract A {
  static auto K = 2;
  static auto H = b'aa';
  static auto KEY = PubKey(b'02aa');
  public function f(int x, bytes b) {
    auto y = x + A.K;
    P[2] ps = [{ 1, b }, { 2, A.H }];
    auto p = ps[0];
    auto k = A.KEY;
    loop (2) : i {
      auto z = y + i;
      require(z > i);
    }
    require(y == 7 && p.b == b && len(k) == 2);
  }
}`)
      expect(pass(hex, [5n, 'bb'])).to.equal(true)
      expect(pass(hex, [4n, 'bb'])).to.not.equal(true)
      expect(compileErrors(`contract A {
  static auto K = 2;
  public function f(int x) {
    auto y = A.K;
    y = b'00';
    require(x == y);
  }
}`)).to.deep.equal(['5:9: type mismatch: expecting int but got bytes'])
    })
  })

  describe('code separators', () => {
    const { hex } = compile(`contract P2PKH_OCS {
  Ripemd160 pubKeyHash;
  public function unlock(Sig sig, PubKey pubKey) {
    ***
    require(hash160(pubKey) == this.pubKeyHash);
    *****
    require(checkSig(sig, pubKey));
  }
}`)
    const key = PrivateKey.fromRandom()
    const pub = key.toPublicKey().encode(true, 'hex') as string
    const locking = fillTemplate(hex, { pubKeyHash: Utils.toHex(Hash.hash160(Utils.toArray(pub, 'hex'))) })

    it('emit OP_CODESEPARATOR where they are written', () => {
      expect(hex.split('ab').length - 1).to.be.greaterThanOrEqual(2)
    })
    it('make checkSig sign only the script after the last one that ran', () => {
      expect(runSpend({ locking, unlocking: (c) => unlockingHex([c.sign(key, 0x41, afterCodeSeparator(locking, 2)), pub]) })).to.equal(true)
      expect(runSpend({ locking, unlocking: (c) => unlockingHex([c.sign(key, 0x41, afterCodeSeparator(locking, 1)), pub]) })).to.not.equal(true)
      expect(runSpend({ locking, unlocking: (c) => unlockingHex([c.sign(key), pub]) })).to.not.equal(true)
    })
    it('are refused before the preimage of a function that reads the state', () => {
      const errors = compileErrors(`contract S {
  @state int n;
  public function f(SigHashPreimage p) {
    ***
    require(Tx.checkPreimage(p));
    this.n++;
    require(hash256(Utils.buildOutput(this.getStateScript(), SigHash.value(p))) == SigHash.hashOutputs(p));
  }
}`)
      expect(errors[0]).to.match(/after a code separator/)
    })
  })

  describe('exit()', () => {
    const { hex } = compile(`contract E {
  int x;
  public function equal(int y) {
    if (y <= 0) {
      exit(true);
    }
    require(y == this.x);
  }
  public function never(int y) {
    exit(y == 3);
  }
}`)
    const locking = fillTemplate(hex, { x: 7n })
    it('ends the script successfully, leaving one true on the stack', () => {
      expect(pass(locking, [0n], 0)).to.equal(true)
      expect(pass(locking, [-5n], 0)).to.equal(true)
      expect(pass(locking, [7n], 0)).to.equal(true)
      expect(pass(locking, [8n], 0)).to.not.equal(true)
    })
    it('exit(false) fails', () => {
      expect(pass(locking, [3n], 1)).to.equal(true)
      expect(pass(locking, [4n], 1)).to.not.equal(true)
    })
  })

  describe('static const parameters', () => {
    it('take compile-time constants: loop counts and array sizes of the caller', () => {
      const { hex } = compile(`struct Node {
  bytes hash;
  int pos;
}
library Merkle {
  static function root(bytes leaf, Node[4] path, static const int depth) : bytes {
    bytes h = leaf;
    loop (depth) : i {
      if (path[i].pos == 1) {
        h = sha256(h + path[i].hash);
      } else if (path[i].pos == 2) {
        h = sha256(path[i].hash + h);
      }
    }
    return h;
  }
}
contract M {
  const bytes root;
  public function prove(bytes leaf, Node[4] path) {
    require(Merkle.root(leaf, path, 3) == this.root);
  }
}`)
      const sha = (h: string) => Utils.toHex(Hash.sha256(Utils.toArray(h, 'hex')))
      const leaf = 'aa'
      const a = 'bb'.repeat(32)
      const b = 'cc'.repeat(32)
      const c = 'dd'.repeat(32)
      const root = sha(c + sha(sha(leaf + a) + b))
      const locking = fillTemplate(hex, { root })
      const path: Arg[] = [a, 1n, b, 1n, c, 2n, '', 0n]
      expect(pass(locking, [leaf, ...path])).to.equal(true)
      expect(pass(locking, [leaf, a, 1n, b, 2n, c, 2n, '', 0n])).to.not.equal(true)
      // the fourth node lies past depth 3: nothing reads it
      expect(pass(locking, [leaf, a, 1n, b, 1n, c, 2n, 'ee', 1n])).to.equal(true)
    })
  })

  describe('return before the end of a function', () => {
    const { hex } = compile(`contract R {
  static function sign(int x) : int {
    if (x > 0) {
      return 1;
    }
    if (x == 0) {
      return 0;
    }
    return -1;
  }
  static function firstBig(int[4] xs) : int {
    loop (4) : i {
      if (xs[i] > 100) {
        return i;
      }
    }
    return -1;
  }
  public function f(int x, int[4] xs, int s, int k) {
    require(R.sign(x) == s && R.firstBig(xs) == k);
  }
}`)
    const cases: [bigint, bigint[], bigint, bigint][] = [[5n, [1n, 2n, 3n, 4n], 1n, -1n], [0n, [101n, 2n, 3n, 4n], 0n, 0n], [-9n, [1n, 200n, 300n, 4n], -1n, 1n], [1n, [1n, 2n, 3n, 400n], 1n, 3n]]
    for (const [x, xs, s, k] of cases) {
      it(`sign(${x}) = ${s}, firstBig([${xs.join(', ')}]) = ${k}`, () => {
        expect(pass(hex, [x, ...xs, s, k])).to.equal(true)
        expect(pass(hex, [x, ...xs, s, k + 1n])).to.not.equal(true)
        expect(pass(hex, [x, ...xs, s + 1n, k])).to.not.equal(true)
      })
    }
  })

  describe('inline asm', () => {
    it('is the whole body of a function, working on its arguments on the stack', () => {
      const { hex } = compile(`contract A {
  function twiceMinus(int a, int b) : int {
    asm {
      OP_SWAP op_dup op_add op_swap OP_SUB
    }
  }
  public function f(int a, int b, int r) {
    require(this.twiceMinus(a, b) == r);
  }
}`)
      expect(pass(hex, [5n, 3n, 7n])).to.equal(true)
      expect(pass(hex, [5n, 3n, 8n])).to.not.equal(true)
    })
    it('$variables become template values named Contract.function.variable, filled everywhere', () => {
      const { hex, asm } = compile(`contract P2PKH_ASM {
  Ripemd160 address;
  public function unlock(Sig sig, PubKey pubkey) {
    asm {
      op_dup op_hash160 $address op_equalverify op_checksig
    }
  }
}`)
      // the property (a constructor value nothing else reads) is pushed and dropped, the asm follows
      expect(hex).to.equal('<address>7576a9<P2PKH_ASM.unlock.address>88ac')
      expect(asm).to.equal('$address OP_DROP OP_DUP OP_HASH160 $P2PKH_ASM.unlock.address OP_EQUALVERIFY OP_CHECKSIG')
      const key = PrivateKey.fromRandom()
      const pub = key.toPublicKey().encode(true, 'hex') as string
      const addr = Utils.toHex(Hash.hash160(Utils.toArray(pub, 'hex')))
      const locking = fillTemplate(hex.replace(/<P2PKH_ASM\.unlock\.address>/g, '14' + addr), { address: addr })
      expect(runSpend({ locking, unlocking: (c) => unlockingHex([c.sign(key), pub]) })).to.equal(true)
      expect(runSpend({ locking, unlocking: (c) => unlockingHex([c.sign(PrivateKey.fromRandom()), pub]) })).to.not.equal(true)
    })
    it('scrypt-cli\'s --asm flow: applyAsm replaces the named functions\' bodies', () => {
      const src = `contract C {
  Ripemd160 address;
  public function unlock(Sig sig, PubKey pubkey) {
    require(hash160(pubkey) == this.address);
    if (true) { require(checkSig(sig, pubkey)); }
  }
  public function other(int x) { require(x == 1); }
}`
      const { source, replaced } = applyAsm(src, { C: { unlock: 'op_dup op_hash160 $address op_equalverify op_checksig' } })
      expect(replaced).to.deep.equal({ C: ['unlock'] })
      expect(source).to.contain('public function unlock(Sig sig, PubKey pubkey) { asm { op_dup op_hash160 $address op_equalverify op_checksig } }')
      expect(source).to.contain('public function other(int x) { require(x == 1); }')
      expect(compile(source).hex).to.contain('76a9<C.unlock.address>88ac')
      expect(() => applyAsm(src, { C: { lock: 'op_1' } })).to.throw(/'C' has no function 'lock'/)
    })

    it('refuses opcodes only Chronicle enables, and words that are none', () => {
      expect(compileErrors('contract A { public function f(bytes a) { asm { OP_SUBSTR } } }')[0]).to.match(/Chronicle/)
      expect(compileErrors('contract A { public function f(bytes a) { asm { OP_DUPP } } }')[0]).to.match(/unknown opcode/)
      expect(compileErrors('contract A { public function f(bytes a) { require(true); asm { OP_DUP } } }')[0]).to.match(/whole body/)
    })
  })
})
