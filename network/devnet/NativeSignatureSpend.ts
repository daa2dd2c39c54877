import { Hash, PublicKey, Spend, TransactionSignature, Utils } from '@bsv/sdk'
import { createPublicKey, KeyObject, verify } from 'crypto'

/**
 * `@bsv/sdk`'s script interpreter, with the final ECDSA check done by Node's OpenSSL instead
 * of the sdk's BigInt arithmetic (several times faster), and public keys that passed the
 * encoding check remembered (the check decompresses the point, a costly square root).
 * Everything else — parsing, encoding rules, the sighash preimage, the stack machine — is the
 * sdk's own.
 */
export class NativeSignatureSpend extends Spend {}

type SighashParams = Parameters<typeof TransactionSignature.formatBytes>[0]
interface SpendInternals {
  verifySignature: (sig: TransactionSignature, pubkey: PublicKey, subscript: SighashParams['subscript']) => boolean
  checkPublicKeyEncoding: (buf: number[]) => boolean
  sigHashCache: SighashParams['cache']
}
const sdk = Spend.prototype as unknown as SpendInternals

/** DER prefix of an uncompressed secp256k1 public key in SubjectPublicKeyInfo form. */
const SPKI_SECP256K1_UNCOMPRESSED = Buffer.from('3056301006072a8648ce3d020106052b8104000a034200', 'hex')
const CACHE_SIZE = 4096
const nodeKeys = new Map<string, KeyObject>()
const wellEncodedKeys = new Set<string>()

function nodeKey (pubkey: PublicKey): KeyObject {
  const point = pubkey.encode(false, 'hex') as string
  let key = nodeKeys.get(point)
  if (key === undefined) {
    key = createPublicKey({ key: Buffer.concat([SPKI_SECP256K1_UNCOMPRESSED, Buffer.from(point, 'hex')]), format: 'der', type: 'spki' })
    if (nodeKeys.size >= CACHE_SIZE) nodeKeys.clear()
    nodeKeys.set(point, key)
  }
  return key
}

Object.defineProperty(NativeSignatureSpend.prototype, 'verifySignature', {
  value: function (this: Spend, sig: TransactionSignature, pubkey: PublicKey, subscript: SighashParams['subscript']): boolean {
    const params: SighashParams = {
      sourceTXID: this.sourceTXID,
      sourceOutputIndex: this.sourceOutputIndex,
      sourceSatoshis: this.sourceSatoshis,
      transactionVersion: this.transactionVersion,
      otherInputs: this.otherInputs,
      outputs: this.outputs,
      inputIndex: this.inputIndex,
      subscript,
      inputSequence: this.inputSequence,
      lockTime: this.lockTime,
      scope: sig.scope,
      cache: (this as unknown as SpendInternals).sigHashCache
    }
    // The SIGHASH_SINGLE bug signs the constant 1, not a hash of a preimage: leave it to the sdk.
    if (TransactionSignature.usesOtdaSingleBug(params)) return sdk.verifySignature.call(this, sig, pubkey, subscript)
    // OpenSSL hashes what it verifies: given SHA-256(preimage) it checks SHA-256 of that, the sighash.
    const halfHashed = Hash.sha256(Array.from(TransactionSignature.formatBytes(params)))
    return verify('sha256', Buffer.from(halfHashed), nodeKey(pubkey), Buffer.from(sig.toDER() as number[]))
  }
})

Object.defineProperty(NativeSignatureSpend.prototype, 'checkPublicKeyEncoding', {
  value: function (this: Spend, buf: number[]): boolean {
    const hex = Utils.toHex(buf)
    if (wellEncodedKeys.has(hex)) return true
    const ok = sdk.checkPublicKeyEncoding.call(this, buf)
    if (ok) {
      if (wellEncodedKeys.size >= CACHE_SIZE) wellEncodedKeys.clear()
      wellEncodedKeys.add(hex)
    }
    return ok
  }
})
