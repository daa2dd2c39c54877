import { addressToPkh } from '../script/Address'
import { QueryError } from '../query/QueryError'
import type { Page } from '../query/TokenQueries'

export const MAX_PAGE = 1000
export const DEFAULT_PAGE = 100

const INTEGER = /^[0-9]+$/

function single (value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string') throw new QueryError(400, 'BAD_PARAMETER', `'${name}' must be given once, as a plain value`)
  return value
}

export function parsePage (query: Record<string, unknown>): Page {
  const offsetText = single(query.offset, 'offset')
  const limitText = single(query.limit, 'limit')
  if (offsetText !== undefined && !INTEGER.test(offsetText)) throw new QueryError(400, 'BAD_PAGINATION', `offset must be a non-negative integer, got '${offsetText}'`)
  if (limitText !== undefined && !INTEGER.test(limitText)) throw new QueryError(400, 'BAD_PAGINATION', `limit must be an integer from 1 to ${MAX_PAGE}, got '${limitText}'`)
  const offset = offsetText === undefined ? 0 : Number(offsetText)
  const limit = limitText === undefined ? DEFAULT_PAGE : Number(limitText)
  if (limit < 1 || limit > MAX_PAGE) throw new QueryError(400, 'BAD_PAGINATION', `limit must be an integer from 1 to ${MAX_PAGE}, got '${limitText ?? ''}'`)
  if (!Number.isSafeInteger(offset)) throw new QueryError(400, 'BAD_PAGINATION', 'offset is too large')
  return { offset, limit }
}

/** A height between the start of the index and its tip. */
export function parseHeight (query: Record<string, unknown>, tip: number | undefined, start: number | undefined, required: boolean): number | undefined {
  const text = single(query.height, 'height')
  if (text === undefined) {
    if (required) throw new QueryError(400, 'MISSING_HEIGHT', 'height is required')
    return undefined
  }
  if (!INTEGER.test(text) || !Number.isSafeInteger(Number(text))) throw new QueryError(400, 'BAD_HEIGHT', `height must be a non-negative integer, got '${text}'`)
  const height = Number(text)
  if (tip === undefined) throw new QueryError(404, 'NOTHING_INDEXED', 'no block is indexed yet')
  if (height > tip) throw new QueryError(404, 'HEIGHT_BEYOND_TIP', `height ${height} is beyond the indexed tip ${tip}`)
  if (start !== undefined && height < start) throw new QueryError(404, 'HEIGHT_BEFORE_START', `height ${height} is before the first indexed block ${start}`)
  return height
}

/** A positive satoshi amount, as a decimal string. */
export function parsePool (query: Record<string, unknown>): bigint | undefined {
  const text = single(query.pool, 'pool')
  if (text === undefined) return undefined
  if (!INTEGER.test(text) || BigInt(text) === 0n || BigInt(text) > 21n * 10n ** 14n) throw new QueryError(400, 'BAD_POOL', `pool must be a positive number of satoshis (at most 21e14), got '${text}'`)
  return BigInt(text)
}

export function parseAddress (address: string): string {
  const pkh = addressToPkh(address)
  if (pkh === undefined) throw new QueryError(400, 'BAD_ADDRESS', `'${address}' is not a P2PKH address`)
  return pkh.toString('hex')
}

/** `?pending=true` asks for the mempool on top of the confirmed index; absent or `false`, confirmed state only. */
export function parsePending (query: Record<string, unknown>): boolean {
  const text = single(query.pending, 'pending')
  if (text === undefined || text === 'false') return false
  if (text === 'true') return true
  throw new QueryError(400, 'BAD_PENDING', `pending must be 'true' or 'false', got '${text}'`)
}
