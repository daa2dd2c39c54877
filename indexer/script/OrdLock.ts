import { createHash } from 'crypto'
import { p2pkhAt, P2PKH_LENGTH } from './P2pkh'
import { readOp } from './ScriptOps'

/**
 * The OrdLock listing script that js-1sat-ord's `OrdLock.lock()` builds and 1sat.market
 * reads: <prefix> <seller pkh: 20 bytes> <pay output: 8-byte LE satoshis, varint length,
 * script> <suffix>. The seller (the key that can cancel) is the pkh pushed first; a
 * purchase must pay the pay output.
 *
 * The prefix and suffix are a compiled contract: we recognise them by length and sha256
 * rather than carry a copy of its bytes (tests/indexer/ordLock.test.ts checks these
 * against scripts js-1sat-ord builds).
 */
const PREFIX_LENGTH = 102
const PREFIX_SHA256 = '86b0f291096403ced87b8256a0575475143f5ed94646ad5e1f4fdf704c88679e'
const SUFFIX_LENGTH = 702
const SUFFIX_SHA256 = 'a208540ae84c8c389126731c9e69958a778e0bde2c2b4cbb4c1e3fe11973a1ad'

/** An OrdLock listing's terms: who may cancel it, and what a purchase must pay to whom. */
export interface OrdLockListing {
  /** The pkh that can cancel the listing: the seller. */
  sellerPkh: Buffer
  /** The satoshis a purchase pays to `payScript`. */
  price: bigint
  payScript: Buffer
  /** The pkh of `payScript` when it is P2PKH. */
  payPkh?: Buffer
}

const sha256Hex = (b: Buffer): string => createHash('sha256').update(b).digest('hex')

/** Parses `script` (without any inscription envelope) as an OrdLock listing. */
export function parseOrdLock (script: Buffer): OrdLockListing | undefined {
  if (script.length < PREFIX_LENGTH + SUFFIX_LENGTH + 21 + 10) return undefined
  const seller = readOp(script, PREFIX_LENGTH)
  if (seller?.data === undefined || seller.data.length !== 20 || seller.op !== 20) return undefined
  const pay = readOp(script, seller.end)
  if (pay?.data === undefined || pay.end + SUFFIX_LENGTH !== script.length) return undefined
  const payOutput = decodePayOutput(pay.data)
  if (payOutput === undefined) return undefined
  if (sha256Hex(script.subarray(0, PREFIX_LENGTH)) !== PREFIX_SHA256) return undefined
  if (sha256Hex(script.subarray(pay.end)) !== SUFFIX_SHA256) return undefined
  const payPkh = payOutput.script.length === P2PKH_LENGTH ? p2pkhAt(payOutput.script) : undefined
  return { sellerPkh: Buffer.from(seller.data), price: payOutput.satoshis, payScript: Buffer.from(payOutput.script), payPkh: payPkh !== undefined ? Buffer.from(payPkh) : undefined }
}

/** A serialized transaction output: 8-byte LE satoshis, varint script length, script. */
function decodePayOutput (bytes: Buffer): { satoshis: bigint, script: Buffer } | undefined {
  if (bytes.length < 9) return undefined
  const satoshis = bytes.readBigUInt64LE(0)
  let at = 8
  let len = bytes[at]; at += 1
  if (len === 0xfd) {
    if (bytes.length < at + 2) return undefined
    len = bytes.readUInt16LE(at); at += 2
  } else if (len >= 0xfe) {
    return undefined
  }
  if (at + len !== bytes.length) return undefined
  return { satoshis, script: bytes.subarray(at) }
}
