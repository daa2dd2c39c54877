import { bsv } from 'scrypt-ts'
import { crashPoint } from '../../scripts/cli/crashPoints'
import type { DivvyContext } from '../../scripts/cli/DivvyContext'
import type { EventLog } from '../EventLog'
import type { Metrics } from '../Metrics'
import type { PaymentRecord } from '../store/PaymentRecord'
import type { Payments } from '../store/Payments'

/**
 * Watches a token's collector address: every coin the network shows there (confirmed or in
 * the mempool) becomes a payment record once, labelled by what the service was told of its
 * transaction; a recorded coin that vanished without a sweep of ours was spent elsewhere
 * (the key used outside the service) and is no longer offered to a sweep.
 */
export class CoinWatcher {
  constructor (
    private readonly ctx: DivvyContext,
    private readonly payments: Payments,
    private readonly log: EventLog,
    private readonly metrics: Metrics
  ) {}

  async scan (symbol: string, collector: bsv.Address): Promise<PaymentRecord[]> {
    const utxos = await this.ctx.provider.listUnspent(collector)
    const seen = await this.payments.coinsSeen(symbol, utxos.map(u => ({ txid: u.txId, vout: u.outputIndex, satoshis: u.satoshis, script: u.script })))
    if (seen.length > 0) crashPoint('serve:payment-seen')
    for (const p of seen) {
      this.metrics.paymentsSeen.inc({ token: symbol, source: p.source })
      this.log('payment.received', { token: symbol, txid: p.txid, amount: p.amount, source: p.source, ...(p.handcashPaymentId !== undefined ? { handcashPaymentId: p.handcashPaymentId } : {}) })
    }
    const live = new Set(utxos.map(u => `${u.txId}:${u.outputIndex}`))
    for (const coin of await this.payments.unswept(symbol)) {
      if (live.has(`${coin.txid}:${coin.vout}`)) continue
      // Not listed: spent, or the index has not caught up with a reorg. Only a spend we did not make is final.
      if (this.ctx.rpc !== undefined && await this.ctx.rpc.getTxOut(coin.txid, coin.vout, true) !== null) continue
      await this.payments.coinGone(coin.txid, coin.vout)
      this.log('coin.spent-elsewhere', { token: symbol, coin: `${coin.txid}:${coin.vout}`, satoshis: coin.satoshis })
    }
    return seen
  }
}
