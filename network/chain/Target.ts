/**
 * Compact difficulty targets ("bits") as bitcoind reads and writes them (arith_uint256's
 * SetCompact / GetCompact), and the work a target stands for.
 */

/** A compact target decoded, with the flags bitcoind's SetCompact reports. */
export interface DecodedTarget {
  target: bigint
  negative: boolean
  overflow: boolean
}

export function decodeBits (bits: number): DecodedTarget {
  const size = bits >>> 24
  let word = BigInt(bits & 0x007fffff)
  let target: bigint
  if (size <= 3) {
    word >>= BigInt(8 * (3 - size))
    target = word
  } else {
    target = word << BigInt(8 * (size - 3))
  }
  const negative = word !== 0n && (bits & 0x00800000) !== 0
  const overflow = word !== 0n && (size > 34 || (word > 0xffn && size > 33) || (word > 0xffffn && size > 32))
  return { target, negative, overflow }
}

/** The compact form of a target, as GetCompact writes it (never negative). */
export function encodeBits (target: bigint): number {
  let size = 0
  for (let t = target; t > 0n; t >>= 8n) size++
  let compact = size <= 3 ? Number(target << BigInt(8 * (3 - size))) : Number(target >> BigInt(8 * (size - 3)))
  // The mantissa's top bit is the sign: shift it out into the exponent.
  if ((compact & 0x00800000) !== 0) {
    compact >>= 8
    size++
  }
  return (compact | (size << 24)) >>> 0
}

/** The expected number of hashes a target stands for: 2^256 / (target + 1). */
export function workOf (target: bigint): bigint {
  return (1n << 256n) / (target + 1n)
}

/** A block hash (reversed hex, as printed) as the number proof of work compares. */
export function hashNumber (hash: string): bigint {
  return BigInt('0x' + hash)
}
