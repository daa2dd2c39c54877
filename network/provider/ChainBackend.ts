import { AddressUtxo, ChainTip, TxStatus } from '../woc/WocTypes'

/** A spent output's value and script: what the extended transaction format carries per input. */
export interface Prevout {
  satoshis: number
  script: string
}

/** An address UTXO with its locking script, when the backend knows it. */
export interface BackendUtxo extends AddressUtxo {
  script?: string
}

/**
 * What the scrypt-ts provider needs from a chain; one implementation per kind of network
 * (a JSON-RPC node with the indexer, or ARC with WhatsOnChain). Errors are one line
 * naming the network and the service's own message.
 */
export interface ChainBackend {
  /** Checks the services answer, with the right credentials. */
  check: () => Promise<void>
  /** Satoshis per 1000 bytes the network mines a transaction for. */
  feePerKb: () => Promise<number>
  /** Broadcasts; `prevouts` (one per input) lets a backend send the extended format. Answers the txid. */
  broadcast: (hex: string, prevouts?: Prevout[]) => Promise<string>
  rawTransaction: (txid: string) => Promise<string>
  listUnspent: (address: string) => Promise<BackendUtxo[]>
  /** Whether a transaction is mined (and how deep), waits unmined, or is unknown. */
  txStatus: (txid: string) => Promise<TxStatus>
  /** The best block's height and hash. */
  tip: () => Promise<ChainTip>
  /** Whether nothing, not even an unconfirmed transaction, spends the output (false for an output nobody knows). */
  isUnspent: (txid: string, vout: number) => Promise<boolean>
  /** Who spent the output, confirmed or not, where the network's services can tell (WhatsOnChain); undefined elsewhere. */
  spender?: (txid: string, vout: number) => Promise<{ txid: string, vin: number } | null | undefined>
}
