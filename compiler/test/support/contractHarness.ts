// Test harness: compiles sCrypt with the project's compiler and runs the result in
// @bsv/sdk's interpreter (Spend) inside a real spending transaction.
import { BigNumber, LockingScript, OP, PrivateKey, Script, Spend, Transaction, TransactionSignature, UnlockingScript, Utils, Hash } from '@bsv/sdk'
import { compileSource } from '../../src/compile'

export type Arg = bigint | boolean | string /* hex bytes */

/** Compiles source; throws with the compiler's messages when it reports errors. */
export function compile (source: string): { hex: string; asm: string; ast: any } {
  const r = compileSource(source)
  if (r.errors.length > 0) {
    throw new Error(r.errors.map((e) => `${e.loc.line}:${e.loc.column}: ${e.message}`).join('\n'))
  }
  return { hex: r.hex!, asm: r.asm!, ast: r.ast }
}

/** The compiler's error messages for source that must not compile. */
export function compileErrors (source: string): string[] {
  return compileSource(source).errors.map((e) => `${e.loc.line}:${e.loc.column}: ${e.message}`)
}

/** How scryptlib serializes one argument (serializer.toScriptHex). */
export function argHex (a: Arg): string {
  const s = new Script()
  if (typeof a === 'bigint') {
    if (a === 0n) s.writeOpCode(OP.OP_0)
    else if (a === -1n) s.writeOpCode(OP.OP_1NEGATE)
    else if (a > 0n && a <= 16n) s.writeOpCode(OP.OP_1 + Number(a) - 1)
    else s.writeBin(new BigNumber(a.toString()).toScriptNum())
  } else if (typeof a === 'boolean') {
    s.writeOpCode(a ? OP.OP_TRUE : OP.OP_FALSE)
  } else if (a.length === 0) {
    s.writeOpCode(OP.OP_0)
  } else if (a.length === 2 && parseInt(a, 16) >= 1 && parseInt(a, 16) <= 16) {
    s.writeOpCode(OP.OP_1 + parseInt(a, 16) - 1)
  } else if (a === '81') {
    // MINIMALDATA: the byte 0x81 is pushed as OP_1NEGATE (scryptlib would write 01 81)
    s.writeOpCode(OP.OP_1NEGATE)
  } else {
    s.writeBin(Utils.toArray(a, 'hex'))
  }
  return s.toHex()
}

/** Fills a hex template's `<name>` placeholders. */
export function fillTemplate (template: string, values: Record<string, Arg>): string {
  const out = template.replace(/<([^>]+)>/g, (_m, name: string) => {
    if (!(name in values)) throw new Error(`no value for placeholder <${name}>`)
    return argHex(values[name])
  })
  return out
}

export interface SpendOptions {
  locking: string;
  /** Unlocking script hex, or a function building it from the transaction (for signatures / preimages). */
  unlocking: string | ((ctx: SpendContext) => string);
  satoshis?: bigint;
  outputs?: { script: string; satoshis: bigint }[];
  lockTime?: number;
  sequence?: number;
  version?: number;
}

export class SpendContext {
  constructor (readonly tx: Transaction, readonly locking: string, readonly satoshis: bigint, readonly sourceTXID: string) {}

  /** The preimage a checkSig signs; `subscript` (hex) when a code separator ran before it. */
  preimage (sighashType = 0x41, subscript?: string): string {
    const input = this.tx.inputs[0]
    const bytes = TransactionSignature.format({
      sourceTXID: this.sourceTXID,
      sourceOutputIndex: 0,
      sourceSatoshis: Number(this.satoshis),
      transactionVersion: this.tx.version,
      otherInputs: [],
      outputs: this.tx.outputs,
      inputIndex: 0,
      subscript: LockingScript.fromHex(subscript ?? this.locking),
      inputSequence: input.sequence ?? 0xffffffff,
      lockTime: this.tx.lockTime,
      scope: sighashType,
    })
    return Utils.toHex(bytes)
  }

  sign (key: PrivateKey, sighashType = 0x41, subscript?: string): string {
    // PrivateKey.sign hashes once more with sha256, giving the double hash of the preimage
    const sig = key.sign(Hash.sha256(Utils.toArray(this.preimage(sighashType, subscript), 'hex')))
    return Utils.toHex(new TransactionSignature(sig.r, sig.s, sighashType).toChecksigFormat())
  }
}

const POLICY_FLAGS = ['UTXO_AFTER_GENESIS', 'SIGHASH_FORKID', 'STRICTENC', 'DERSIG', 'LOW_S', 'NULLFAIL', 'NULLDUMMY',
  'MINIMALDATA', 'MINIMALIF', 'SIGPUSHONLY', 'CLEANSTACK', 'DISCOURAGE_UPGRADABLE_NOPS', 'CHECKSEQUENCEVERIFY']

/** The part of a locking script after its n-th OP_CODESEPARATOR (1-based): what a checkSig after it signs. */
export function afterCodeSeparator (locking: string, n: number): string {
  const chunks = LockingScript.fromHex(locking).chunks
  let seen = 0
  const at = chunks.findIndex((c) => c.op === OP.OP_CODESEPARATOR && ++seen === n)
  if (at < 0) throw new Error(`no code separator ${n} in the script`)
  return new LockingScript(chunks.slice(at + 1)).toHex()
}

/** Runs the input's scripts in Spend; returns true or the interpreter's error message. */
export function runSpend (opts: SpendOptions): true | string {
  const satoshis = opts.satoshis ?? 10000n
  const sourceTXID = Utils.toHex(Hash.sha256(Utils.toArray(opts.locking + 'divvy', 'utf8')))
  const tx = new Transaction()
  tx.version = opts.version ?? 1
  tx.lockTime = opts.lockTime ?? 0
  tx.addInput({ sourceTXID, sourceOutputIndex: 0, unlockingScript: new UnlockingScript(), sequence: opts.sequence ?? 0xffffffff })
  for (const o of opts.outputs ?? [{ script: '006a', satoshis: 0n }]) {
    tx.addOutput({ lockingScript: LockingScript.fromHex(o.script), satoshis: Number(o.satoshis) })
  }
  const ctx = new SpendContext(tx, opts.locking, satoshis, sourceTXID)
  const unlockingHex = typeof opts.unlocking === 'string' ? opts.unlocking : opts.unlocking(ctx)
  const spend = new Spend({
    sourceTXID,
    sourceOutputIndex: 0,
    sourceSatoshis: Number(satoshis),
    lockingScript: LockingScript.fromHex(opts.locking),
    transactionVersion: tx.version,
    otherInputs: [],
    outputs: tx.outputs,
    inputIndex: 0,
    unlockingScript: UnlockingScript.fromHex(unlockingHex),
    inputSequence: tx.inputs[0].sequence ?? 0xffffffff,
    lockTime: tx.lockTime,
    // a Genesis node's standard policy, strictest options on (MINIMALIF included)
    verifyFlags: POLICY_FLAGS,
  })
  try {
    return spend.validate() ? true : 'validate returned false'
  } catch (e) {
    return (e as Error).message
  }
}

/** Unlocking script for a call: the arguments in order, then the public function's index when there are several. */
export function unlockingHex (args: Arg[], methodIndex?: number): string {
  return args.map(argHex).join('') + (methodIndex === undefined ? '' : argHex(BigInt(methodIndex)))
}
