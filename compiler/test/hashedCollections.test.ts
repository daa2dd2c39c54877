import { expect } from 'chai'
import * as fs from 'fs'
import * as os from 'os'
import * as path from 'path'
import { buildContractClass, compileContract, Bytes } from 'scryptlib'
import { compile, runSpend, unlockingHex, Arg } from './support/contractHarness'

// HashedMap and HashedSet: the data the script keeps is exactly scryptlib's toData, every key's
// place is scryptlib's findKeyIndex, and every access at another place fails.

const BIN = path.resolve(__dirname, '../bin/scryptc.js')

const SOURCE = `
struct Pt {
  int x;
  bool up;
  bytes tag;
}
contract Collections {
  public function put(bytes data, SortedItem<int> key, int val, bool had, bytes expected) {
    HashedMap<int, int> map = new HashedMap(data);
    require(map.has(key) == had);
    require(map.set(key, val));
    require(map.canGet(key, val) && !map.canGet(key, val + 1));
    require(map.size() == len(expected) / 64);
    require(map.data() == expected);
  }
  public function remove(bytes data, SortedItem<int> key, bytes expected) {
    HashedMap<int, int> map = new HashedMap(data);
    require(map.delete(key));
    require(!map.has(key));
    require(map.data() == expected);
  }
  public function putPoint(bytes data, SortedItem<Pt> key, bytes val, bytes expected) {
    HashedMap<Pt, bytes> map = new HashedMap(data);
    require(map.set(key, val));
    require(map.data() == expected);
  }
  public function addToSet(bytes data, SortedItem<bytes> key, bool had, bytes expected) {
    HashedSet<bytes> set = new HashedSet(data);
    require(set.has(key) == had);
    require(set.add(key));
    require(set.has(key));
    require(set.data() == expected);
    require(set.delete(key) && !set.has(key) && set.size() == len(expected) / 32 - 1);
  }
  public function absent(bytes data, int item) {
    HashedMap<int, int> map = new HashedMap(data);
    require(!map.has({item, -1}) && !map.canGet({item, -1}, 0) && !map.delete({item, -1}));
    require(map.data() == data);
  }
  public function setAbsent(bytes data, int item) {
    HashedMap<int, int> map = new HashedMap(data);
    require(map.set({item, -1}, 1));
  }
}`

