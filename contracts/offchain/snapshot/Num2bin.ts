/**
 * sCrypt's `num2bin(n, size)`: the little-endian sign-magnitude encoding of a script number,
 * padded to `size` bytes, with the sign in the top bit of the last byte.
 */
export function num2bin (n: bigint, size: number): Buffer {
  const negative = n < 0n
  let magnitude = negative ? -n : n
  const out = Buffer.alloc(size)
  for (let i = 0; i < size; i++) {
    out[i] = Number(magnitude & 0xffn)
    magnitude >>= 8n
  }
  if (magnitude !== 0n || (out[size - 1] & 0x80) !== 0) throw new RangeError(`${n} does not fit num2bin(_, ${size})`)
  if (negative) out[size - 1] |= 0x80
  return out
}
