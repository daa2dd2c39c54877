import { bsv, SigHashPreimage, type SmartContract } from 'scrypt-ts'
import type { RpcClient } from '../../network/rpc/RpcClient'

const ALL_FORKID = bsv.crypto.Signature.SIGHASH_ALL | bsv.crypto.Signature.SIGHASH_FORKID
export const SINGLE_FORKID = bsv.crypto.Signature.SIGHASH_ANYONECANPAY | bsv.crypto.Signature.SIGHASH_SINGLE | bsv.crypto.Signature.SIGHASH_FORKID

/** A coin of the attacker's own wallet. */
interface Coin { txid: string, vout: number, satoshis: number }

/** A contract output spent by a hand-built call: the contract as it stands there, and the call's method and arguments. */
export interface ContractSpend {
  contract: SmartContract
  txid: string
  vout: number
  satoshis: number
  method: string
  /** The method's explicit arguments (the preimage is added). */
  args: unknown[]
  sighash: number
}

/**
 * An attacker with a wallet of their own beside the Divvy commands: every transaction is
 * built here by hand, the way an attacker would (inputs in any order, extra outputs, any
 * fee, below the mining fee too), signed with the attacker's key and sent raw to the node.
 * Only the scripts and the node judge them. Its coins are tracked here: what it spends and
 * the change it gets back, so that where each satoshi went can be added up.
 */
export class Attacker {
  readonly key = bsv.PrivateKey.fromRandom('testnet')
  private coins: Coin[] = []
  /** Satoshis this attacker has paid in fees and into outputs it does not keep. */
  spent = 0

  constructor (private readonly rpc: RpcClient) {}

  get address (): bsv.Address { return this.key.toAddress() }
  get pkh (): string { return this.address.hashBuffer.toString('hex') }
  get p2pkh (): bsv.Script { return bsv.Script.buildPublicKeyHashOut(this.address) }

  /** Satoshis in the attacker's own coins. */
  get balance (): number { return this.coins.reduce((s, c) => s + c.satoshis, 0) }

  /** Takes a coin the test sent it (a confirmed or unconfirmed output to its address). */
  receive (txid: string, vout: number, satoshis: number): void {
    this.coins.push({ txid, vout, satoshis })
  }

  /**
   * Builds a transaction: `contractAt` places the contract spend (if any) at that input, the
   * attacker's largest coin fills the other input slot, `outputs` are as given, and the change
   * (after `fee` satoshis) goes back to the attacker as the last output.
   */
  build (o: { spend?: ContractSpend, contractAt?: number, outputs: Array<{ script: bsv.Script, satoshis: number }>, fee: number }): bsv.Transaction {
    const coin = [...this.coins].sort((a, b) => b.satoshis - a.satoshis)[0]
    if (coin === undefined) throw new Error('the attacker has no coins')
    const tx = new bsv.Transaction()
    const contractAt = o.spend !== undefined ? (o.contractAt ?? 0) : -1
    const addCoin = (): void => { tx.addInput(new bsv.Transaction.Input({ prevTxId: coin.txid, outputIndex: coin.vout, script: new bsv.Script('') }), this.p2pkh, coin.satoshis) }
    const addContract = (s: ContractSpend): void => { tx.addInput(new bsv.Transaction.Input({ prevTxId: s.txid, outputIndex: s.vout, script: new bsv.Script('') }), s.contract.lockingScript, s.satoshis) }
    if (contractAt === 0 && o.spend !== undefined) { addContract(o.spend); addCoin() } else if (contractAt === 1 && o.spend !== undefined) { addCoin(); addContract(o.spend) } else addCoin()
    for (const out of o.outputs) tx.addOutput(new bsv.Transaction.Output({ script: out.script, satoshis: out.satoshis }))
    const inValue = coin.satoshis + (o.spend?.satoshis ?? 0)
    const outValue = o.outputs.reduce((s, x) => s + x.satoshis, 0)
    const change = inValue - outValue - o.fee
    if (change < 0) throw new Error(`the attacker's coin of ${coin.satoshis} does not pay ${outValue - (o.spend?.satoshis ?? 0)} and a fee of ${o.fee}`)
    if (change > 0) tx.addOutput(new bsv.Transaction.Output({ script: this.p2pkh, satoshis: change }))
    if (o.spend !== undefined) {
      const s = o.spend
      const preimage = SigHashPreimage(tx.getPreimage(contractAt, s.sighash))
      const clazz = (s.contract as any).getDelegateClazz()
      const call = clazz.prototype[s.method].call((s.contract as any).delegateInstance, ...s.args, preimage)
      tx.inputs[contractAt].setScript(call.unlockingScript)
    }
    const coinAt = contractAt === 0 ? 1 : 0
    const sig = bsv.Transaction.Sighash.sign(tx, this.key, ALL_FORKID, coinAt, this.p2pkh, new bsv.crypto.BN(coin.satoshis))
    tx.inputs[coinAt].setScript(new bsv.Script('').add(Buffer.concat([sig.toDER(), Buffer.from([ALL_FORKID])])).add(this.key.publicKey.toBuffer()))
    return tx
  }

  /** Sends a transaction it built; its coin is spent, its change is its coin now, the rest counts as spent. */
  async send (tx: bsv.Transaction): Promise<string> {
    const txid = await this.rpc.sendRawTransaction(tx.toString())
    const used = this.coins.filter(c => tx.inputs.some(i => i.prevTxId.toString('hex') === c.txid && i.outputIndex === c.vout))
    this.coins = this.coins.filter(c => !used.includes(c))
    const p2pkh = this.p2pkh.toHex()
    let back = 0
    tx.outputs.forEach((o, vout) => { if (o.script.toHex() === p2pkh) { this.coins.push({ txid, vout, satoshis: o.satoshis }); back += o.satoshis } })
    this.spent += used.reduce((s, c) => s + c.satoshis, 0) - back
    return txid
  }
}
