/**
 * A JSON number written exactly as given: bitcoind prints amounts as fixed-point decimals
 * (`1.00000000`, `0.00000018`), which a JavaScript number would print as `1` and `1.8e-7`.
 */
export class JsonNumber {
  constructor (readonly text: string) {}
}

/** Satoshis as bitcoind's ValueFromAmount prints them: always 8 decimals (`0.00000018`, `1.00000000`). */
export function valueFromAmount (satoshis: bigint): JsonNumber {
  const negative = satoshis < 0n
  const abs = negative ? -satoshis : satoshis
  return new JsonNumber(`${negative ? '-' : ''}${abs / 100_000_000n}.${(abs % 100_000_000n).toString().padStart(8, '0')}`)
}

/** Satoshis as bitcoind's FormatMoney prints them (transaction outputs): trailing zeros trimmed to 2 decimals (`1.00`, `0.00000018`). */
export function formatMoney (satoshis: bigint): JsonNumber {
  const text = valueFromAmount(satoshis).text
  return new JsonNumber(text.replace(/(\.\d\d\d*?)0+$/, '$1'))
}

/** JSON.stringify for RPC answers, with JsonNumber values written verbatim. */
export function writeJson (value: unknown): string {
  if (value instanceof JsonNumber) return value.text
  if (Array.isArray(value)) return '[' + value.map(v => v === undefined ? 'null' : writeJson(v)).join(',') + ']'
  if (value !== null && typeof value === 'object' && (value as { toJSON?: unknown }).toJSON === undefined) {
    const parts: string[] = []
    for (const [key, v] of Object.entries(value)) {
      if (v === undefined) continue
      parts.push(JSON.stringify(key) + ':' + writeJson(v))
    }
    return '{' + parts.join(',') + '}'
  }
  return JSON.stringify(value) ?? 'null'
}
