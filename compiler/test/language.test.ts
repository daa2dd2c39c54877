import { expect } from 'chai'
import { compile, compileErrors, runSpend, unlockingHex, Arg } from './support/contractHarness'

// Language constructs, each run in Spend with inputs that must pass and inputs that must fail.

const SOURCE = `
struct Leaf {
  Ripemd160 pkh;
  int amount;
}

struct Group {
  Leaf[2] leaves;
  bool active;
}

library MathLib {
  static const int BASE = 10;
  static function scale(int x) : int {
    return x * MathLib.BASE;
  }
}

library Acc {
  int total;
  bytes log;
  constructor(int start) {
    this.total = start;
    this.log = b'';
  }
  function add(int x) : bool {
    this.total += x;
    this.log += num2bin(x, 1);
    return true;
  }
}

contract Lang {
  static const int N = 3;
  const int k;

  // structs and nested arrays, loops with constant index arithmetic
  public function structs(Group[2] groups, int expectedSum) {
    int sum = 0;
    loop (2) : g {
      loop (2) : i {
        if (groups[g].active) {
          sum += groups[g].leaves[i].amount * (g * 2 + i + 1);
        }
      }
    }
    require(sum == expectedSum);
    require(len(groups[1].leaves[0].pkh) == 20);
  }

  // if / else chains, ternary, short-circuit && and ||
  public function branches(int x, int expected) {
    int y = 0;
    if (x < 0) {
      y = -x;
    } else if (x == 0) {
      y = 100;
    } else {
      y = x > 10 ? x - 10 : x + this.k;
    }
    bytes b = b'0102';
    bool safe = x >= 0 && x < 2 && b[x : x + 1] != b'ff';
    require(y == expected);
    require(safe || x < 0 || x >= 2);
  }

  // private, static and library functions, library instances
  public function calls(int x, int expected) {
    Acc acc = new Acc(x);
    acc.add(2);
    acc.add(3);
    require(acc.total == expected);
    require(acc.log == b'0203');
    require(this.twice(MathLib.scale(x)) == x * 20);
    require(Lang.N == 3);
  }

  // an array index known only at run time: reads and writes
  public function runtimeIndex(int[4] xs, int i, int expected) {
    xs[i] = xs[i] + 1;
    int total = 0;
    loop (4) : j {
      total = total * 10 + xs[j];
    }
    require(total == expected);
  }

  // operators on every type
  public function ops(int a, int b, bytes x, bytes y, bool p) {
    a++;
    --b;
    a -= 1;
    b += 1;
    require(a * 2 - b * 2 == 2 * (a - b));
    require((a <= b) == !(a > b));
    require(abs(-a) == abs(a));
    require(min(a, b) <= max(a, b));
    require(within(a, a, a + 1));
    require(x + y == x + y);
    require((x + y)[0 : len(x)] == x);
    require(p != !p);
    require(sha256(x) != sha256(x + b'00'));
    require(hash160(x) == ripemd160(sha256(x)));
    require(hash256(x) == sha256(sha256(x)));
    require(len(sha1(x)) == 20);
    require((x & x) == x && (x | x) == x && (x ^ x) == num2bin(0, len(x)) && ~(~x) == x);
  }

  function twice(int v) : int {
    return v * 2;
  }
}`

