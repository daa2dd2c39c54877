import type { BlockHeader } from '../block/RawBlock'
import { parseHeader } from '../chain/ChainHeader'

/**
 * One of WhatsOnChain's header files (`GET /block/headers/resources` lists them): 80-byte
 * headers back to back, `{from}_{to}_headers` for the heights from..to (both included, 10,000
 * a file), and `latest` for the headers after the last numbered file.
 */
export type HeaderFile =
  | { kind: 'range', from: number, to: number, path: string }
  | { kind: 'latest', path: string }

/**
 * The header files of a `resources` answer that lie under `base` (the WhatsOnChain API the
 * home is pointed at), as paths relative to it; links elsewhere, or of another shape, are
 * left out (nothing is fetched from a host the user did not name).
 */
export function headerFilesOf (body: unknown, base: string): HeaderFile[] | undefined {
  const files = (body as { files?: unknown })?.files
  if (!Array.isArray(files)) return undefined
  const prefix = `${base.replace(/\/+$/, '')}/`
  const out: HeaderFile[] = []
  for (const link of files) {
    if (typeof link !== 'string' || !link.startsWith(prefix)) continue
    const path = `/${link.slice(prefix.length)}`
    if (path.split('/').some(part => part === '..' || part === '.') || /[?#%\\]/.test(path)) continue
    const name = path.split('/').pop() as string
    if (name === 'latest') { out.push({ kind: 'latest', path }); continue }
    const m = /^(\d+)_(\d+)_headers(\.bin)?$/.exec(name)
    if (m === null) continue
    const from = Number(m[1])
    const to = Number(m[2])
    if (Number.isSafeInteger(from) && Number.isSafeInteger(to) && to >= from) out.push({ kind: 'range', from, to, path })
  }
  return out
}

/** The headers of a file's bytes, each parsed and hashed here; undefined unless the bytes are whole headers. */
export function headersOfFile (bytes: Buffer): BlockHeader[] | undefined {
  if (bytes.length % 80 !== 0) return undefined
  const out: BlockHeader[] = []
  for (let at = 0; at < bytes.length; at += 80) out.push(parseHeader(bytes.subarray(at, at + 80)))
  return out
}
