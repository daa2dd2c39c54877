import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'crypto'

/** SEC1 DER around a 32-byte secp256k1 private key, so OpenSSL can sign with it. */
const SEC1_HEAD = Buffer.from('302e0201010420', 'hex')
const SEC1_TAIL = Buffer.from('a00706052b8104000a', 'hex')

/**
 * A throw-away secp256k1 key for the benchmark, derived from a label, with what P2PKH needs:
 * the compressed public key, its hash160, and an OpenSSL key object (Node's native ECDSA is
 * many times faster than a BigInt one, which matters for hundreds of thousands of inputs).
 */
export class BenchKey {
  readonly privateKey: Buffer
  readonly publicKey: Buffer
  readonly pkh: Buffer
  readonly signer: KeyObject

  constructor (readonly label: string) {
    this.privateKey = createHash('sha256').update(`divvy-bench-key:${label}`).digest()
    this.signer = createPrivateKey({ key: Buffer.concat([SEC1_HEAD, this.privateKey, SEC1_TAIL]), format: 'der', type: 'sec1' })
    const spki = createPublicKey(this.signer).export({ type: 'spki', format: 'der' })
    const point = spki.subarray(spki.length - 65)
    this.publicKey = Buffer.concat([Buffer.from([(point[64] & 1) === 1 ? 3 : 2]), point.subarray(1, 33)])
    this.pkh = createHash('ripemd160').update(createHash('sha256').update(this.publicKey).digest()).digest()
  }

  get pkhHex (): string { return this.pkh.toString('hex') }

  /** Its plain P2PKH locking script. */
  get p2pkh (): Buffer { return Buffer.concat([Buffer.from('76a914', 'hex'), this.pkh, Buffer.from('88ac', 'hex')]) }
}

const holders = new Map<number, BenchKey>()

/** Holder key number `i` (created once per thread). */
export function holderKey (i: number): BenchKey {
  let key = holders.get(i)
  if (key === undefined) { key = new BenchKey(`holder:${i}`); holders.set(i, key) }
  return key
}
