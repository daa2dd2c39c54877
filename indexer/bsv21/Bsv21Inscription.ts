/** The content type of BSV-20/BSV-21 inscriptions. */
export const BSV20_CONTENT_TYPE = 'application/bsv-20'
/** The largest token amount: amounts are unsigned 64-bit integers. */
export const MAX_TOKEN_AMOUNT = 2n ** 64n - 1n
/** The most decimals a deploy may declare (`dec`); a larger value makes the deploy invalid. */
export const MAX_DECIMALS = 18

/** A valid BSV-21 inscription: the deploy of a whole supply, or a transfer or burn of a token by its id. */
export type Bsv21Inscription =
  | { op: 'deploy+mint', amt: bigint, dec: number, sym: string | undefined, icon: string | undefined }
  | { op: 'transfer' | 'burn', amt: bigint, id: string }

/** What `parseBsv21` reads: a valid inscription, an invalid one with its reason, or `undefined` when the content is no BSV-21 at all. */
export type Bsv21Parse = { ok: true, value: Bsv21Inscription } | { ok: false, reason: string } | undefined

const DIGITS = /^[0-9]+$/
const OUTPOINT = /^[0-9a-fA-F]{64}_[0-9]+$/

/**
 * Reads a BSV-21 inscription the way the public BSV-21 indexers do: a JSON object of
 * string values only (a number anywhere makes it unreadable), `p` = "bsv-20", `op`
 * compared in lower case, `amt` a decimal string of 1..2^64-1, `dec` 0..18, and an
 * outpoint `id` for transfers and burns. BSV-20 v1 (`tick`) inscriptions are not BSV-21.
 *
 * Returns undefined when the content is not a BSV-20 inscription at all (another content
 * type), `{ ok: false, reason }` for a malformed one.
 */
export function parseBsv21 (contentType: string, content: Buffer): Bsv21Parse {
  if (contentType !== BSV20_CONTENT_TYPE) return undefined
  let json: unknown
  try {
    json = JSON.parse(content.toString('utf8'))
  } catch {
    return { ok: false, reason: 'content is not JSON' }
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return { ok: false, reason: 'content is not a JSON object' }
  const fields = json as Record<string, unknown>
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value !== 'string') return { ok: false, reason: `field '${key}' is not a string` }
  }
  const data = fields as Record<string, string>
  if (data.p !== 'bsv-20') return { ok: false, reason: 'p is not "bsv-20"' }
  if (data.op === undefined) return { ok: false, reason: 'no op' }
  const op = data.op.toLowerCase()
  if (data.amt === undefined) return { ok: false, reason: 'no amt' }
  if (!DIGITS.test(data.amt)) return { ok: false, reason: 'amt is not a decimal integer string' }
  const amt = BigInt(data.amt)
  if (amt === 0n) return { ok: false, reason: 'amt is zero' }
  if (amt > MAX_TOKEN_AMOUNT) return { ok: false, reason: 'amt exceeds 2^64-1' }
  let dec = 0
  if (data.dec !== undefined) {
    if (!DIGITS.test(data.dec) || data.dec.length > 3 || Number(data.dec) > MAX_DECIMALS) return { ok: false, reason: 'dec is not an integer from 0 to 18' }
    dec = Number(data.dec)
  }
  switch (op) {
    case 'deploy+mint':
      return { ok: true, value: { op, amt, dec, sym: data.sym, icon: data.icon } }
    case 'transfer':
    case 'burn':
      if (data.id === undefined) return { ok: false, reason: `${op} without id` }
      if (!OUTPOINT.test(data.id)) return { ok: false, reason: 'id is not an outpoint <txid>_<vout>' }
      return { ok: true, value: { op, amt, id: data.id } }
    default:
      return { ok: false, reason: `unknown op '${data.op}'` }
  }
}
