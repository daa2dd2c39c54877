import { OP_CHECKSIG, OP_DUP, OP_EQUALVERIFY, OP_HASH160, OP_RETURN } from './ScriptOps'

/** The 25-byte standard pay-to-public-key-hash script. */
export const P2PKH_LENGTH = 25

/** The public key hash when `script` starts with a P2PKH template at `offset`, else undefined. */
export function p2pkhAt (script: Buffer, offset = 0): Buffer | undefined {
  if (script.length < offset + P2PKH_LENGTH) return undefined
  if (script[offset] !== OP_DUP || script[offset + 1] !== OP_HASH160 || script[offset + 2] !== 20 ||
    script[offset + 23] !== OP_EQUALVERIFY || script[offset + 24] !== OP_CHECKSIG) return undefined
  return script.subarray(offset + 3, offset + 23)
}

/** The pkh of an exact P2PKH script (nothing before or after), else undefined. */
export function plainP2pkh (script: Buffer): Buffer | undefined {
  return script.length === P2PKH_LENGTH ? p2pkhAt(script) : undefined
}

/**
 * The pkh of a P2PKH script that may carry trailing data after an OP_RETURN (js-1sat-ord
 * appends MAP metadata that way): spending still needs only the key of that pkh.
 */
export function p2pkhWithData (script: Buffer): Buffer | undefined {
  const pkh = p2pkhAt(script)
  if (pkh === undefined) return undefined
  if (script.length === P2PKH_LENGTH || script[P2PKH_LENGTH] === OP_RETURN) return pkh
  return undefined
}

/** Builds the P2PKH locking script of a 20-byte pkh. */
export function p2pkhScript (pkh: Buffer): Buffer {
  return Buffer.concat([Buffer.from([OP_DUP, OP_HASH160, 20]), pkh, Buffer.from([OP_EQUALVERIFY, OP_CHECKSIG])])
}
