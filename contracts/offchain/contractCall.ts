import { bsv, SigHashPreimage, SmartContract } from 'scrypt-ts'

/** A P2PKH coin of the wallet that pays a call's fee. */
export interface Coin {
  txid: string
  vout: number
  satoshis: number
  /** Locking script, hex (P2PKH of the wallet's key). */
  script: string
}

/** Who pays a call's fee: a key, its coins, the fee rate and where the change goes. */
export interface FeeWallet {
  key: bsv.PrivateKey
  coins: readonly Coin[]
  feePerKb: number
  /** Default: the key's address. */
  changeAddress?: bsv.Address
  /**
   * Satoshis to pay beyond the call's own fee: what its unconfirmed ancestors lack of the
   * mining fee, so that the call takes them into a block with it (child pays for parent).
   */
  extraFee?: number
  /** Spend every coin (a sweep of many coins into one call), not just as many as pay: one build per pass instead of one per coin. */
  spendAll?: boolean
}

/** Where the contract being called stands: the output it spends. */
export interface ContractUtxo {
  txid: string
  vout: number
  satoshis: number
}

/** One call of a stateful contract's public method, as `buildContractCall` signs it. */
export interface ContractCallSpec {
  /** The contract as it stands (state and artifact), spent at input 0. */
  contract: SmartContract
  utxo: ContractUtxo
  method: string
  /** The sighash type the method's preimage check uses. */
  sighash: number
  /** The outputs in order (the contract's continuation first); the change, if any, goes last. */
  outputs: Array<{ script: bsv.Script, satoshis: number }>
  /**
   * The method's explicit arguments, given the transaction as it will be signed (for
   * signatures over it); the preimage (and the change, when `withChange`) are appended.
   */
  args: (tx: bsv.Transaction) => unknown[]
  /** The method takes scrypt-ts's change arguments (it calls buildChangeOutput). */
  withChange?: boolean
  wallet: FeeWallet
}

const ALL_FORKID = bsv.crypto.Signature.SIGHASH_ALL | bsv.crypto.Signature.SIGHASH_FORKID

/** The change a method that builds change (scrypt-ts's `buildChangeOutput`) is told about: its amount and pkh (hex). */
export interface ChangeArgument { amount: bigint, pkh: string }

/**
 * The unlocking script of a call of `method` with its explicit `args`, then the hidden ones
 * the transpiler adds (the preimage, hex, and the change where the method builds change),
 * made from the compiled contract: the method's TypeScript body is not run.
 */
export function unlockingScriptOf (contract: SmartContract, method: string, args: unknown[], preimage: string, change?: ChangeArgument): bsv.Script {
  const hidden: unknown[] = [SigHashPreimage(preimage)]
  if (change !== undefined) hidden.push(change.amount, change.pkh)
  const clazz = (contract as any).getDelegateClazz()
  return clazz.prototype[method].call((contract as any).delegateInstance, ...args, ...hidden).unlockingScript
}

/**
 * Builds and signs a call of a contract method: the contract at input 0, the wallet's coins
 * (largest first) after it for the fee, the given outputs and a change output back to the
 * wallet. The unlocking script is made from the compiled contract itself (the arguments, the
 * preimage of the method's sighash type, and scrypt-ts's change arguments), so no TypeScript
 * body decides anything: what does not satisfy the script fails when broadcast. The fee is
 * the wallet's rate over the signed size.
 */
