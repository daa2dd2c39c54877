import { LockingScript, Transaction, UnlockingScript } from '@bsv/sdk'
import { ArcBroadcaster, type AcceptanceWait } from '../arc/ArcBroadcaster'
import { WhatsOnChainReader } from '../woc/WhatsOnChainReader'
import type { ChainTip, TxStatus } from '../woc/WocTypes'
import { ChainBackend, BackendUtxo, Prevout } from './ChainBackend'

export interface PublicBackendOptions {
  arc: ArcBroadcaster
  woc: WhatsOnChainReader
  /** Overrides the fee rate ARC's policy asks for. */
  feePerKb?: number
  /** How long a broadcast waits for the network to accept what ARC holds. */
  acceptance?: AcceptanceWait
}

/** testnet and mainnet: broadcast through ARC, read through WhatsOnChain. */
export class PublicBackend implements ChainBackend {
  private readonly arc: ArcBroadcaster
  private readonly woc: WhatsOnChainReader
  private readonly fixedFeePerKb: number | undefined
  private readonly acceptance: AcceptanceWait | undefined

  constructor (options: PublicBackendOptions) {
    this.acceptance = options.acceptance
    this.arc = options.arc
    this.woc = options.woc
    this.fixedFeePerKb = options.feePerKb
  }

  async check (): Promise<void> {
    await this.woc.chainTip()
  }

  async feePerKb (): Promise<number> {
    return this.fixedFeePerKb ?? await this.arc.feePerKb()
  }

  /**
   * Sends the extended format when the spent outputs are known (so ARC need not look the
   * parents up: a chain of unconfirmed transactions, such as a round's batches, reaches ARC
   * before their parents are mined) and waits until the network accepts it.
   */
  async broadcast (hex: string, prevouts?: Prevout[]): Promise<string> {
    const tx = Transaction.fromHex(hex)
    if (prevouts !== undefined && prevouts.length === tx.inputs.length) {
      tx.inputs.forEach((input, i) => {
        const source = new Transaction(1, [], [], 0)
        source.outputs = Array(input.sourceOutputIndex + 1).fill(null)
        source.outputs[input.sourceOutputIndex] = { satoshis: prevouts[i].satoshis, lockingScript: LockingScript.fromHex(prevouts[i].script) }
        input.sourceTransaction = source
        input.unlockingScript = input.unlockingScript ?? new UnlockingScript()
      })
    }
    return (await this.arc.submitAccepted(tx, this.acceptance)).txid
  }

  async rawTransaction (txid: string): Promise<string> {
    return await this.woc.getRawTransaction(txid)
  }

  async listUnspent (address: string): Promise<BackendUtxo[]> {
    return await this.woc.listUnspent(address)
  }

  async txStatus (txid: string): Promise<TxStatus> {
    return await this.woc.getTransactionStatus(txid)
  }

  /** WhatsOnChain's spent route (confirmed and unconfirmed spends): 404 unspent, 400 an output it does not know. */
  async isUnspent (txid: string, vout: number): Promise<boolean> {
    return await this.woc.isUnspent(txid, vout)
  }

  async spender (txid: string, vout: number): Promise<{ txid: string, vin: number } | null | undefined> {
    return await this.woc.spender(txid, vout)
  }

  async tip (): Promise<ChainTip> {
    return await this.woc.chainTip()
  }
}
