import { LockingScript, Transaction, UnlockingScript } from '@bsv/sdk'
import { ArcBroadcaster } from '../arc/ArcBroadcaster'
import { WhatsOnChainReader } from '../woc/WhatsOnChainReader'
import type { ChainTip, TxStatus } from '../woc/WocTypes'
import { ChainBackend, BackendUtxo, Prevout } from './ChainBackend'

export interface PublicBackendOptions {
  arc: ArcBroadcaster
  woc: WhatsOnChainReader
  /** Overrides the fee rate ARC's policy asks for. */
  feePerKb?: number
}

/** testnet and mainnet: broadcast through ARC, read through WhatsOnChain. */
export class PublicBackend implements ChainBackend {
  private readonly arc: ArcBroadcaster
  private readonly woc: WhatsOnChainReader
  private readonly fixedFeePerKb: number | undefined

  constructor (options: PublicBackendOptions) {
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

  /** Sends the extended format when the spent outputs are known, so ARC need not look parents up. */
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
    return (await this.arc.submit(tx)).txid
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

  async tip (): Promise<ChainTip> {
    return await this.woc.chainTip()
  }
}
