import { bsv } from 'scrypt-ts'

/** The message a key proof signs: sha256("divvy operator key " || pubkey). */
function proofMessage (publicKey: string): Buffer {
  return bsv.crypto.Hash.sha256(Buffer.concat([Buffer.from('divvy operator key '), Buffer.from(publicKey, 'hex')]))
}

/**
 * A proof that whoever offers a public key for an operator set holds its private key: an
 * ECDSA signature (DER, hex) over sha256("divvy operator key " || pubkey). `divvy issue`
 * checks one for every key before it deploys (no script checks the deploy output), and
 * publishes them beside the set, so that anyone can check the set the issue proved.
 */
export function keyProof (key: bsv.PrivateKey): string {
  return bsv.crypto.ECDSA.sign(proofMessage(key.publicKey.toString()), key).toDER().toString('hex')
}

/** True when `proof` is the key's signature of its proof message. */
export function verifyKeyProof (publicKey: string, proof: string): boolean {
  try {
    const pub = bsv.PublicKey.fromString(publicKey)
    if (!pub.compressed) return false
    return bsv.crypto.ECDSA.verify(proofMessage(publicKey), bsv.crypto.Signature.fromDER(Buffer.from(proof, 'hex')), pub)
  } catch {
    return false
  }
}
