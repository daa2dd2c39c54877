/** Where a payment came from. */
export type PaymentSource = 'handcash' | 'paylink' | 'paymail' | 'address'

/** received: its coins are at the collector; deposited: swept into the contract; pooled: in a round's pool. */
export type PaymentState = 'received' | 'deposited' | 'pooled'

/**
 * One payment: a transaction that paid a token's collector, as the service saw it on chain
 * (or in the mempool). Amounts are decimal strings of satoshis (JSON); `Payments` answers bigint.
 */
export interface PaymentRecord {
  txid: string
  /** The token's symbol. */
  token: string
  source: PaymentSource
  /** Satoshis the transaction paid the collector. */
  amount: string
  /** Its outputs that pay the collector. */
  vouts: number[]
  state: PaymentState
  /** When the service first saw its coins (ms since the epoch). */
  seenAt: number
  /** The deposit transaction that swept it into the contract, and when it was broadcast. */
  deposit?: string
  depositedAt?: number
  /** The round whose pool holds it, and that round's payout transactions so far. */
  round?: number
  payouts?: string[]
  /** HandCash's payment id (the forwarder's payment, or the pay link's transactionId). */
  handcashPaymentId?: string
  /** The HandCash Payment Request a pay link's webhook named. */
  paymentRequestId?: string
  /** The paymail reference it answered. */
  reference?: string
}

/**
 * What the service was told about a transaction before (or after) its coins are seen: a
 * paymail receive, a pay link's webhook, a HandCash forward. Only a hint: a payment exists
 * only once its coins pay the collector on chain.
 */
export interface SourceHint {
  txid: string
  token: string
  source: Exclude<PaymentSource, 'address'>
  at: number
  handcashPaymentId?: string
  paymentRequestId?: string
  reference?: string
}

/** A coin of a collector, from the moment it is seen until it is swept. */
export interface CollectorCoin {
  token: string
  txid: string
  vout: number
  satoshis: number
  script: string
  seenAt: number
  /** The sweep that spends it (signed, maybe broadcast). */
  sweep?: string
}

/** signed: recorded before it is broadcast; sent: the network took it; mined: confirmed; dropped: it never will be (its coins are free again). */
export type SweepState = 'signed' | 'sent' | 'mined' | 'dropped'

/** A deposit of collector coins into the contract. */
export interface SweepRecord {
  txid: string
  token: string
  hex: string
  /** Outpoints (`txid:vout`) of the collector coins it spends. */
  coins: string[]
  /** Satoshis it adds to the contract; the fee it pays (from the swept value). */
  amount: string
  fee: string
  /** The contract output it spends (`txid_vout`). */
  contract: string
  state: SweepState
  signedAt: number
  sentAt?: number
  why?: string
}

/** A round the service saw start, with the payments in its pool and its payouts. */
export interface RoundRecord {
  token: string
  round: number
  pool: string
  startTxid: string
  startedAt: number
  payouts: string[]
  complete: boolean
}