describe('compiler: language constructs', () => {
  const { hex } = compile(SOURCE)
  const locking = hex.replace('<k>', '55') // k = 5 (OP_5)
  const call = (method: number, args: Arg[]) => runSpend({ locking, unlocking: unlockingHex(args, method) })
  const pkh = (i: number) => String(i).padStart(2, '0').repeat(20)

  it('structs in nested arrays, loops over them', () => {
    const groups = (active0: boolean, active1: boolean, amounts: bigint[]): Arg[] => [
      pkh(1), amounts[0], pkh(2), amounts[1], active0, pkh(3), amounts[2], pkh(4), amounts[3], active1,
    ]
    const sum = (a: bigint[], act: boolean[]) => (act[0] ? a[0] * 1n + a[1] * 2n : 0n) + (act[1] ? a[2] * 3n + a[3] * 4n : 0n)
    const amounts = [5n, 7n, 11n, 13n]
    for (const act of [[true, true], [true, false], [false, true], [false, false]]) {
      expect(call(0, [...groups(act[0], act[1], amounts), sum(amounts, act)])).to.equal(true)
      expect(call(0, [...groups(act[0], act[1], amounts), sum(amounts, act) + 1n])).to.not.equal(true)
    }
  })

  it('if / else if / else, ternary, short-circuit &&', () => {
    const model = (x: bigint) => (x < 0n ? -x : x === 0n ? 100n : x > 10n ? x - 10n : x + 5n)
    for (const x of [-7n, 0n, 1n, 3n, 10n, 11n, 500n]) {
      expect(call(1, [x, model(x)]), `x=${x}`).to.equal(true)
      expect(call(1, [x, model(x) + 1n]), `x=${x}`).to.not.equal(true)
    }
  })

  it('private, static and library functions; library instances keep their state', () => {
    expect(call(2, [4n, 9n])).to.equal(true)
    expect(call(2, [-4n, 1n])).to.equal(true)
    expect(call(2, [4n, 10n])).to.not.equal(true)
  })

  it('array index known only at run time', () => {
    for (let i = 0; i < 4; i++) {
      const xs = [1n, 2n, 3n, 4n]
      xs[i] += 1n
      const expected = xs.reduce((t, x) => t * 10n + x, 0n)
      expect(call(3, [1n, 2n, 3n, 4n, BigInt(i), expected]), `i=${i}`).to.equal(true)
      expect(call(3, [1n, 2n, 3n, 4n, BigInt(i), expected + 1n])).to.not.equal(true)
    }
    expect(call(3, [1n, 2n, 3n, 4n, 4n, 1234n])).to.not.equal(true)
    expect(call(3, [1n, 2n, 3n, 4n, -1n, 1234n])).to.not.equal(true)
  })

  it('operators on ints, bools and byte strings', () => {
    expect(call(4, [5n, 9n, 'abcd', '0102', true])).to.equal(true)
    expect(call(4, [-5n, 9n, '', 'ff', false])).to.equal(true)
  })

  it('library instances as properties, nested arrays, repeat(), string literals and OpCode constants', () => {
    const src = `
library Base {
  int base;
  function add(int x) : int {
    return this.base + x;
  }
}
contract WithLib {
  const int[3][2] grid;
  const Base lib;
  public function go(int x) {
    int[3] arr = repeat(0, 3);
    arr[1] = x;
    int s = 0;
    loop (3) : i {
      loop (2) : j {
        s = s * 10 + this.grid[i][j];
      }
    }
    require(s == 123456);
    require(arr[1] == x && arr[0] == 0 && arr[2] == 0);
    require(this.lib.add(x) == x + 7);
    require("hi" == b'6869' && OpCode.OP_DUP == b'76' && OpCode.OP_CHECKSIG == b'ac');
  }
}`
    const { hex, ast } = compile(src)
    const names = (hex.match(/<[^>]+>/g) ?? []).join(' ')
    expect(names).to.equal('<grid[0][0]> <grid[0][1]> <grid[1][0]> <grid[1][1]> <grid[2][0]> <grid[2][1]> <lib.base>')
    expect(ast.stdin.contracts.map((c: { constructor: unknown }) => c.constructor)).to.deep.equal([null, null])
    const values = [1n, 2n, 3n, 4n, 5n, 6n, 7n]
    let i = 0
    const locking = hex.replace(/<[^>]+>/g, () => unlockingHex([values[i++]]))
    expect(runSpend({ locking, unlocking: unlockingHex([9n]) })).to.equal(true)
    expect(runSpend({ locking, unlocking: unlockingHex([0n]) })).to.equal(true)
  })

  it('dispatches to each of several public functions by the index pushed last', () => {
    const src = `
contract Three {
  public function a(int x) { require(x == 1); }
  public function b(bytes y, int x) { require(x == 2 && y == b'bb'); }
  public function c(int x, bool f, int z) { require(x == 3 && f && z == -3); }
}`
    const locking = compile(src).hex
    expect(runSpend({ locking, unlocking: unlockingHex([1n], 0) })).to.equal(true)
    expect(runSpend({ locking, unlocking: unlockingHex(['bb', 2n], 1) })).to.equal(true)
    expect(runSpend({ locking, unlocking: unlockingHex([3n, true, -3n], 2) })).to.equal(true)
    expect(runSpend({ locking, unlocking: unlockingHex([1n], 1) })).to.not.equal(true)
    expect(runSpend({ locking, unlocking: unlockingHex([3n, true, -3n], 3) })).to.not.equal(true)
    expect(runSpend({ locking, unlocking: unlockingHex([3n, true, -3n], 1) })).to.not.equal(true)
  })

  it('shares one preimage check between public functions with the preimage at different places', () => {
    const src = `
contract Shared {
  public function a(SigHashPreimage p, int x) {
    require(Tx.checkPreimage(p));
    require(x == SigHash.nLocktime(p));
  }
  public function b(int x, int y, SigHashPreimage p) {
    require(Tx.checkPreimageSigHashType(p, SigHashType(b'c1')));
    require(x + y == SigHash.nLocktime(p));
  }
  public function c(SigHashPreimage p) {
    require(Tx.checkPreimageSigHashType(p, SigHashType(b'42')));
  }
}`
    const { hex } = compile(src)
    expect(hex.split('0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798').length).to.equal(2)
    const run = (lockTime: number, f: (c: import('./support/contractHarness').SpendContext) => string) => runSpend({ locking: hex, lockTime, unlocking: f })
    expect(run(7, (c) => unlockingHex([c.preimage(0x41), 7n], 0))).to.equal(true)
    expect(run(7, (c) => unlockingHex([c.preimage(0x41), 8n], 0))).to.not.equal(true)
    expect(run(7, (c) => unlockingHex([c.preimage(0xc1), 7n], 0))).to.not.equal(true)
    expect(run(9, (c) => unlockingHex([4n, 5n, c.preimage(0xc1)], 1))).to.equal(true)
    expect(run(9, (c) => unlockingHex([4n, 5n, c.preimage(0x41)], 1))).to.not.equal(true)
    expect(run(9, (c) => unlockingHex([c.preimage(0x42)], 2))).to.equal(true)
    expect(run(9, (c) => unlockingHex([c.preimage(0x41)], 2))).to.not.equal(true)
  })

  it('reports errors with their location, and writes no script', () => {
    const cases: [string, RegExp][] = [
      ['contract A { public function f(int x) { require(x == b\'00\'); } }', /1:\d+: .*int.*bytes|1:\d+: .*bytes.*int/],
      ['contract A {\n  public function f(int x) {\n    require(y == 1);\n  }\n}', /^3:\d+: undeclared identifier 'y'/],
      ['contract A { public function f(int x) { loop (x) { } require(true); } }', /compile-time constant/],
      ['contract A { public function f(int x) { require(x == 1) } }', /expecting ';'/],
      ['contract A { public function f(int[2] x) { require(x[2] == 1); } }', /out of bounds/],
      ['contract A { function f(int x) : int { return 1; } }', /no public function/],
    ]
    for (const [src, pattern] of cases) {
      const errors = compileErrors(src)
      expect(errors.length, src).to.equal(1)
      expect(errors[0]).to.match(pattern)
    }
  })
})
