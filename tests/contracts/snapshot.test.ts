import { expect } from 'chai'
import { buildLeaves, buildSnapshot, commitLeaves, commitmentChain, cutUnpayable, EMPTY_COMMITMENT, num2bin, payoutOf } from '../../contracts/offchain/snapshot'

// Vectors computed outside this code base (python hashlib) from the definition in docs/design.md:
// C_n = 32 zero bytes, C_i = sha256(pkh_i || num2bin(amount_i, 8) || C_(i+1)).
const C1_OF_TWO = 'a21e7f0793eda9a8ea940f395deeacbc3b832d6978167b4d81bbd351caba3300'
const C0_OF_TWO = '2603065a1de697a6d21a24d3620dc85c710bdf0dbd0c3a30ef0c7c35227a5d51'
const C0_OF_TIES = '5efa64c811d3d27c982fb01b226f6849166a1384eea5af3935c89890a39ac3fa'
const SUPPLY = 1_000_000_000n

describe('indexer: snapshot commitment', () => {
  it('num2bin is sCrypt little-endian sign-magnitude', () => {
    expect(num2bin(0n, 8).toString('hex')).to.equal('0000000000000000')
    expect(num2bin(1n, 8).toString('hex')).to.equal('0100000000000000')
    expect(num2bin(1_000_000_000n, 8).toString('hex')).to.equal('00ca9a3b00000000')
    expect(num2bin(-1n, 8).toString('hex')).to.equal('0100000000000080')
    expect(num2bin(2n ** 63n - 1n, 8).toString('hex')).to.equal('ffffffffffffff7f')
    expect(() => num2bin(2n ** 63n, 8)).to.throw(RangeError)
    expect(() => num2bin(2n ** 64n - 1n, 8)).to.throw(RangeError)
  })

  it('matches the two-leaf vector, with C_n as the empty commitment', () => {
    const leaves = buildLeaves([{ pkh: '22'.repeat(20), amount: 400_000_000n }, { pkh: '11'.repeat(20), amount: 600_000_000n }])
    expect(leaves.map(l => l.pkh[0])).to.deep.equal(['1', '2'])
    expect(commitLeaves(leaves)).to.equal(C0_OF_TWO)
    expect(commitmentChain(leaves)).to.deep.equal([C0_OF_TWO, C1_OF_TWO, EMPTY_COMMITMENT])
    expect(commitLeaves(leaves.slice(1))).to.equal(C1_OF_TWO)
    expect(commitLeaves(leaves.slice(0, 1), C1_OF_TWO)).to.equal(C0_OF_TWO)
    expect(commitLeaves([])).to.equal(EMPTY_COMMITMENT)
  })

  it('sums per pkh, drops unowned holdings, orders by amount desc then pkh bytes asc', () => {
    const leaves = buildLeaves([
      { pkh: '0b'.repeat(20), amount: 1n },
      { pkh: null, amount: 1000n },
      { pkh: '33'.repeat(20), amount: 2n },
      { pkh: '0a'.repeat(20), amount: 1n },
      { pkh: '33'.repeat(20), amount: 3n }
    ])
    expect(leaves).to.deep.equal([
      { pkh: '33'.repeat(20), amount: 5n },
      { pkh: '0a'.repeat(20), amount: 1n },
      { pkh: '0b'.repeat(20), amount: 1n }
    ])
    expect(commitLeaves(leaves)).to.equal(C0_OF_TIES)
  })

  it('rejects malformed pkhs and non-positive holdings', () => {
    expect(() => buildLeaves([{ pkh: 'AA'.repeat(20), amount: 1n }])).to.throw(/20 bytes/)
    expect(() => buildLeaves([{ pkh: 'aa'.repeat(19), amount: 1n }])).to.throw(/20 bytes/)
    expect(() => buildLeaves([{ pkh: 'aa'.repeat(20), amount: 0n }])).to.throw(/positive/)
  })

  it('cuts the suffix of leaves whose payout floor(pool*amount/supply) is 0', () => {
    const leaves = buildLeaves([
      { pkh: '01'.repeat(20), amount: 999_000_000n },
      { pkh: '02'.repeat(20), amount: 500_000n },
      { pkh: '03'.repeat(20), amount: 499_999n },
      { pkh: '04'.repeat(20), amount: 1n }
    ])
    // pool 2000: 999e6 -> 1998, 500000 -> 1, 499999 -> 0 (0.999998), 1 -> 0
    expect(payoutOf(2000n, 500_000n, SUPPLY)).to.equal(1n)
    expect(payoutOf(2000n, 499_999n, SUPPLY)).to.equal(0n)
    expect(cutUnpayable(leaves, 2000n, SUPPLY).map(l => l.amount)).to.deep.equal([999_000_000n, 500_000n])
    const snap = buildSnapshot([{ pkh: '01'.repeat(20), amount: 999_000_000n }, { pkh: '02'.repeat(20), amount: 500_000n }, { pkh: '03'.repeat(20), amount: 499_999n }, { pkh: '04'.repeat(20), amount: 1n }], SUPPLY, 2000n)
    expect(snap.leaves.length).to.equal(2)
    expect(snap.cut.map(l => l.amount)).to.deep.equal([499_999n, 1n])
    expect(snap.payouts).to.deep.equal([1998n, 1n])
    expect(snap.tokens).to.equal(999_500_000n)
    expect(snap.commitment).to.equal(commitLeaves(snap.leaves))
    expect(buildSnapshot([], SUPPLY, 10n).commitment).to.equal(EMPTY_COMMITMENT)
    expect(buildSnapshot([{ pkh: '01'.repeat(20), amount: 5n }], SUPPLY).cut).to.deep.equal([])
  })
})
