import {
  assert, ByteString, byteString2Int, FixedArray, hash256, int2ByteString, len, max, method, min, prop, PubKey,
  sha256, Sig, SigHash, slice, SmartContract, toByteString
} from 'scrypt-ts'

/**
 * The dividend contract of one BSV-21 token (version 2): money paid in can only leave to
 * the holders of an operator-approved snapshot, each exactly floor(roundPool * amount / supply),
 * at least 1 satoshi.
 *
 * It is born in the token's issue transaction, as output 1 beside the `deploy+mint` at
 * output 0: the token id `<txid>_0` names the contract's origin `<txid>_1`.
 *
 * A snapshot is a reverse hash chain of leaves: C_n = 32 zero bytes,
 * C_i = sha256(leaf_i || C_(i+1)), where a leaf is its 28 bytes pkh || num2bin(amount, 8).
 * `cursor` is the chain of the holders not yet paid in the running round.
 *
 * The operator set is up to MAX_KEYS keys with thresholds m1 <= m2 and an approval threshold
 * in satoshis; the state keeps only the sha256 of its 175 bytes (see `approve`). Operator
 * actions are approved by operators' signatures, pinned to SIGHASH_ALL|FORKID, counted by
 * one shared block; approvals given in separate transactions add up in the state (a pending
 * proposal), so a deposit landing between two approvals invalidates nothing.
 */
export class Dividend extends SmartContract {
  /**
   * Holders paid per `distribute` call. Every byte of the script is paid twice per call (the
   * next output and the preimage's script code), so a bigger batch spreads the fixed part
   * over more holders but makes every deposit bigger (README, "Choosing the batch size").
   */
  static readonly N = 100

  /** Key slots of an operator set. */
  static readonly MAX_KEYS = 5

  /** C_n, the end of every snapshot's hash chain, and the cursor of an idle contract. */
  @prop()
  static readonly EMPTY_CHAIN: ByteString = toByteString('0000000000000000000000000000000000000000000000000000000000000000')

  /** Action kinds of `approve`. */
  @prop()
  static readonly START_ROUND: bigint = 1n

  /** `approve` kind: move the running round's cursor to a new chain (the empty chain ends the round). */
  @prop()
  static readonly RECOMMIT: bigint = 2n

  /** `approve` kind: the operators hand their role to another set. */
  @prop()
  static readonly SET_OPERATORS: bigint = 3n

  /** `approve` kind: every key of the new set accepts the handover. */
  @prop()
  static readonly ACCEPT_OPERATORS: bigint = 4n

  /** The bit of each key slot in `approvals`. */
  @prop()
  static readonly BITS: FixedArray<bigint, 5> = [1n, 2n, 4n, 8n, 16n]

  /** The token's whole supply: a leaf's share of a round's pool is `amount / supply`. */
  @prop()
  readonly supply: bigint

  /** The smallest deposit: griefing the single contract output costs real money, paid to the holders. */
  @prop()
  readonly minDeposit: bigint

  /** sha256 of the operator set's 175 bytes. */
  @prop(true)
  operators: ByteString

  /** The number of rounds started so far (0 until the first). */
  @prop(true)
  round: bigint

  /** The block height of the running (or last) round's snapshot. */
  @prop(true)
  snapshotHeight: bigint

  /** The hash chain of the leaves of the running round not paid yet; `EMPTY_CHAIN` when no round runs. */
  @prop(true)
  cursor: ByteString

  /** The satoshis the running round shares out, pinned when it started. */
  @prop(true)
  roundPool: bigint

  /** The satoshis the running round has paid so far (never more than `roundPool`). */
  @prop(true)
  roundPaid: bigint

  /** sha256 of the pending action (see `approve`), or empty when none is pending. */
  @prop(true)
  proposal: ByteString

  /** The key slots that approved the pending action, as a bit mask (slot i is bit i). */
  @prop(true)
  approvals: bigint

  constructor (supply: bigint, minDeposit: bigint, operators: ByteString) {
    super(...arguments)
    this.supply = supply
    this.minDeposit = minDeposit
    this.operators = operators
    this.round = 0n
    this.snapshotHeight = 0n
    this.cursor = Dividend.EMPTY_CHAIN
    this.roundPool = 0n
    this.roundPaid = 0n
    this.proposal = toByteString('')
    this.approvals = 0n
  }

  /** Anyone adds `amount >= minDeposit` satoshis; the contract output grows by exactly that. */
  @method(SigHash.ANYONECANPAY_SINGLE)
  public deposit (amount: bigint) {
    assert(amount >= this.minDeposit, 'deposit below the minimum')
    const output: ByteString = this.buildStateOutput(this.ctx.utxo.value + amount)
    assert(this.ctx.hashOutputs === hash256(output), 'the contract output must grow by the amount')
  }

