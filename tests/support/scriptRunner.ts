import { LockingScript, OP, Spend, Transaction, UnlockingScript } from '@bsv/sdk'
import { expect } from 'chai'
import { scriptVerifyFlags } from '../../network/devnet/ScriptFlags'

/** What the spent output held: its locking script and value. */
export interface SpentOutput {
  lockingScriptHex: string
  satoshis: bigint
}

/**
 * Where and why an input's scripts failed: the op that failed (its name and index in the
 * unlocking or locking script; false left on top after the locking script counts as its last
 * op's failure), or `end` when the interpreter names no op.
 */
export interface ScriptFailure {
  script: 'unlocking' | 'locking' | 'end'
  /** Index of the failing op in its script (-1 for `end`). */
  op: number
  /** The failing op's name, e.g. OP_EQUALVERIFY; `false on top` for `end`. */
  opcode: string
  /** The interpreter's reason, one line. */
  reason: string
}

const NEVER = 0x7fffffff
const OP_NAMES = new Map<number, string>(Object.entries(OP).filter(([name]) => name.startsWith('OP_')).map(([name, code]) => [code as number, name]))

/**
 * The one set of script rules of the tests: those the devnet verifies a transaction under by
 * default (after Genesis, before Chronicle, the node's standard policy flags), for a spend in
 * block 200 of an output from block 100. Explicit, because @bsv/sdk's Spend without flags runs
 * every opcode whatever the era.
 */
export function testScriptFlags (txVersion = 1): string {
  return scriptVerifyFlags({ genesis: 1, chronicle: NEVER }, 200, 100, txVersion)
}

export interface RunOptions {
  /** Replaces the input's unlocking script (hex). */
  unlockingHex?: string
  /** Another interpreter with Spend's interface (the devnet's native signature check). */
  spendClass?: typeof Spend
  /** Rules other than the tests' one set (testScriptFlags). */
  flags?: string
}

/**
 * The tests' one script runner: runs input `inputIndex` of a transaction (hex or @bsv/sdk)
 * through @bsv/sdk's interpreter under the tests' script rules (FORKID sighash). Answers null
 * when the scripts accept it, else where and why they failed, so that a rejection test can
 * assert which check refused it.
 */
export function runInput (txOrHex: string | Transaction, inputIndex: number, spent: SpentOutput, options: RunOptions = {}): ScriptFailure | null {
  const tx = typeof txOrHex === 'string' ? Transaction.fromHex(txOrHex) : txOrHex
  const input = tx.inputs[inputIndex]
  const lockingScript = LockingScript.fromHex(spent.lockingScriptHex)
  const unlockingScript = options.unlockingHex !== undefined ? UnlockingScript.fromHex(options.unlockingHex) : (input.unlockingScript as UnlockingScript)
  const SpendClass = options.spendClass ?? Spend
  const spend = new SpendClass({
    sourceTXID: input.sourceTXID ?? '',
    sourceOutputIndex: input.sourceOutputIndex,
    sourceSatoshis: Number(spent.satoshis),
    lockingScript,
    transactionVersion: tx.version,
    otherInputs: tx.inputs.filter((_, i) => i !== inputIndex),
    outputs: tx.outputs,
    unlockingScript,
    inputSequence: input.sequence ?? 0xffffffff,
    inputIndex,
    lockTime: tx.lockTime,
    verifyFlags: options.flags ?? testScriptFlags(tx.version)
  })
  try {
    return spend.validate() ? null : { script: 'end', op: -1, opcode: 'false on top', reason: 'the scripts left false on top of the stack' }
  } catch (e) {
    const error = e as { context?: string, programCounter?: number, message: string }
    const reason = error.message.split('\n')[0].replace(/^Script evaluation error: /, '')
    if (error.context === undefined || error.programCounter === undefined) return { script: 'end', op: -1, opcode: 'false on top', reason }
    const script = error.context === 'UnlockingScript' ? 'unlocking' : 'locking'
    const chunks = (script === 'unlocking' ? unlockingScript : lockingScript).chunks
    // False left on top after the locking script is the verdict of the last op it ran (a
    // final OP_EQUAL, OP_CHECKSIG...): the one before its end, or before the OP_RETURN that
    // ends a stateful contract's code (its state follows).
    const op = error.programCounter < chunks.length ? error.programCounter : codeEnd(chunks) - 1
    const chunk = chunks[op]
    const opcode = chunk === undefined ? 'empty script' : chunk.data !== undefined ? 'push' : OP_NAMES.get(chunk.op) ?? `0x${chunk.op.toString(16)}`
    return { script, op, opcode, reason }
  }
}

/** Where a script's code ends: its first OP_RETURN outside any branch, or its length. */
function codeEnd (chunks: Array<{ op: number }>): number {
  let depth = 0
  for (let i = 0; i < chunks.length; i++) {
    const op = chunks[i].op
    if (op === OP.OP_IF || op === OP.OP_NOTIF) depth++
    else if (op === OP.OP_ENDIF) depth--
    else if (op === OP.OP_RETURN && depth === 0) return i
  }
  return chunks.length
}

/** One line for a failure: `OP_EQUALVERIFY (locking script, op 5): ...`. */
export function describeFailure (failure: ScriptFailure | null): string {
  if (failure === null) return 'accepted'
  return failure.script === 'end' ? `${failure.reason}` : `${failure.opcode} (${failure.script} script, op ${failure.op}): ${failure.reason}`
}

/**
 * Asserts that the scripts refused an input at the check expected: the failing op's name,
 * and where given, which script and which op.
 */
export function expectRefusedAt (failure: ScriptFailure | null, opcode: string, where: { script?: ScriptFailure['script'], op?: number } = {}, what = ''): ScriptFailure {
  expect(failure, `${what} was accepted`).to.not.equal(null)
  const f = failure as ScriptFailure
  expect(f.opcode, `${what}: ${describeFailure(f)}`).to.equal(opcode)
  if (where.script !== undefined) expect(f.script, `${what}: ${describeFailure(f)}`).to.equal(where.script)
  if (where.op !== undefined) expect(f.op, `${what}: ${describeFailure(f)}`).to.equal(where.op)
  return f
}
