import { RpcCode, RpcFailure } from './RpcFailure'

/** bitcoind-style reading of positional JSON-RPC parameters. */
export class RpcParams {
  constructor (private readonly values: unknown[], private readonly method: string) {}

  private missing (index: number, name: string): RpcFailure {
    return new RpcFailure(RpcCode.MISC_ERROR, `${this.method}: missing parameter ${index + 1} (${name})`)
  }

  has (index: number): boolean { return this.values[index] !== undefined && this.values[index] !== null }

  string (index: number, name: string): string {
    const v = this.values[index]
    if (!this.has(index)) throw this.missing(index, name)
    if (typeof v !== 'string') throw new RpcFailure(RpcCode.TYPE_ERROR, `Expected type string for ${name}, got ${typeof v}`)
    return v
  }

  integer (index: number, name: string, fallback?: number): number {
    if (!this.has(index)) {
      if (fallback !== undefined) return fallback
      throw this.missing(index, name)
    }
    const v = this.values[index]
    if (typeof v !== 'number' || !Number.isInteger(v)) throw new RpcFailure(RpcCode.TYPE_ERROR, `Expected type number for ${name}, got ${typeof v}`)
    return v
  }

  boolean (index: number, name: string, fallback: boolean): boolean {
    if (!this.has(index)) return fallback
    const v = this.values[index]
    // bitcoind takes 0/1 where it takes true/false for verbosity-like flags.
    if (typeof v === 'number') return v !== 0
    if (typeof v !== 'boolean') throw new RpcFailure(RpcCode.TYPE_ERROR, `Expected type bool for ${name}, got ${typeof v}`)
    return v
  }

  /** getblock's verbosity: 0, 1 or 2, or a boolean as older clients send it. */
  verbosity (index: number, fallback: number): number {
    if (typeof this.values[index] === 'boolean') return this.values[index] === true ? 1 : 0
    const v = this.integer(index, 'verbosity', fallback)
    if (v < 0 || v > 2) throw new RpcFailure(RpcCode.INVALID_PARAMETER, `Verbosity value out of range: ${v}`)
    return v
  }

  /** A 64-hex-digit hash (txid or block hash), lower-cased. */
  hash (index: number, name: string): string {
    const v = this.string(index, name)
    if (!/^[0-9a-fA-F]*$/.test(v)) throw new RpcFailure(RpcCode.INVALID_PARAMETER, `${name} must be hexadecimal string (not '${v}')`)
    if (v.length !== 64) throw new RpcFailure(RpcCode.INVALID_PARAMETER, `${name} must be of length 64 (not ${v.length}, for '${v}')`)
    return v.toLowerCase()
  }
}
