import { assert, method, prop, pubKey2Addr, PubKey, PubKeyHash, Sig, SmartContract } from 'scrypt-ts'

/**
 * A BSV-21 token output: 1 satoshi locked to a public key hash. The compiled script is the
 * standard P2PKH script; the 1Sat inscription envelope (`deploy+mint` or `transfer`) is
 * prepended with `prependNOPScript`, so the output is byte-identical to what js-1sat-ord
 * builds and every 1Sat wallet and indexer reads it. See `offchain/bsv21.ts`.
 */
export class Bsv21Token extends SmartContract {
  /** The pkh that owns the token output. */
  @prop()
  readonly owner: PubKeyHash

  constructor (owner: PubKeyHash) {
    super(...arguments)
    this.owner = owner
  }

  /** Spends the output with the owner's key: its public key and a signature. */
  @method()
  public unlock (sig: Sig, pubkey: PubKey) {
    assert(pubKey2Addr(pubkey) === this.owner, 'public key hashes are not equal')
    assert(this.checkSig(sig, pubkey), 'signature check failed')
  }
}
