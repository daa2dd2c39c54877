import type { DivvyProvider } from '../../network/provider/DivvyProvider'
import type { RpcClient } from '../../network/rpc/RpcClient'
import type { PendingLedger, PendingTx } from './PendingLedger'

/** A transaction a command sent is not where it was said to be (not in the block mined for it). */
export class NotConfirmedError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'NotConfirmedError'
  }
}

/**
 * Keeps the transactions a command broadcast until they are seen confirmed: where the
 * command mines, each must be in a block it mined (or an earlier one), else the command
 * fails saying why; where it does not mine, they stay pending, are reported as such and
 * are kept in the home's pending list for `divvy status`. Nothing is reported done that is not.
 */
export class Confirmations {
  private readonly unsettled: string[] = []

  constructor (
    private readonly provider: DivvyProvider,
    private readonly ledger: PendingLedger,
    private readonly command: string
  ) {}

  /** A transaction the network accepted. */
  sent (txid: string): void {
    if (this.unsettled.includes(txid)) return
    this.unsettled.push(txid)
    this.ledger.add([txid], this.command)
  }

  /** Sent by this command and not seen confirmed. */
  get pending (): readonly string[] {
    return this.unsettled
  }

  /**
   * After this command mined blocks: every transaction it sent must be confirmed now.
   * Throws NotConfirmedError for the first that is not, with the node's reason when the node can tell.
   */
  async checkMined (rpc: RpcClient | undefined): Promise<void> {
    for (const txid of [...this.unsettled]) {
      const status = await this.provider.txStatus(txid)
      if (status.state !== 'mined') throw new NotConfirmedError(`transaction ${txid} was not mined: ${await this.why(txid, status.state, rpc)}`)
      this.unsettled.splice(this.unsettled.indexOf(txid), 1)
      this.ledger.remove([txid])
    }
  }

  /** Lines for the user about what this command sent and did not see confirmed. */
  report (reason: string): string[] {
    return this.unsettled.map(txid => `pending: ${txid} is sent but not confirmed yet (${reason}); 'divvy status' shows it until it is`)
  }

  /** Why a transaction the node has is not in a block: its fee against the mining fee, or its lock time. */
  private async why (txid: string, state: 'mempool' | 'unknown', rpc: RpcClient | undefined): Promise<string> {
    if (state === 'unknown') return 'the network no longer knows it (expired, replaced, or dropped)'
    if (rpc === undefined) return 'it waits in the mempool'
    const entry = await rpc.call<{ size: number, fee: number }>('getmempoolentry', [txid]).catch(() => undefined)
    if (entry === undefined) return 'it is not final yet (its lock time is in the future): it waits in the non-final pool'
    const settings = await rpc.call<{ minminingtxfee?: number }>('getsettings').catch(() => undefined)
    const fee = Math.round(entry.fee * 1e8)
    const rate = settings?.minminingtxfee !== undefined ? Math.round(settings.minminingtxfee * 1e8) : undefined
    const paid = `it pays ${fee} satoshis for ${entry.size} bytes`
    if (rate === undefined) return `${paid}; it waits in the mempool`
    if (fee * 1000 >= rate * entry.size) return `${paid}, enough at the node's mining fee of ${rate} sat/kB, but an unconfirmed parent pays too little: it waits with it in the secondary mempool`
    return `${paid}, under the node's mining fee of ${rate} sat/kB: it waits unmined in the secondary mempool (send with --fee-rate ${rate} or more, or have a child pay for it)`
  }
}

/** A transaction of the home's pending list, as the network sees it now. */
export interface UnconfirmedTx extends PendingTx {
  /** mempool: waits unmined (in a mempool, or the non-final pool); unknown: the network does not have it. */
  state: 'mempool' | 'unknown'
}

/** The home's pending list checked against the network: those mined since are dropped from it, the others answered. */
export async function reviewPending (provider: DivvyProvider, ledger: PendingLedger): Promise<UnconfirmedTx[]> {
  const left: UnconfirmedTx[] = []
  const mined: string[] = []
  for (const p of ledger.all()) {
    const status = await provider.txStatus(p.txid)
    if (status.state === 'mined') mined.push(p.txid)
    else left.push({ ...p, state: status.state })
  }
  ledger.remove(mined)
  return left
}