/** A deterministic generator, so a failing case can be reproduced. */
function random (seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('compiler: HashedMap and HashedSet', function () {
  this.timeout(120_000)
  let hex: string
  let Cls: any
  before(() => {
    hex = compile(SOURCE).hex
    // scryptlib's own off-chain format, from a class it builds out of our artifact
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hashed-'))
    const saved = process.env.SCRYPTC
    process.env.SCRYPTC = BIN
    try {
      fs.writeFileSync(path.join(dir, 'collections.scrypt'), SOURCE)
      const result = compileContract(path.join(dir, 'collections.scrypt'), { out: dir, artifact: true })
      expect(result.errors).to.deep.equal([])
      Cls = buildContractClass(JSON.parse(fs.readFileSync(path.join(dir, 'collections.json'), 'utf8')))
    } finally {
      if (saved === undefined) delete process.env.SCRYPTC
      else process.env.SCRYPTC = saved
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  const data = (map: Map<bigint, bigint>) => Cls.toData(map, 'HashedMap<int,int>').toString() as string
  const index = (map: Map<bigint, bigint>, key: bigint) => BigInt(Cls.findKeyIndex(map, key, 'int'))
  const call = (method: number, args: Arg[]) => runSpend({ locking: hex, unlocking: unlockingHex(args, method) })

  it('sets keys new and old, as scryptlib serializes the map; any other index fails', () => {
    const next = random(7)
    for (let round = 0; round < 12; round++) {
      const map = new Map<bigint, bigint>()
      const n = Math.floor(next() * 8)
      while (map.size < n) map.set(BigInt(Math.floor(next() * 2000) - 1000), BigInt(Math.floor(next() * 100)))
      const keys = [...map.keys()]
      const fresh = next() < 0.5 || keys.length === 0
      const key = fresh ? 5000n + BigInt(round) * 7919n * (round % 2 === 0 ? 1n : -1n) : keys[Math.floor(next() * keys.length)]
      const before = data(map)
      const idx = index(map, key)
      const after = new Map(map)
      after.set(key, 77n)
      expect(call(0, [before, key, idx, 77n, !fresh, data(after)]), `round ${round}`).to.equal(true)
      expect(call(0, [before, key, idx, 77n, fresh, data(after)]), 'has() answers whether the key is there').to.not.equal(true)
      expect(call(0, [before, key, idx, 78n, !fresh, data(after)]), 'another value').to.not.equal(true)
      for (const wrong of [idx - 1n, idx + 1n]) {
        if (wrong < 0n) continue
        expect(call(0, [before, key, wrong, 77n, !fresh, data(after)]), `index ${wrong} instead of ${idx}`).to.not.equal(true)
      }
    }
  })

  it('deletes a key, which must be there, at its index', () => {
    const map = new Map<bigint, bigint>([[1n, 10n], [2n, 20n], [3n, 30n], [40n, 1n], [-9n, 0n]])
    for (const key of map.keys()) {
      const after = new Map(map)
      after.delete(key)
      const idx = index(map, key)
      expect(call(1, [data(map), key, idx, data(after)])).to.equal(true)
      expect(call(1, [data(map), key, idx + 1n, data(after)])).to.not.equal(true)
    }
    expect(call(1, [data(map), 4n, index(map, 4n), data(map)]), 'a key that is not there').to.not.equal(true)
  })

  it('hashes struct keys as scryptlib flattens them', () => {
    const map = new Map<any, any>([[{ x: 1n, up: true, tag: Bytes('aa') }, Bytes('01')], [{ x: -5n, up: false, tag: Bytes('') }, Bytes('')]])
    const key = { x: 7n, up: false, tag: Bytes('beef') }
    const before = Cls.toData(map, 'HashedMap<Pt,bytes>').toString()
    const idx = BigInt(Cls.findKeyIndex(map, key, 'Pt'))
    map.set(key, Bytes('c0ffee'))
    const after = Cls.toData(map, 'HashedMap<Pt,bytes>').toString()
    expect(call(2, [before, 7n, false, 'beef', idx, 'c0ffee', after])).to.equal(true)
    expect(call(2, [before, 7n, true, 'beef', idx, 'c0ffee', after])).to.not.equal(true)
  })

  it('takes index -1 (scrypt-ts\'s access path for a missing key) as "not there", unchecked; set refuses it', () => {
    const map = new Map<bigint, bigint>([[1n, 10n], [2n, 20n]])
    expect(call(4, [data(map), 5n]), 'a key that is not there').to.equal(true)
    // no script can prove an absence without the key's place: -1 answers false even for a key that is there
    expect(call(4, [data(map), 1n]), 'a key that is there').to.equal(true)
    expect(call(5, [data(map), 5n]), 'set at -1').to.not.equal(true)
  })

  it('adds to a set and deletes from it', () => {
    const set = new Set<any>([Bytes('01'), Bytes('0203'), Bytes(''), Bytes('ff00')])
    const toData = (s: Set<any>) => Cls.toData(s, 'HashedSet<bytes>').toString()
    for (const [item, had] of [['0203', true], ['abcdef', false]] as [string, boolean][]) {
      const after = new Set(set)
      after.add(Bytes(item))
      const idx = BigInt(Cls.findKeyIndex(set, Bytes(item), 'bytes'))
      expect(call(3, [toData(set), item, idx, had, toData(after)]), item).to.equal(true)
      expect(call(3, [toData(set), item, idx, !had, toData(after)]), item).to.not.equal(true)
    }
  })
})
