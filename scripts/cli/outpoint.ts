import { UsageError } from './options'

const OUTPOINT = /^([0-9a-f]{64})[_:.]([0-9]+)$/

/** A `<txid>_<vout>` option value (also `:` or `.` between), or a usage error naming the option. */
export function parseOutpoint (command: string, option: string, text: string): { txid: string, vout: number } {
  const m = OUTPOINT.exec(text)
  if (m === null || !Number.isSafeInteger(Number(m[2]))) throw new UsageError(`${command}: --${option} '${text}' is not an outpoint <txid>_<vout>`)
  return { txid: m[1], vout: Number(m[2]) }
}
