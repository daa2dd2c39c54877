import { LockingScript, P2PKH, PrivateKey, Transaction } from '@bsv/sdk'
import { regtestAddressOf } from '../../network/devnet/fundedKey'

/** An output a test can spend: where it is, its amount and its locking script. */
export interface Spendable { txid: string, vout: number, satoshis: bigint, script: string }

export interface PaymentOptions {
  key: PrivateKey
  inputs: Spendable[]
  /** Outputs as [locking script, satoshis]. */
  outputs: Array<[LockingScript, bigint]>
  /** Change back to the key after `fee`; omitted when no change is wanted. */
  fee?: bigint
  version?: number
}

/** Builds and signs a P2PKH-spending transaction with @bsv/sdk. */
export async function payment (options: PaymentOptions): Promise<Transaction> {
  const tx = new Transaction()
  if (options.version !== undefined) tx.version = options.version
  for (const input of options.inputs) {
    tx.addInput({
      sourceTXID: input.txid,
      sourceOutputIndex: input.vout,
      unlockingScriptTemplate: new P2PKH().unlock(options.key, 'all', false, Number(input.satoshis), LockingScript.fromHex(input.script))
    })
  }
  for (const [script, satoshis] of options.outputs) tx.addOutput({ lockingScript: script, satoshis: Number(satoshis) })
  if (options.fee !== undefined) {
    const inTotal = options.inputs.reduce((s, i) => s + i.satoshis, 0n)
    const outTotal = options.outputs.reduce((s, [, v]) => s + v, 0n)
    tx.addOutput({ lockingScript: p2pkhOf(options.key), satoshis: Number(inTotal - outTotal - options.fee) })
  }
  await tx.sign()
  return tx
}

export const p2pkhOf = (key: PrivateKey): LockingScript => new P2PKH().lock(regtestAddressOf(key))

/** The output `vout` of a transaction as a Spendable. */
export function outputOf (tx: Transaction, vout: number): Spendable {
  const out = tx.outputs[vout]
  return { txid: tx.id('hex'), vout, satoshis: BigInt(out.satoshis as number), script: out.lockingScript.toHex() }
}