  /**
   * Anyone pays the next leaves of the running round. `batch` is 1 to N leaves of 28 bytes
   * each, pkh || num2bin(amount, 8): exactly the bytes the chain hashes and the round's
   * start published, so a crank passes a slice of them. `tail` is the chain of the leaves
   * after the batch: folding the batch onto it must give the cursor. Each leaf is paid
   * floor(roundPool * amount / supply) satoshis to a P2PKH output, in leaf order, right after
   * the contract's own output; the caller may add inputs and one change output for the fee.
   *
   * Every payout must be at least 1 satoshi (the same as amount >= ceil(supply / roundPool)),
   * so a leaf of a negative, zero or too small amount cannot be paid; and the round may never
   * pay more than its pool, which bounds every amount from above. A leaf is exactly 28 bytes
   * of the batch, so its preimage cannot be re-split into another pkh and amount.
   */
  @method()
  public distribute (batch: ByteString, tail: ByteString) {
    assert(this.cursor !== Dividend.EMPTY_CHAIN, 'no round is running')
    assert(len(tail) === 32n, 'tail must be 32 bytes')
    const count = len(batch) / 28n
    assert(count > 0n, 'an empty batch')
    let rest: ByteString = batch
    let chain: ByteString = tail
    let payouts: ByteString = toByteString('')
    let paid = 0n
    // Walk the batch from its end: the chain folds from its end, and each payout is
    // prepended so that the outputs come out in leaf order. A batch whose length is not a
    // multiple of 28 leaves a rest (or fails a split), as does one of more than N leaves.
    for (let i = 0; i < Dividend.N; i++) {
      if (Dividend.N - 1 - i < count) {
        const at = len(rest) - 28n
        const leaf: ByteString = slice(rest, at)
        rest = slice(rest, 0n, at)
        chain = sha256(leaf + chain)
        const pkh: ByteString = slice(leaf, 0n, 20n)
        const amount: bigint = byteString2Int(slice(leaf, 20n))
        const payout: bigint = this.roundPool * amount / this.supply
        assert(payout > 0n, 'a leaf paid nothing')
        payouts = int2ByteString(payout, 8n) + toByteString('1976a914') + pkh + toByteString('88ac') + payouts
        paid += payout
      }
    }
    assert(rest === toByteString(''), 'a batch is 1 to N leaves of 28 bytes')
    assert(chain === this.cursor, 'leaves do not match the cursor')
    this.roundPaid += paid
    assert(this.roundPaid <= this.roundPool, 'a round never pays more than its pool')
    this.cursor = tail
    const outputs: ByteString = this.buildStateOutput(this.ctx.utxo.value - paid) + payouts + this.buildChangeOutput()
    assert(this.ctx.hashOutputs === hash256(outputs), 'outputs must be the contract, the payouts and change')
  }

