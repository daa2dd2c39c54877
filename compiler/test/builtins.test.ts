import { expect } from 'chai'
import { int2ByteString, byteString2Int, Utils, VarIntWriter, reverseByteString, toByteString } from 'scrypt-ts'
import { compile, runSpend, unlockingHex, Arg } from './support/contractHarness'

// Built-in functions against scrypt-ts's own TypeScript implementations, over edge cases.

const SOURCE = `
contract Builtins {
  public function num2binT(int n, int size, bytes expected) {
    require(num2bin(n, size) == expected);
  }
  public function bin2numT(bytes b, int expected) {
    require(unpack(b) == expected);
  }
  public function divMod(int a, int b, int q, int r) {
    require(a / b == q);
    require(a % b == r);
  }
  public function leT(int n, int l, bytes le) {
    require(Utils.toLEUnsigned(n, l) == le);
    require(Utils.fromLEUnsigned(le) == n);
  }
  public function varintT(bytes data, bytes encoded, int amount, bytes output, bytes opret) {
    require(Utils.writeVarint(data) == encoded);
    require(Utils.readVarint(encoded + b'ffff') == data);
    require(Utils.buildOutput(data, amount) == output);
    require(Utils.buildOpreturnScript(data) == opret);
  }
  public function p2pkh(Ripemd160 pkh, bytes script, int amount, bytes output) {
    require(Utils.buildPublicKeyHashScript(pkh) == script);
    require(Utils.buildPublicKeyHashOutput(pkh, amount) == output);
  }
  public function writerReader(bytes data, int n, bool f, bytes wb, bytes wi, bytes wbool) {
    require(VarIntWriter.writeBytes(data) == wb);
    require(VarIntWriter.writeInt(n) == wi);
    require(VarIntWriter.writeBool(f) == wbool);
    VarIntReader r = new VarIntReader(wb + wi + wbool);
    require(!r.eof());
    require(r.readBytes() == data);
    require(r.readInt() == n);
    require(r.readBool() == f);
    require(r.eof());
  }
  public function rev(bytes b, bytes expected) {
    require(reverseBytes(b, 5) == expected);
  }
  public function sliceT(bytes b, int s, int e, bytes expected, bytes head, bytes tail) {
    require(b[s : e] == expected);
    require(b[: e] == head);
    require(b[s :] == tail);
    require(len(b) == len(head) + len(b[e :]));
  }
}`

const INTS = [0n, 1n, -1n, 2n, 16n, 17n, -16n, 127n, 128n, -127n, -128n, 255n, 256n, -255n, -256n, 0x7fffn, 0x8000n, -0x8000n,
  0xffffn, 0x7fffffffn, 0x80000000n, -0x80000000n, 1n << 63n, -(1n << 63n), (1n << 64n) - 1n, 1n << 200n, -(1n << 200n) + 12345n]

