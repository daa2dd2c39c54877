/** When the script rule sets of the node activate, by block height. */
export interface ActivationHeights {
  genesis: number
  chronicle: number
}

/** Rules every transaction's scripts must follow from Genesis on (the node's standard flags). */
const GENESIS_POLICY = ['SIGHASH_FORKID', 'STRICTENC', 'DERSIG', 'NULLFAIL', 'GENESIS']
/** Malleability rules that Chronicle lifts for transactions of version 2 and above. */
const MALLEABILITY_RULES = ['LOW_S', 'NULLDUMMY', 'MINIMALDATA', 'SIGPUSHONLY', 'CLEANSTACK']
const PRE_GENESIS_POLICY = ['P2SH', 'SIGHASH_FORKID', 'STRICTENC', 'DERSIG', 'NULLFAIL', 'CHECKLOCKTIMEVERIFY', 'CHECKSEQUENCEVERIFY', ...MALLEABILITY_RULES]

/**
 * The `@bsv/sdk` Spend verify flags for one input, under the rules active at the height of
 * the block that would include the transaction. `utxoHeight` is the height that created the
 * spent output (Infinity for an unconfirmed one), which decides its Genesis / Chronicle semantics.
 */
export function scriptVerifyFlags (heights: ActivationHeights, spendHeight: number, utxoHeight: number, txVersion: number): string {
  if (spendHeight < heights.genesis) return PRE_GENESIS_POLICY.join(',')
  const flags = [...GENESIS_POLICY]
  const chronicle = spendHeight >= heights.chronicle
  if (!chronicle || txVersion < 2) flags.push(...MALLEABILITY_RULES)
  // Chronicle's opcodes and sighash apply to every input once it is active.
  if (chronicle) flags.push('UTXO_AFTER_CHRONICLE')
  else if (utxoHeight >= heights.genesis) flags.push('UTXO_AFTER_GENESIS')
  return flags.join(',')
}
