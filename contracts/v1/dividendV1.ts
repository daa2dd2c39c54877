import {
  assert, ByteString, FixedArray, hash256, int2ByteString, len, method, prop, PubKey,
  sha256, Sig, SigHash, SmartContract, toByteString, within
} from 'scrypt-ts'

/** One holder of a snapshot: the 20-byte public key hash paid, and its token balance. */
export type Leaf = {
  pkh: ByteString
  amount: bigint
}

/**
 * Version 1 of the dividend contract, kept so that contracts deployed with it stay readable,
 * crankable and auditable. Its artifact is frozen (`artifacts/dividendV1.json`, the exact
 * script those contracts carry) and never recompiled: this source is left out of
 * `npm run compile`, and only its TypeScript (the ABI and the off-chain bodies) is used.
 * Version 1 was deployed by its own transaction, bound to its token only by the `tokenId`
 * prop, with one operator key whose signatures were not pinned to a sighash type.
 *
 * Money paid in can only leave to the holders of an operator-attested snapshot, each
 * exactly floor(roundPool * amount / supply).
 *
 * A snapshot is a reverse hash chain of leaves (pkh, amount):
 * C_n = 32 zero bytes, C_i = sha256(pkh_i || num2bin(amount_i, 8) || C_(i+1)).
 * `cursor` is the chain of the holders not yet paid in the running round.
 */
export class DividendV1 extends SmartContract {
  /**
   * Holders paid per `distribute` call. Every byte of the script is paid twice per call (the
   * next output and the preimage's script code), so a bigger batch spreads the fixed part
   * over more holders but makes every deposit bigger; 100 pays a holder in ~233 bytes with
   * a ~17.3 kB deposit (README, "Choosing the batch size").
   */
  static readonly N = 100

  /** C_n, the end of every snapshot's hash chain, and the cursor of an idle contract. */
  @prop()
  static readonly EMPTY_CHAIN: ByteString = toByteString('0000000000000000000000000000000000000000000000000000000000000000')

  /** The token's id (`<txid>_0` as bytes): version 1 names its token. */
  @prop()
  readonly tokenId: ByteString

  /** The token's whole supply: a leaf's share of a round's pool is `amount / supply`. */
  @prop()
  readonly supply: bigint

  /** The one operator key, which starts and recommits rounds and hands the role over. */
  @prop(true)
  operator: PubKey

  /** The number of rounds started so far (0 until the first). */
  @prop(true)
  round: bigint

  /** The block height of the running (or last) round's snapshot. */
  @prop(true)
  snapshotHeight: bigint

  /** The hash chain of the leaves of the running round not paid yet; `EMPTY_CHAIN` when no round runs. */
  @prop(true)
  cursor: ByteString

  /** The satoshis the running round shares out, fixed when it started. */
  @prop(true)
  roundPool: bigint

  /** The tokens of the leaves the running round has paid so far (never more than the supply). */
  @prop(true)
  roundTokens: bigint

  constructor (tokenId: ByteString, supply: bigint, operator: PubKey) {
    super(...arguments)
    this.tokenId = tokenId
    this.supply = supply
    this.operator = operator
    this.round = 0n
    this.snapshotHeight = 0n
    this.cursor = DividendV1.EMPTY_CHAIN
    this.roundPool = 0n
    this.roundTokens = 0n
  }

  /** Anyone adds `amount` satoshis; the contract output grows by exactly that. */
  @method(SigHash.ANYONECANPAY_SINGLE)
  public deposit (amount: bigint) {
    assert(amount >= 1n, 'deposit below 1 satoshi')
    const output: ByteString = this.buildStateOutput(this.ctx.utxo.value + amount)
    assert(this.ctx.hashOutputs === hash256(output), 'the contract output must grow by the amount')
  }

