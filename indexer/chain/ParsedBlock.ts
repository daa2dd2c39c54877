/** A transaction as the indexer needs it: its id, what it spends, what it creates. */
export interface ParsedTx {
  txid: string
  /** Outpoints spent (empty for a coinbase). */
  inputs: Array<{ txid: string, vout: number }>
  outputs: Array<{ satoshis: bigint, script: Buffer }>
  coinbase: boolean
}

export interface ParsedBlock {
  hash: string
  prevHash: string
  txs: ParsedTx[]
}
