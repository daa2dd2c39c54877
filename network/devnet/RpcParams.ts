import { RpcCode, RpcFailure } from './RpcFailure'

/** How UniValue names a JSON type in the node's messages ("Expected type string, got number"). */
export function jsonTypeName (value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'boolean') return 'bool'
  if (typeof value === 'number') return 'number'
  if (typeof value === 'string') return 'string'
  return 'object'
}

const HEX = /^([0-9a-fA-F]{2})+$/

/**
 * Positional JSON-RPC parameters read the way the node's handlers read them: UniValue's
 * get_str/get_int/get_bool (-1 "JSON value is not ... as expected" when the type is wrong,
 * since the node turns those exceptions into RPC_MISC_ERROR), RPCTypeCheck (-3) and
 * ParseHashV (-8). A parameter given as JSON null counts as given, as it does for the node.
 */
export class RpcParams {
  constructor (private readonly values: unknown[]) {}

  get length (): number { return this.values.length }

  /** Given (possibly as null). */
  has (index: number): boolean { return index < this.values.length }

  raw (index: number): unknown { return this.values[index] ?? null }

  str (index: number): string {
    const v = this.raw(index)
    if (typeof v !== 'string') throw new RpcFailure(RpcCode.MISC_ERROR, 'JSON value is not a string as expected')
    return v
  }

  int (index: number): number {
    const v = this.raw(index)
    if (typeof v !== 'number') throw new RpcFailure(RpcCode.MISC_ERROR, 'JSON value is not an integer as expected')
    if (!Number.isInteger(v) || v < -0x80000000 || v > 0x7fffffff) throw new RpcFailure(RpcCode.MISC_ERROR, 'JSON integer out of range')
    return v
  }

  bool (index: number): boolean {
    const v = this.raw(index)
    if (typeof v !== 'boolean') throw new RpcFailure(RpcCode.MISC_ERROR, 'JSON value is not a boolean as expected')
    return v
  }

  /** RPCTypeCheck: each given parameter must have the listed JSON type (-3 otherwise). */
  typeCheck (types: string[]): void {
    types.forEach((type, i) => {
      if (!this.has(i)) return
      const got = jsonTypeName(this.values[i])
      if (got !== type) throw new RpcFailure(RpcCode.TYPE_ERROR, `Expected type ${type}, got ${got}`)
    })
  }

  /** ParseHashV: 64 hex digits, lower-cased; `name` as the node calls the parameter ("parameter 1", "txid"). */
  hashV (index: number, name: string): string {
    const v = this.raw(index)
    const hex = typeof v === 'string' ? v : ''
    if (!HEX.test(hex)) throw new RpcFailure(RpcCode.INVALID_PARAMETER, `${name} must be hexadecimal string (not '${hex}') and length of it must be divisible by 2`)
    if (hex.length !== 64) throw new RpcFailure(RpcCode.INVALID_PARAMETER, `${name} must be of length 64 (not ${hex.length})`)
    return hex.toLowerCase()
  }

  /**
   * uint256S: what the node does with a block hash or txid it looks up without validating
   * (getblock, getblockheader, gettxout): leading hex digits, the rest ignored, zero-padded.
   * Answers undefined when that cannot name anything this node has (not 64 hex digits).
   */
  looseHash (index: number): string | undefined {
    const v = this.str(index).trim().replace(/^0x/i, '')
    return /^[0-9a-fA-F]{64}$/.test(v) ? v.toLowerCase() : undefined
  }
}