  /**
   * Operators approve an action; it happens in the call whose approvals reach its threshold.
   *
   * The action (`kind` and its terms):
   * - START_ROUND: a round over the snapshot `commitment` taken after block `height`, paying
   *   `pool` satoshis (pinned: deposits arriving meanwhile stay for the next round);
   * - RECOMMIT: `commitment` in place of the cursor (C_n ends the round); it names the cursor
   *   it replaces, so its approvals lapse when a batch is paid meanwhile;
   * - SET_OPERATORS: the role to the set whose sha256 is `commitment`; once approved it becomes
   *   the pending ACCEPT_OPERATORS of that set;
   * - ACCEPT_OPERATORS: the new set's keys accept; the role moves when every one has.
   * `height` and `pool` are 0 unless starting a round.
   *
   * `set` is the 175 bytes of the signing set (the operators', or for ACCEPT_OPERATORS the new
   * one): MAX_KEYS slots of 33-byte compressed keys, descending as unsigned numbers with the
   * unused slots (zeros) last, then num2bin(m1, 1), num2bin(m2, 1), num2bin(approvalThreshold, 8).
   * `sigs` holds one DER signature per slot, empty for a slot that does not sign, without its
   * sighash byte: the type is always ALL|FORKID, so a signature covers every output (the
   * published leaves, the new state) and every input.
   *
   * Thresholds: START_ROUND needs m1 below the approval threshold and m2 at or above it;
   * RECOMMIT m2, except RECOMMIT(C_n) m1 while nobody of the round is paid; SET_OPERATORS m2;
   * ACCEPT_OPERATORS every key of the new set.
   *
   * The pending proposal is the hash of an action and the slots that approved it. A call for
   * the pending action adds its signers to them; a call for another action counts only its
   * own. Every call must have more approvals than the pending proposal has (so it adds one, or
   * it outweighs what it replaces); it executes if they reach its threshold, clearing the
   * proposal, and otherwise becomes the pending proposal.
   */
  @method(SigHash.ANYONECANPAY_SINGLE)
  public approve (kind: bigint, commitment: ByteString, height: bigint, pool: bigint, set: ByteString, sigs: FixedArray<ByteString, 5>) {
    assert(kind >= Dividend.START_ROUND && kind <= Dividend.ACCEPT_OPERATORS, 'unknown action')
    const terms: ByteString = commitment + int2ByteString(height, 4n) + int2ByteString(pool, 8n) + (kind === Dividend.RECOMMIT ? this.cursor : toByteString(''))
    const proposed: ByteString = sha256(int2ByteString(kind, 1n) + terms)
    const same = proposed === this.proposal
    assert(len(set) === 175n, 'an operator set is 175 bytes')
    assert(sha256(set) === (kind === Dividend.ACCEPT_OPERATORS ? commitment : this.operators), 'not the signing operator set')
    assert(same || kind !== Dividend.ACCEPT_OPERATORS, 'no handover to this set is pending')

    // The one signature-counting block: the slots that approve (this call's signers, and the
    // pending proposal's when it is this action), the pending proposal's count, and the keys.
    let pending = this.approvals
    let pendingCount = 0n
    let mask = 0n
    let count = 0n
    let keys = 0n
    let previous = 0n
    let rest: ByteString = set
    for (let i = 0; i < Dividend.MAX_KEYS; i++) {
      const key: ByteString = slice(rest, 0n, 33n)
      rest = slice(rest, 33n)
      const had = pending % 2n
      pending = pending / 2n
      pendingCount += had
      let approved = same ? had : 0n
      const sig: ByteString = sigs[i]
      if (len(sig) > 0n) {
        assert(this.checkSig(Sig(sig + toByteString('41')), PubKey(key)), 'bad operator signature')
        approved = 1n
      }
      count += approved
      mask += approved * Dividend.BITS[i]
      // Keys as unsigned numbers: descending, unused (zero) slots last, hence distinct.
      const n = byteString2Int(key + toByteString('00'))
      if (i > 0) assert(n < max(previous, 1n), 'operator keys must be distinct, descending, unused slots last')
      keys += min(n, 1n)
      previous = n
    }
    assert(count > pendingCount, 'an approval must outnumber the pending proposal\'s')

    const m1 = byteString2Int(slice(rest, 0n, 1n))
    const m2 = byteString2Int(slice(rest, 1n, 2n))
    const lowRisk = (kind === Dividend.START_ROUND && pool < byteString2Int(slice(rest, 2n))) ||
      (kind === Dividend.RECOMMIT && commitment === Dividend.EMPTY_CHAIN && this.roundPaid === 0n)
    const needed = kind === Dividend.ACCEPT_OPERATORS ? keys : (lowRisk ? m1 : m2)

    this.proposal = proposed
    this.approvals = mask
    if (count >= needed) {
      this.proposal = toByteString('')
      this.approvals = 0n
      if (kind === Dividend.START_ROUND) {
        assert(this.cursor === Dividend.EMPTY_CHAIN, 'a round is running')
        assert(len(commitment) === 32n && commitment !== Dividend.EMPTY_CHAIN, 'bad commitment')
        assert(pool > 0n && pool < this.ctx.utxo.value, 'the pool must be positive and leave the contract 1 satoshi')
        this.round++
        this.snapshotHeight = height
        this.cursor = commitment
        this.roundPool = pool
        this.roundPaid = 0n
      } else if (kind === Dividend.RECOMMIT) {
        assert(this.cursor !== Dividend.EMPTY_CHAIN, 'no round is running')
        assert(len(commitment) === 32n, 'bad commitment')
        this.cursor = commitment
      } else if (kind === Dividend.SET_OPERATORS) {
        // Approved: the new set must now accept, each of its keys signing.
        this.proposal = sha256(int2ByteString(Dividend.ACCEPT_OPERATORS, 1n) + terms)
      } else {
        assert(m1 >= 1n && m1 <= m2 && m2 <= keys, 'thresholds must be 1 <= m1 <= m2 <= keys')
        this.operators = commitment
      }
    }
    const output: ByteString = this.buildStateOutput(this.ctx.utxo.value)
    assert(this.ctx.hashOutputs === hash256(output), 'the contract must carry on unchanged in value')
  }
}
