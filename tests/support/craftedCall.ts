import { randomBytes } from 'crypto'
import { bsv, SmartContract } from 'scrypt-ts'
import { unlockingScriptOf, type ChangeArgument } from '../../contracts/offchain/contractCall'
import { runInput, type ScriptFailure } from './scriptRunner'

/**
 * Hand-built contract calls for adversarial tests. scrypt-ts's `methods.x()` runs the
 * TypeScript body first, so a call the body rejects never reaches the script; here the
 * transaction and the unlocking script are built directly, the way an attacker would, and
 * only the compiled script judges them (in @bsv/sdk's interpreter).
 */
export class CraftedCall {
  readonly tx = new bsv.Transaction()
  private readonly contractScript: bsv.Script
  private readonly contractSatoshis: number

  /** A transaction spending `instance`'s locking script holding `satoshis` at input 0, plus a fee input. */
  constructor (instance: SmartContract, satoshis: number) {
    this.contractScript = instance.lockingScript
    this.contractSatoshis = satoshis
    const prev = (): string => randomBytes(32).toString('hex')
    this.tx.addInput(new bsv.Transaction.Input({ prevTxId: prev(), outputIndex: 0, script: new bsv.Script('') }), this.contractScript, satoshis)
    const feeKey = bsv.PrivateKey.fromRandom('testnet')
    this.tx.addInput(new bsv.Transaction.Input({ prevTxId: prev(), outputIndex: 1, script: new bsv.Script('') }), bsv.Script.buildPublicKeyHashOut(feeKey.toAddress()), 1_000_000)
  }

  /** Appends an output given by its locking script and value. */
  output (script: bsv.Script | string, satoshis: bigint | number): this {
    const s = typeof script === 'string' ? bsv.Script.fromHex(script) : script
    this.tx.addOutput(new bsv.Transaction.Output({ script: s, satoshis: Number(satoshis) }))
    return this
  }

  /** Appends outputs given as serialized bytes (value, script length, script), as a contract builds them. */
  rawOutputs (hex: string): this {
    const reader = new bsv.encoding.BufferReader(Buffer.from(hex, 'hex'))
    while (!reader.eof()) this.tx.addOutput(bsv.Transaction.Output.fromBufferReader(reader))
    return this
  }

  /** The BIP143 preimage of the contract input under `sighash`. */
  preimage (sighash: number): string {
    return this.tx.getPreimage(0, sighash)
  }

  /** A signature by `key` over the contract input, as checkSig expects it. */
  sign (key: bsv.PrivateKey, sighash = bsv.crypto.Signature.SIGHASH_ALL | bsv.crypto.Signature.SIGHASH_FORKID): string {
    const sig = bsv.Transaction.Sighash.sign(this.tx, key, sighash, 0, this.contractScript, new bsv.crypto.BN(this.contractSatoshis))
    return Buffer.concat([sig.toDER(), Buffer.from([sighash])]).toString('hex')
  }

  /**
   * Encodes a call of `method` with `args` (explicit arguments, then the hidden ones the
   * transpiler adds: preimage, and change amount and address where the method has them)
   * into the contract input's unlocking script, without running the TypeScript body.
   */
  unlock (instance: SmartContract, method: string, args: unknown[], sighash: number, change?: ChangeArgument): this {
    this.tx.inputs[0].setScript(unlockingScriptOf(instance, method, args, this.preimage(sighash), change))
    return this
  }

  /** Runs the contract input in @bsv/sdk's interpreter: null when accepted, else where and why it failed. */
  run (): ScriptFailure | null {
    return runInput(this.tx.toString(), 0, { lockingScriptHex: this.contractScript.toHex(), satoshis: BigInt(this.contractSatoshis) })
  }
}
