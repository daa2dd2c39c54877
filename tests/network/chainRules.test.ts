import { expect } from 'chai'
import { headerBytes, parseHeader, type ChainHeader } from '../../network/chain/ChainHeader'
import { REGTEST_RULES, type ChainRules } from '../../network/chain/ChainRules'
import { expectedBits, verifyNextHeader } from '../../network/chain/HeaderRules'
import { decodeBits, encodeBits, hashNumber, workOf } from '../../network/chain/Target'
import type { BlockHeader } from '../../network/block/RawBlock'

/** A header on `prev` whose hash meets (or, with `fail`, misses) the target of `bits`. */
function mine (prev: ChainHeader, time: number, bits: number, fail = false): BlockHeader {
  const target = decodeBits(bits).target
  for (let nonce = 0; ; nonce++) {
    const h = parseHeader(headerBytes({ version: 0x20000000, prevHash: prev.hash, merkleRoot: 'ab'.repeat(32), time, bits, nonce }))
    if ((hashNumber(h.hash) <= target) !== fail) return h
  }
}

function genesis (bits: number, time = 1_700_000_000): ChainHeader {
  const h = parseHeader(headerBytes({ version: 1, prevHash: '00'.repeat(32), merkleRoot: 'cd'.repeat(32), time, bits, nonce: 0 }))
  return { ...h, height: 0, chainwork: workOf(decodeBits(bits).target).toString() }
}

describe('header chain rules (proof of work, linkage, difficulty, median time)', () => {
  it('reads and writes compact targets as bitcoind does', () => {
    expect(decodeBits(0x1d00ffff).target).to.equal(0xffffn << 208n)
    expect(encodeBits(0xffffn << 208n)).to.equal(0x1d00ffff)
    expect(encodeBits(decodeBits(0x207fffff).target)).to.equal(0x207fffff)
    expect(encodeBits(decodeBits(0x1805ae7b).target)).to.equal(0x1805ae7b)
    // A mantissa with its top bit set is negative; an exponent past 32 bytes overflows.
    expect(decodeBits(0x04923456).negative).to.equal(true)
    expect(decodeBits(0xff123456).overflow).to.equal(true)
    expect(encodeBits(0x80n)).to.equal(0x02008000)
  })

  it('accepts a regtest chain and refuses a header without proof of work, off the tip, or with other bits', () => {
    let window: ChainHeader[] = [genesis(0x207fffff)]
    for (let i = 1; i <= 12; i++) window = [...window, verifyNextHeader(REGTEST_RULES, window, mine(window[window.length - 1], 1_700_000_000 + i * 600, 0x207fffff))]
    const tip = window[window.length - 1]
    expect(tip.height).to.equal(12)
    expect(BigInt(tip.chainwork)).to.equal(13n * 2n)
    expect(() => verifyNextHeader(REGTEST_RULES, window, mine(tip, tip.time + 600, 0x207fffff, true))).to.throw(/has no proof of work/)
    expect(() => verifyNextHeader(REGTEST_RULES, window, mine(window[5], tip.time + 600, 0x207fffff))).to.throw(/does not extend block 12/)
    expect(() => verifyNextHeader(REGTEST_RULES, window, mine(tip, tip.time + 600, 0x2000ffff))).to.throw(/the regtest difficulty rules ask for 207fffff/)
    expect(() => verifyNextHeader(REGTEST_RULES, window, mine(tip, window[6].time, 0x207fffff))).to.throw(/not after the median time/)
    expect(() => verifyNextHeader(REGTEST_RULES, window, mine(tip, Math.floor(Date.now() / 1000) + 3 * 3600, 0x207fffff))).to.throw(/two hours ahead/)
    expect(() => verifyNextHeader(REGTEST_RULES, window, mine(tip, tip.time + 600, 0x217fffff))).to.throw(/not a valid regtest target/)
  })

  it('follows the DAA once 147 headers are known, and testnet\'s 20-minute minimum-difficulty rule', () => {
    // An easy powLimit keeps the mining instant; blocks every 5 minutes make the DAA raise the difficulty.
    const rules: ChainRules = { name: 'test-daa', powLimit: decodeBits(0x207fffff).target, targetSpacing: 600, noRetargeting: false, allowMinDifficultyBlocks: true, daaHeight: 0 }
    let window: ChainHeader[] = [genesis(0x207fffff)]
    let bits = 0x207fffff
    for (let i = 1; i <= 170; i++) {
      const time = 1_700_000_000 + i * 300
      bits = expectedBits(rules, window, { time }) ?? bits
      window = [...window, verifyNextHeader(rules, window, mine(window[window.length - 1], time, bits))].slice(-147)
    }
    const tip = window[window.length - 1]
    expect(tip.bits).to.not.equal(0x207fffff)
    expect(decodeBits(tip.bits).target < rules.powLimit).to.equal(true)
    const required = expectedBits(rules, window, { time: tip.time + 300 }) as number
    expect(() => verifyNextHeader(rules, window, mine(tip, tip.time + 300, 0x207fffff))).to.throw(/difficulty rules ask for/)
    expect(verifyNextHeader(rules, window, mine(tip, tip.time + 300, required)).height).to.equal(171)
    // More than two spacings after its parent, a block may (and must) use the minimum difficulty.
    expect(verifyNextHeader(rules, window, mine(tip, tip.time + 1201, 0x207fffff)).bits).to.equal(0x207fffff)
    // Too short a window: the exact DAA target cannot be told, proof of work still is.
    expect(expectedBits({ ...rules, allowMinDifficultyBlocks: false }, window.slice(-100), { time: tip.time + 300 })).to.equal(undefined)
  })
})