  /** The operator starts a round over the snapshot `commitment` taken after block `height`. */
  @method(SigHash.ANYONECANPAY_SINGLE)
  public startRound (commitment: ByteString, height: bigint, sig: Sig) {
    assert(this.checkSig(sig, this.operator), 'operator signature required')
    assert(this.cursor === DividendV1.EMPTY_CHAIN, 'a round is running')
    assert(len(commitment) === 32n && commitment !== DividendV1.EMPTY_CHAIN, 'bad commitment')
    this.round++
    this.snapshotHeight = height
    this.cursor = commitment
    this.roundPool = this.ctx.utxo.value - 1n
    assert(this.roundPool > 0n, 'nothing to distribute')
    this.roundTokens = 0n
    const output: ByteString = this.buildStateOutput(this.ctx.utxo.value)
    assert(this.ctx.hashOutputs === hash256(output), 'the contract must carry on unchanged in value')
  }

  /**
   * Anyone pays the next `count` leaves of the running round. `tail` is the chain of the
   * leaves after them; folding the paid leaves onto it must give the cursor.
   */
  @method()
  public distribute (leaves: FixedArray<Leaf, 100>, count: bigint, tail: ByteString) {
    assert(this.cursor !== DividendV1.EMPTY_CHAIN, 'no round is running')
    assert(count >= 1n && count <= DividendV1.N, 'count out of range')
    assert(len(tail) === 32n, 'tail must be 32 bytes')
    let chain: ByteString = tail
    let payouts: ByteString = toByteString('')
    let paid = 0n
    let tokens = 0n
    const amountBound = this.supply + 1n
    // Walk the batch backwards: the chain folds from its end, and each payout is
    // prepended so that the outputs come out in leaf order.
    for (let i = 0; i < DividendV1.N; i++) {
      if (DividendV1.N - 1 - i < count) {
        const leaf: Leaf = leaves[DividendV1.N - 1 - i]
        assert(len(leaf.pkh) === 20n, 'pkh must be 20 bytes')
        assert(within(leaf.amount, 1n, amountBound), 'amount out of range')
        chain = sha256(leaf.pkh + int2ByteString(leaf.amount, 8n) + chain)
        const payout: bigint = this.roundPool * leaf.amount / this.supply
        // The P2PKH output, written out: value, script length 25, OP_DUP OP_HASH160 <pkh> OP_EQUALVERIFY OP_CHECKSIG.
        payouts = int2ByteString(payout, 8n) + toByteString('1976a914') + leaf.pkh + toByteString('88ac') + payouts
        paid += payout
        tokens += leaf.amount
      }
    }
    assert(chain === this.cursor, 'leaves do not match the cursor')
    this.roundTokens += tokens
    assert(this.roundTokens <= this.supply, 'more tokens than the supply')
    this.cursor = tail
    const outputs: ByteString = this.buildStateOutput(this.ctx.utxo.value - paid) + payouts + this.buildChangeOutput()
    assert(this.ctx.hashOutputs === hash256(outputs), 'outputs must be the contract, the payouts and change')
  }

  /** The operator replaces the chain of the holders not yet paid; C_n ends the round. */
  @method(SigHash.ANYONECANPAY_SINGLE)
  public recommit (commitment: ByteString, sig: Sig) {
    assert(this.checkSig(sig, this.operator), 'operator signature required')
    assert(this.cursor !== DividendV1.EMPTY_CHAIN, 'no round is running')
    assert(len(commitment) === 32n, 'bad commitment')
    this.cursor = commitment
    const output: ByteString = this.buildStateOutput(this.ctx.utxo.value)
    assert(this.ctx.hashOutputs === hash256(output), 'the contract must carry on unchanged in value')
  }

  /** The operator hands the role to another key. */
  @method(SigHash.ANYONECANPAY_SINGLE)
  public setOperator (newOperator: PubKey, sig: Sig) {
    assert(this.checkSig(sig, this.operator), 'operator signature required')
    this.operator = newOperator
    const output: ByteString = this.buildStateOutput(this.ctx.utxo.value)
    assert(this.ctx.hashOutputs === hash256(output), 'the contract must carry on unchanged in value')
  }
}
