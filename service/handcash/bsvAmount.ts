/**
 * HandCash's API counts BSV as a JSON number of coins (`sendAmount: 0.0001`, `units`), Divvy
 * counts bigint satoshis. The conversions go through the decimal text (8 places), never
 * through floating-point arithmetic on satoshis.
 */
export function satoshisToBsv (satoshis: bigint): number {
  if (satoshis < 0n || satoshis > 21_000_000n * 100_000_000n) throw new Error(`${satoshis} satoshis is not an amount of BSV`)
  return Number(`${satoshis / 100_000_000n}.${(satoshis % 100_000_000n).toString().padStart(8, '0')}`)
}

/** Satoshis of a BSV amount as HandCash writes it; refused when it has more than 8 decimals or is negative. */
export function bsvToSatoshis (bsv: number): bigint {
  if (!Number.isFinite(bsv) || bsv < 0) throw new Error(`${bsv} is not an amount of BSV`)
  const text = bsv.toFixed(8)
  if (Math.abs(Number(text) - bsv) > 1e-12 * Math.max(1, bsv)) throw new Error(`${bsv} BSV has more than 8 decimals`)
  const [whole, frac] = text.split('.')
  return BigInt(whole) * 100_000_000n + BigInt(frac)
}
