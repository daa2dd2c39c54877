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
  /** Set for a block that holds only some of its transactions (see PartialBlock). */
  partial?: PartialBlock
}

/**
 * What the public-network feeder knows of a block: the transactions of the tokens and
 * contracts it follows, in block order, each with its position in the block (from its merkle
 * proof), and which of their outputs it follows. The other outputs are left out of the
 * index: nobody tells it when they are spent.
 */
export interface PartialBlock {
  /** Position in the block of each of `txs`. */
  positions: number[]
  keep: (txid: string, vout: number) => boolean
}