describe('compiler: built-in functions match scrypt-ts', () => {
  const { hex } = compile(SOURCE)
  const call = (method: number, args: Arg[]) => runSpend({ locking: hex, unlocking: unlockingHex(args, method) })

  it('num2bin: every size from too small to 3 bytes more than needed', () => {
    let failures = 0
    for (const n of INTS) {
      for (let size = 0; size <= 36; size++) {
        let expected: string | null = null
        try { expected = int2ByteString(n, BigInt(size)) } catch { expected = null }
        if (expected !== null && expected.length / 2 > size + 0) expected = null
        const r = call(0, [n, BigInt(size), expected ?? ''])
        if (expected === null) { expect(r, `${n} in ${size} bytes must fail`).to.not.equal(true); failures++ } else expect(r, `${n} in ${size} bytes`).to.equal(true)
        if (expected !== null && size > (int2ByteString(n).length / 2) + 3) break
      }
    }
    expect(failures).to.be.greaterThan(10)
  })

  it('bin2num (unpack): sign bytes, 0x80, negative zero, empty, non-minimal encodings', () => {
    const cases = ['', '00', '80', '0080', '01', '81', '7f', 'ff', '0001', '0081', '8000', '800080', 'ffffffff', '0000000080', '1234567890abcdef00', 'ff'.repeat(40)]
    for (const b of cases) {
      expect(call(1, [b, byteString2Int(toByteString(b))]), b).to.equal(true)
      expect(call(1, [b, byteString2Int(toByteString(b)) + 1n]), b).to.not.equal(true)
    }
    for (const n of INTS) expect(call(1, [int2ByteString(n), n])).to.equal(true)
  })

  it('/ and % truncate toward zero like Bitcoin (and BigInt)', () => {
    const values = [0n, 1n, -1n, 7n, -7n, 3n, -3n, 100n, -100n, 1n << 70n, -(1n << 70n) - 5n]
    for (const a of values) {
      for (const b of values) {
        if (b === 0n) { expect(call(2, [a, b, 0n, 0n])).to.not.equal(true); continue }
        expect(call(2, [a, b, a / b, a % b]), `${a} / ${b}`).to.equal(true)
        expect(call(2, [a, b, a / b + 1n, a % b])).to.not.equal(true)
      }
    }
  })

  it('Utils.toLEUnsigned / fromLEUnsigned', () => {
    for (const [n, l] of [[0n, 1n], [1n, 1n], [255n, 1n], [256n, 2n], [0xfffen, 2n], [0x10000n, 4n], [5000n, 8n], [(1n << 64n) - 1n, 8n]] as [bigint, bigint][]) {
      expect(call(3, [n, l, Utils.toLEUnsigned(n, l)]), `${n}`).to.equal(true)
    }
  })

  it('Utils.writeVarint / readVarint / buildOutput / buildOpreturnScript at every length boundary', () => {
    for (const size of [0, 1, 2, 75, 76, 252, 253, 254, 255, 256, 300, 65535, 65536]) {
      const data = 'a5'.repeat(size)
      const amount = BigInt(size * 1000 + 1)
      expect(call(4, [data, Utils.writeVarint(data), amount, Utils.buildOutput(data, amount), Utils.buildOpreturnScript(data)]), `length ${size}`).to.equal(true)
    }
  })

  it('Utils.buildPublicKeyHashScript / Output', () => {
    const pkh = '0123456789abcdef0123456789abcdef01234567'
    expect(call(5, [pkh, Utils.buildPublicKeyHashScript(pkh as never), 546n, Utils.buildPublicKeyHashOutput(pkh as never, 546n)])).to.equal(true)
    expect(call(5, [pkh, Utils.buildPublicKeyHashScript(pkh as never), 547n, Utils.buildPublicKeyHashOutput(pkh as never, 546n)])).to.not.equal(true)
  })

  it('VarIntWriter and VarIntReader round trips', () => {
    for (const size of [0, 1, 75, 76, 255, 256, 70000]) {
      for (const n of [0n, -1n, 1000n, 1n << 100n]) {
        for (const f of [true, false]) {
          const data = '3c'.repeat(size)
          const r = call(6, [data, n, f, VarIntWriter.writeBytes(data), VarIntWriter.writeInt(n), VarIntWriter.writeBool(f)])
          expect(r, `${size} ${n} ${f}`).to.equal(true)
          if (size > 255) break
        }
      }
    }
  })

  it('reverseBytes', () => {
    for (const b of ['0102030405', '00000000ff', 'ff00000000']) expect(call(7, [b, reverseByteString(b as never, 5n)])).to.equal(true)
    expect(call(7, ['0102030405', '0102030405'])).to.not.equal(true)
  })

  it('slicing, with out-of-range slices failing', () => {
    const b = '00112233445566778899'
    for (let s = 0; s <= 10; s++) {
      for (let e = s; e <= 10; e++) {
        expect(call(8, [b, BigInt(s), BigInt(e), b.slice(s * 2, e * 2), b.slice(0, e * 2), b.slice(s * 2)]), `${s}:${e}`).to.equal(true)
      }
    }
    expect(call(8, [b, 3n, 11n, b.slice(6), b, b.slice(6)])).to.not.equal(true)
    expect(call(8, [b, 5n, 4n, '', b.slice(0, 8), b.slice(10)])).to.not.equal(true)
    expect(call(8, [b, -1n, 4n, '', b.slice(0, 8), b])).to.not.equal(true)
  })
})
