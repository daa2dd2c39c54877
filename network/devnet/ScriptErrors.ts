/**
 * Translates `@bsv/sdk` interpreter errors into the script error strings of the node
 * (bitcoin-sv src/script/script_error.cpp), which callers match on.
 */
const TRANSLATIONS: Array<[RegExp, string, boolean]> = [
  // [sdk message pattern, node message, breaks a policy-only (non-mandatory) rule]
  [/requires failing signatures to be empty/, 'Signature must be zero for failed CHECK(MULTI)SIG operation', false],
  [/OP_EQUALVERIFY requires/, 'Script failed an OP_EQUALVERIFY operation', false],
  [/OP_CHECKSIGVERIFY requires that a valid signature/, 'Script failed an OP_CHECKSIGVERIFY operation', false],
  [/OP_CHECKMULTISIGVERIFY requires that a sufficient/, 'Script failed an OP_CHECKMULTISIGVERIFY operation', false],
  [/OP_NUMEQUALVERIFY requires/, 'Script failed an OP_NUMEQUALVERIFY operation', false],
  [/OP_VERIFY requires the top stack value/, 'Script failed an OP_VERIFY operation', false],
  [/top stack element must be truthy/, 'Script evaluated without error but finished with a false/empty top stack element', false],
  [/clean stack rule/, 'Script did not clean its stack', true],
  [/can only contain push operations/, 'Only non-push operators allowed in signatures', true],
  [/script number overflow/i, 'Script number overflow', false],
  [/non-minimally encoded script number/i, 'Non-minimally encoded script number', true],
  [/not minimally-encoded|minimal/i, 'Data push larger than necessary', true],
  [/dummy\) to be empty/, 'Dummy CHECKMULTISIG argument must be zero', true],
  [/low S value/, 'Non-canonical signature: S value is unnecessarily high', false],
  [/signature format is invalid/, 'Non-canonical DER signature', false],
  [/must use SIGHASH_FORKID/, 'Signature must use SIGHASH_FORKID', false],
  [/must not use SIGHASH_FORKID/, 'Illegal use of SIGHASH_FORKID', false],
  [/hash type is invalid before Chronicle/, 'Illegal use of SIGHASH_CHRONICLE', false],
  [/signature hash type is invalid/, 'Signature hash type missing or not understood', false],
  [/public key/i, 'Public key is neither compressed or uncompressed', false],
  [/OP_RETURN/, 'OP_RETURN was encountered', false],
  [/OP_IF|OP_ELSE|OP_ENDIF|OP_NOTIF/, 'Invalid OP_IF construction', false],
  [/alt stack/i, 'Operation not valid with the current altstack size', false],
  [/requires at least|empty stack|Stack underflow|stack too small/, 'Operation not valid with the current stack size', false],
  [/disabled/, 'Attempted to use a disabled opcode', false],
  [/Invalid opcode|Missing opcode|Malformed push/, 'Opcode missing or not understood', false],
  [/lock time is unsatisfied|LOCKTIMEVERIFY/, 'Locktime requirement not satisfied', false],
  [/[Dd]ivision by zero|divide by zero/, 'Division by zero error', false],
  [/[Mm]odulo by zero/, 'Modulo by zero error', false],
  [/OP_SPLIT/, 'Invalid OP_SPLIT range', false],
  [/memory usage/, 'Stack size limit exceeded', false],
  [/Data push >/, 'Push value size limit exceeded', false]
]

/** The rejection reason for a failed input script, as the node's mempool words it. */
export function scriptRejectReason (sdkMessage: string): string {
  const first = sdkMessage.split('\n')[0].replace(/^Script evaluation error:\s*/, '')
  for (const [pattern, nodeMessage, policyOnly] of TRANSLATIONS) {
    if (pattern.test(first)) {
      return policyOnly
        ? `non-mandatory-script-verify-flag (${nodeMessage})`
        : `mandatory-script-verify-flag-failed (${nodeMessage})`
    }
  }
  return `mandatory-script-verify-flag-failed (${first})`
}
