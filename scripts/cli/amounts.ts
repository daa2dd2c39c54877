import { UsageError } from './options'

/** All the satoshis there can ever be: 21,000,000 BSV. */
export const MAX_SATOSHIS = 21_000_000n * 100_000_000n

/** Refuses an amount of satoshis above 21,000,000 BSV, naming the option. */
export function checkSatoshis (command: string, option: string, value: bigint): void {
  if (value > MAX_SATOSHIS) throw new UsageError(`${command}: --${option} must be at most ${MAX_SATOSHIS} satoshis (21,000,000 BSV), got ${value}`)
}

/** A price per token as a decimal with `places` digits after the point, exact (rounded down). */
export function pricePerToken (price: bigint, tokens: bigint, places = 6): string {
  const scaled = price * 10n ** BigInt(places) / tokens
  const whole = scaled / 10n ** BigInt(places)
  const fraction = (scaled % 10n ** BigInt(places)).toString().padStart(places, '0')
  return `${whole}.${fraction}`
}
