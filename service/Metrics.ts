import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

/**
 * The service's figures in Prometheus form (prom-client), on its own registry so that two
 * services in one process (tests) never share counters. Counters count events since the
 * process started; the gauges of satoshis per state are recomputed from the payment records,
 * so they are right after a restart too.
 */
export class Metrics {
  readonly registry = new Registry()
  readonly paymentsSeen: Counter<'token' | 'source'>
  readonly paymentsSwept: Counter<'token'>
  readonly paymentsDistributed: Counter<'token'>
  readonly satoshis: Gauge<'token' | 'state'>
  readonly payments: Gauge<'token' | 'state'>
  readonly pool: Gauge<'token'>
  readonly round: Gauge<'token'>
  readonly payouts: Counter<'token'>
  readonly payoutSatoshis: Counter<'token'>
  readonly deposits: Counter<'token'>
  readonly depositBytes: Counter<'token'>
  readonly sweepLatency: Histogram<'token'>
  readonly webhookCalls: Counter<'result'>
  readonly paymailCalls: Counter<'route' | 'result'>
  readonly forwards: Counter<'result'>
  readonly indexerLag: Gauge
  readonly waitingApprovals: Gauge<'token'>

  constructor () {
    const registers = [this.registry]
    collectDefaultMetrics({ register: this.registry, prefix: 'divvy_process_' })
    this.paymentsSeen = new Counter({ name: 'divvy_payments_seen_total', help: 'payments whose coins reached a collector', labelNames: ['token', 'source'], registers })
    this.paymentsSwept = new Counter({ name: 'divvy_payments_swept_total', help: 'payments deposited into the dividend contract', labelNames: ['token'], registers })
    this.paymentsDistributed = new Counter({ name: 'divvy_payments_distributed_total', help: 'payments included in a round\'s pool', labelNames: ['token'], registers })
    this.satoshis = new Gauge({ name: 'divvy_payment_satoshis', help: 'satoshis of the recorded payments, by state (received, deposited, pooled)', labelNames: ['token', 'state'], registers })
    this.payments = new Gauge({ name: 'divvy_payments', help: 'recorded payments, by state', labelNames: ['token', 'state'], registers })
    this.pool = new Gauge({ name: 'divvy_contract_satoshis', help: 'satoshis the dividend contract holds', labelNames: ['token'], registers })
    this.round = new Gauge({ name: 'divvy_round', help: 'the dividend contract\'s round number', labelNames: ['token'], registers })
    this.payouts = new Counter({ name: 'divvy_payouts_total', help: 'holders paid by the batches this service cranked', labelNames: ['token'], registers })
    this.payoutSatoshis = new Counter({ name: 'divvy_payout_satoshis_total', help: 'satoshis paid to holders by the batches this service cranked', labelNames: ['token'], registers })
    this.deposits = new Counter({ name: 'divvy_deposits_total', help: 'deposit transactions broadcast (sweeps)', labelNames: ['token'], registers })
    this.depositBytes = new Counter({ name: 'divvy_deposit_bytes_total', help: 'bytes of the deposit transactions broadcast', labelNames: ['token'], registers })
    this.sweepLatency = new Histogram({ name: 'divvy_coin_to_deposit_seconds', help: 'from a coin seen at the collector to its deposit broadcast', labelNames: ['token'], buckets: [1, 2, 5, 10, 12, 15, 20, 30, 60, 120, 300], registers })
    this.webhookCalls = new Counter({ name: 'divvy_webhook_calls_total', help: 'pay link webhook calls, by result (accepted, replay, refused, bad)', labelNames: ['result'], registers })
    this.paymailCalls = new Counter({ name: 'divvy_paymail_requests_total', help: 'paymail requests, by route and result', labelNames: ['route', 'result'], registers })
    this.forwards = new Counter({ name: 'divvy_handcash_forwards_total', help: 'HandCash forwards, by result (paid, spend-limit, failed)', labelNames: ['result'], registers })
    this.indexerLag = new Gauge({ name: 'divvy_indexer_lag_blocks', help: 'blocks the indexer is behind the node', registers })
    this.waitingApprovals = new Gauge({ name: 'divvy_round_waiting_approvals', help: 'approvals a proposed round still needs (0: none waits)', labelNames: ['token'], registers })
  }

  async text (): Promise<string> {
    return await this.registry.metrics()
  }
}
