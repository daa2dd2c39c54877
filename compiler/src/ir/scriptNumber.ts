// Bitcoin script number and push encodings.

/** Minimal sign-magnitude little-endian bytes of n (empty for 0), as hex. */
export function encodeNum (n: bigint): string {
  if (n === 0n) return ''
  const neg = n < 0n
  let m = neg ? -n : n
  const bytes: number[] = []
  while (m > 0n) { bytes.push(Number(m & 0xffn)); m >>= 8n }
  if (bytes[bytes.length - 1] & 0x80) bytes.push(neg ? 0x80 : 0x00)
  else if (neg) bytes[bytes.length - 1] |= 0x80
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join('')
}

/** The number a byte string means in script (sign-magnitude little endian). */
export function decodeNum (hex: string): bigint {
  if (hex.length === 0) return 0n
  const bytes = hex.match(/../g)!.map((h) => parseInt(h, 16))
  const last = bytes[bytes.length - 1]
  const neg = (last & 0x80) !== 0
  bytes[bytes.length - 1] = last & 0x7f
  let n = 0n
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i])
  return neg ? -n : n
}

/** num2bin: n in exactly `size` bytes, or undefined when it does not fit (the script would fail). */
export function num2bin (n: bigint, size: number): string | undefined {
  const m = encodeNum(n < 0n ? -n : n)
  const mag = m.length / 2
  if (size < 0 || mag > size) {
    // a magnitude whose top byte already carries a 00 sign byte can still drop it when it fits
    return undefined
  }
  const bytes = (m.match(/../g) ?? []).map((h) => parseInt(h, 16))
  while (bytes.length < size) bytes.push(0)
  if (n < 0n) bytes[size - 1] |= 0x80
  if (size === 0) return ''
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join('')
}

/** Minimal push of a byte string (MINIMALDATA rules). */
export function pushData (hex: string): string {
  const len = hex.length / 2
  if (len === 0) return '00'
  if (len === 1) {
    const b = parseInt(hex, 16)
    if (b >= 1 && b <= 16) return (0x50 + b).toString(16)
    if (b === 0x81) return '4f'
  }
  if (len <= 75) return len.toString(16).padStart(2, '0') + hex
  if (len <= 0xff) return '4c' + len.toString(16).padStart(2, '0') + hex
  if (len <= 0xffff) return '4d' + le(len, 2) + hex
  return '4e' + le(len, 4) + hex
}

function le (n: number, size: number): string {
  let out = ''
  for (let i = 0; i < size; i++) { out += (n & 0xff).toString(16).padStart(2, '0'); n = Math.floor(n / 256) }
  return out
}
