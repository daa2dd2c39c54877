/**
 * Translates `@bsv/sdk` interpreter errors into the script error strings of the node
 * (bitcoin-sv src/script/script_error.cpp), which callers match on.
 */
const TRANSLATIONS: Array<[RegExp, string]> = [
  // [sdk message pattern, node message]
  [/requires failing signatures to be empty/, 'Signature must be zero for failed CHECK(MULTI)SIG operation'],
  [/OP_EQUALVERIFY requires/, 'Script failed an OP_EQUALVERIFY operation'],
  [/OP_CHECKSIGVERIFY requires that a valid signature/, 'Script failed an OP_CHECKSIGVERIFY operation'],
  [/OP_CHECKMULTISIGVERIFY requires that a sufficient/, 'Script failed an OP_CHECKMULTISIGVERIFY operation'],
  [/OP_NUMEQUALVERIFY requires/, 'Script failed an OP_NUMEQUALVERIFY operation'],
  [/OP_VERIFY requires the top stack value/, 'Script failed an OP_VERIFY operation'],
  [/top stack element must be truthy/, 'Script evaluated without error but finished with a false/empty top stack element'],
  [/clean stack rule/, 'Script did not clean its stack'],
  [/can only contain push operations/, 'Only non-push operators allowed in signatures'],
  [/script number overflow/i, 'Script number overflow'],
  [/non-minimally encoded script number/i, 'Non-minimally encoded script number'],
  [/not minimally-encoded|minimal/i, 'Data push larger than necessary'],
  [/dummy\) to be empty/, 'Dummy CHECKMULTISIG argument must be zero'],
  [/low S value/, 'Non-canonical signature: S value is unnecessarily high'],
  [/signature format is invalid/, 'Non-canonical DER signature'],
  [/must use SIGHASH_FORKID/, 'Signature must use SIGHASH_FORKID'],
  [/must not use SIGHASH_FORKID/, 'Illegal use of SIGHASH_FORKID'],
  [/hash type is invalid before Chronicle/, 'Illegal use of SIGHASH_CHRONICLE'],
  [/signature hash type is invalid/, 'Signature hash type missing or not understood'],
  [/public key/i, 'Public key is neither compressed or uncompressed'],
  [/OP_RETURN/, 'OP_RETURN was encountered'],
  [/OP_IF|OP_ELSE|OP_ENDIF|OP_NOTIF/, 'Invalid OP_IF construction'],
  [/alt stack/i, 'Operation not valid with the current altstack size'],
  [/requires at least|empty stack|Stack underflow|stack too small/, 'Operation not valid with the current stack size'],
  [/discouraged by verification flags/, 'NOPx reserved for soft-fork upgrades'],
  [/OP_VER(IF|NOTIF)? is disabled/, 'Opcode missing or not understood'],
  [/disabled/, 'Attempted to use a disabled opcode'],
  [/Invalid opcode|Missing opcode|Malformed push/, 'Opcode missing or not understood'],
  [/lock time is unsatisfied|LOCKTIMEVERIFY/, 'Locktime requirement not satisfied'],
  [/[Dd]ivision by zero|divide by zero/, 'Division by zero error'],
  [/[Mm]odulo by zero/, 'Modulo by zero error'],
  [/OP_SPLIT/, 'Invalid OP_SPLIT range'],
  [/memory usage/, 'Stack size limit exceeded'],
  [/Data push >/, 'Push value size limit exceeded']
]

/** The node's script error string (ScriptErrorString) for an sdk interpreter message. */
export function nodeScriptError (sdkMessage: string): string {
  const first = sdkMessage.split('\n')[0].replace(/^Script evaluation error:\s*/, '')
  return TRANSLATIONS.find(([pattern]) => pattern.test(first))?.[1] ?? first
}

/**
 * The rejection for a failed input script, as the node's CheckInputs words it: when the
 * input passes under the mandatory (consensus) flags alone, the failure broke policy only:
 * 64 (REJECT_NONSTANDARD) "non-mandatory-script-verify-flag (...)"; otherwise 16
 * (REJECT_INVALID) "mandatory-script-verify-flag-failed (...)", with the first error either way.
 */
export function scriptRejection (sdkMessage: string, passesMandatory: boolean): { code: number, reason: string } {
  const error = nodeScriptError(sdkMessage)
  return passesMandatory
    ? { code: 0x40, reason: `non-mandatory-script-verify-flag (${error})` }
    : { code: 0x10, reason: `mandatory-script-verify-flag-failed (${error})` }
}
