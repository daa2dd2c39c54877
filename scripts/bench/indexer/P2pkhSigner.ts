import { createHash, sign } from 'crypto'
import type { BenchKey } from './BenchKey'
import { forkIdPreimage, SIGHASH_ALL_FORKID, type UnsignedTx } from './Sighash'

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n
const HALF_N = N >> 1n

function derInt (v: bigint): Buffer {
  let hex = v.toString(16)
  if (hex.length % 2 === 1) hex = '0' + hex
  let b = Buffer.from(hex, 'hex')
  if ((b[0] & 0x80) !== 0) b = Buffer.concat([Buffer.from([0]), b])
  return Buffer.concat([Buffer.from([0x02, b.length]), b])
}

/** Rewrites a DER signature with s in the lower half of the order (the node's LOW_S rule). */
function lowS (der: Buffer): Buffer {
  const rLen = der[3]
  const r = der.subarray(4, 4 + rLen)
  const sLen = der[5 + rLen]
  const s = BigInt('0x' + der.subarray(6 + rLen, 6 + rLen + sLen).toString('hex'))
  if (s <= HALF_N) return der
  const body = Buffer.concat([Buffer.from([0x02, rLen]), r, derInt(N - s)])
  return Buffer.concat([Buffer.from([0x30, body.length]), body])
}

const push = (data: Buffer): Buffer => Buffer.concat([Buffer.from([data.length]), data])

/**
 * The P2PKH unlocking script `<sig> <pubkey>` for input `index` of `tx`, signed with
 * SIGHASH_ALL|FORKID. OpenSSL hashes what it signs once more, so it is given SHA-256 of the
 * preimage and signs the double SHA-256: the sighash.
 */
export function p2pkhUnlock (tx: UnsignedTx, index: number, key: BenchKey): Buffer {
  const halfHashed = createHash('sha256').update(forkIdPreimage(tx, index)).digest()
  const der = lowS(sign('sha256', halfHashed, key.signer))
  return Buffer.concat([push(Buffer.concat([der, Buffer.from([SIGHASH_ALL_FORKID])])), push(key.publicKey)])
}
