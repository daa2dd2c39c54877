import { Hash, PublicKey, Spend, TransactionSignature } from '@bsv/sdk'
import { createPublicKey, KeyObject, verify } from 'crypto'

/** DER prefix of an uncompressed secp256k1 public key in SubjectPublicKeyInfo form. */
const SPKI_SECP256K1_UNCOMPRESSED = Buffer.from('3056301006072a8648ce3d020106052b8104000a034200', 'hex')
const keyCache = new Map<string, KeyObject>()

function nodeKey (pubkey: PublicKey): KeyObject {
  const point = pubkey.encode(false, 'hex') as string
  let key = keyCache.get(point)
  if (key === undefined) {
    key = createPublicKey({ key: Buffer.concat([SPKI_SECP256K1_UNCOMPRESSED, Buffer.from(point, 'hex')]), format: 'der', type: 'spki' })
    if (keyCache.size >= 4096) keyCache.clear()
    keyCache.set(point, key)
  }
  return key
}

type SighashParams = Parameters<typeof TransactionSignature.formatBytes>[0]

/**
 * `@bsv/sdk`'s script interpreter, with the final ECDSA check done by Node's OpenSSL instead
 * of the sdk's BigInt arithmetic (several times faster). Everything else — parsing, encoding
 * rules, the sighash preimage, the stack machine — is the sdk's own. OpenSSL hashes what it
 * verifies, so it is given SHA-256(preimage) and checks SHA-256 of that: the sighash.
 */
export class NativeSignatureSpend extends Spend {}

const sdkVerifySignature = (Spend.prototype as unknown as { verifySignature: (sig: TransactionSignature, pubkey: PublicKey, subscript: unknown) => boolean }).verifySignature

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
      cache: (this as unknown as { sigHashCache: SighashParams['cache'] }).sigHashCache
    }
    // The SIGHASH_SINGLE bug signs the constant 1, not a hash of a preimage: leave it to the sdk.
    if (TransactionSignature.usesOtdaSingleBug(params)) return sdkVerifySignature.call(this, sig, pubkey, subscript)
    const halfHashed = Hash.sha256(Array.from(TransactionSignature.formatBytes(params)))
    return verify('sha256', Buffer.from(halfHashed), nodeKey(pubkey), Buffer.from(sig.toDER() as number[]))
  }
})
