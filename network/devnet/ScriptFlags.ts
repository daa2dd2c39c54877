/** When the script rule sets of the node activate, by block height. */
export interface ActivationHeights {
  genesis: number
  chronicle: number
}

/**
 * Rules every transaction's scripts must follow from Genesis on (the node's standard flags;
 * DISCOURAGE_UPGRADABLE_NOPS is policy only: it refuses, for example, an OP_SUBSTR that an
 * output created before Chronicle would run as a no-op).
 */
const GENESIS_POLICY = ['SIGHASH_FORKID', 'STRICTENC', 'DERSIG', 'NULLFAIL', 'GENESIS', 'DISCOURAGE_UPGRADABLE_NOPS']
/** Malleability rules that Chronicle lifts for transactions of version 2 and above. */
const MALLEABILITY_RULES = ['LOW_S', 'NULLDUMMY', 'MINIMALDATA', 'SIGPUSHONLY', 'CLEANSTACK']
const PRE_GENESIS_POLICY = ['P2SH', 'SIGHASH_FORKID', 'STRICTENC', 'DERSIG', 'NULLFAIL', 'CHECKLOCKTIMEVERIFY', 'CHECKSEQUENCEVERIFY', ...MALLEABILITY_RULES]

/**
 * The `@bsv/sdk` Spend verify flags for one input, under the rules active at the height of
 * the block that would include the transaction. `utxoHeight` is the height that created the
 * spent output (the next block's for an unconfirmed one): as in the node
 * (InputScriptVerifyFlags, `utxo_after_chronicle`), it alone decides whether the opcodes
 * Chronicle restores run for this input, so an output locked before activation keeps the
 * old meaning after it. (One difference remains: the sdk allows the SIGHASH_CHRONICLE bit by
 * the output's era, the node by the spending block's.)
 */
export function scriptVerifyFlags (heights: ActivationHeights, spendHeight: number, utxoHeight: number, txVersion: number): string {
  if (spendHeight < heights.genesis) return PRE_GENESIS_POLICY.join(',')
  const flags = [...GENESIS_POLICY]
  const chronicle = spendHeight >= heights.chronicle
  if (!chronicle || txVersion < 2) flags.push(...MALLEABILITY_RULES)
  if (utxoHeight >= heights.genesis) flags.push('UTXO_AFTER_GENESIS')
  if (utxoHeight >= heights.chronicle) flags.push('UTXO_AFTER_CHRONICLE')
  return flags.join(',')
}

/** Standard flags the node enforces by policy only (STANDARD_NOT_MANDATORY_VERIFY_FLAGS, and the input's SIGPUSHONLY). */
const POLICY_ONLY = new Set(['DISCOURAGE_UPGRADABLE_NOPS', 'MINIMALDATA', 'NULLDUMMY', 'CLEANSTACK', 'SIGPUSHONLY', 'CHECKLOCKTIMEVERIFY', 'CHECKSEQUENCEVERIFY'])

/** The same flags less those only policy enforces: what a script must pass to be valid in a block. */
export function mandatoryFlags (flags: string): string {
  return flags.split(',').filter(f => !POLICY_ONLY.has(f)).join(',')
}
