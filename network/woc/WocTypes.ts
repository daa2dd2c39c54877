/** An unspent output of an address, as Divvy uses it (amounts in bigint satoshis). */
export interface AddressUtxo {
  txid: string
  vout: number
  satoshis: bigint
  /** Block height, or null while unconfirmed. */
  height: number | null
}

/** Where a transaction stands on the chain. */
export interface TxStatus {
  txid: string
  state: 'mined' | 'mempool' | 'unknown'
  blockHeight?: number
  blockHash?: string
  confirmations: number
}

export interface ChainTip {
  height: number
  hash: string
}