export function buildContractCall (spec: ContractCallSpec): bsv.Transaction {
  const wallet = spec.wallet
  const change = spec.wallet.changeAddress ?? wallet.key.toAddress()
  const outValue = spec.outputs.reduce((s, o) => s + o.satoshis, 0)
  const contractScript = spec.contract.lockingScript
  const coins = [...wallet.coins].sort((a, b) => b.satoshis - a.satoshis)
  const build = (chosen: Coin[], changeSats: number): bsv.Transaction => {
    const tx = new bsv.Transaction()
    tx.addInput(new bsv.Transaction.Input({ prevTxId: spec.utxo.txid, outputIndex: spec.utxo.vout, script: new bsv.Script('') }), contractScript, spec.utxo.satoshis)
    for (const c of chosen) {
      tx.addInput(new bsv.Transaction.Input({ prevTxId: c.txid, outputIndex: c.vout, script: new bsv.Script('') }), bsv.Script.fromHex(c.script), c.satoshis)
    }
    for (const o of spec.outputs) tx.addOutput(new bsv.Transaction.Output({ script: o.script, satoshis: o.satoshis }))
    if (changeSats > 0) tx.addOutput(new bsv.Transaction.Output({ script: bsv.Script.buildPublicKeyHashOut(change), satoshis: changeSats }))
    unlock(tx, changeSats)
    return tx
  }
  const unlock = (tx: bsv.Transaction, changeSats: number): void => {
    const changeArgument = spec.withChange === true ? { amount: BigInt(changeSats), pkh: change.hashBuffer.toString('hex') } : undefined
    tx.inputs[0].setScript(unlockingScriptOf(spec.contract, spec.method, spec.args(tx), tx.getPreimage(0, spec.sighash), changeArgument))
    for (let i = 1; i < tx.inputs.length; i++) {
      const spent = tx.inputs[i].output!
      const sig = bsv.Transaction.Sighash.sign(tx, wallet.key, ALL_FORKID, i, spent.script, new bsv.crypto.BN(spent.satoshis))
      tx.inputs[i].setScript(new bsv.Script('')
        .add(Buffer.concat([sig.toDER(), Buffer.from([ALL_FORKID])]))
        .add(wallet.key.publicKey.toBuffer()))
    }
  }
  const feeOf = (bytes: number): number => feeFor(bytes, wallet.feePerKb) + (wallet.extraFee ?? 0)
  // Coins are added until they pay the outputs above the contract's value and the fee of
  // the signed transaction. The fee is measured on the signed transaction and the change
  // cut until it pays the rate (the change amount is itself an argument of some methods).
  const chosen: Coin[] = wallet.spendAll === true ? [...coins] : []
  for (let i = chosen.length; ; i++) {
    const inValue = spec.utxo.satoshis + chosen.reduce((s, c) => s + c.satoshis, 0)
    let fee = feeOf(build(chosen, 1).toBuffer().length)
    for (let attempt = 0; attempt < 4 && inValue - outValue - fee >= 0; attempt++) {
      // Change of 0 is left out (a smaller transaction, the rest is fee).
      const tx = build(chosen, inValue - outValue - fee)
      const needed = feeOf(tx.toBuffer().length)
      if (tx.getFee() >= needed) return tx
      fee = needed + 1
    }
    if (i >= coins.length) {
      throw new Error(`wallet ${wallet.key.toAddress().toString()} has ${coins.reduce((s, c) => s + c.satoshis, 0)} satoshis in ${coins.length} coins; this call needs about ${outValue + fee - spec.utxo.satoshis} more than the contract holds`)
    }
    chosen.push(coins[i])
  }
}

/**
 * The fee of `bytes` at `feePerKb`, rounded up; computed both ways a provider may compute it
 * (scrypt-ts divides by 1000 first, in floating point), so that no check finds it short.
 */
export function feeFor (bytes: number, feePerKb: number): number {
  return Math.max(Math.ceil(bytes * feePerKb / 1000), Math.ceil(bytes / 1000 * feePerKb))
}

/**
 * An ALL|FORKID signature of `key` over input `inputIndex` (spending `script` of `satoshis`),
 * as a DER hex string without its sighash byte (the form the version 2 contract takes).
 */
export function pinnedSignature (tx: bsv.Transaction, key: bsv.PrivateKey, inputIndex: number, script: bsv.Script, satoshis: number): string {
  return bsv.Transaction.Sighash.sign(tx, key, ALL_FORKID, inputIndex, script, new bsv.crypto.BN(satoshis)).toDER().toString('hex')
}

const SINGLE_FORKID = bsv.crypto.Signature.SIGHASH_ANYONECANPAY | bsv.crypto.Signature.SIGHASH_SINGLE | bsv.crypto.Signature.SIGHASH_FORKID

/**
 * A dividend contract's `deposit(amount)` (either version): the contract's next output
 * (`next`, the same state) holds `amount` more, and nothing else is covered by its preimage.
 */
export function depositCall (contract: SmartContract, next: SmartContract, utxo: ContractUtxo, amount: bigint, wallet: FeeWallet): bsv.Transaction {
  if (amount > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`a deposit of ${amount} satoshis is too large`)
  return buildContractCall({
    contract,
    utxo,
    method: 'deposit',
    sighash: SINGLE_FORKID,
    outputs: [{ script: next.lockingScript, satoshis: utxo.satoshis + Number(amount) }],
    args: () => [amount],
    wallet
  })
}

/**
 * A dividend contract's `distribute` (either version, its arguments `args`): the next output
 * (`next`) keeps what the payouts do not take, the payouts follow in leaf order, then the change.
 */
export function distributeCall (contract: SmartContract, next: SmartContract, utxo: ContractUtxo, payouts: ReadonlyArray<{ script: bsv.Script, satoshis: number }>, args: unknown[], wallet: FeeWallet): bsv.Transaction {
  const paid = payouts.reduce((s, p) => s + p.satoshis, 0)
  return buildContractCall({
    contract,
    utxo,
    method: 'distribute',
    sighash: ALL_FORKID,
    outputs: [{ script: next.lockingScript, satoshis: utxo.satoshis - paid }, ...payouts],
    args: () => args,
    withChange: true,
    wallet
  })
}
