/** Stored values. Amounts and satoshis are decimal strings (JSON has no bigint). */

export type OwnerKind = 'p2pkh' | 'ordlock' | 'other'

export interface TokenOnOutput {
  id: string
  amt: string
  own: OwnerKind
  /** Owner pkh hex (P2PKH owner or OrdLock seller). */
  pkh?: string
  /** OrdLock price in satoshis and pay-to script hex. */
  price?: string
  pay?: string
}

export interface OutputRecord {
  /** satoshis */
  s: string
  /** locking script hex */
  c: string
  /** height it was confirmed at */
  h: number
  /** 1 for a coinbase output */
  cb?: 1
  t?: TokenOnOutput
}

export interface AddressEntry { s: string, h: number, cb?: 1 }

export interface TokenUtxoRecord { amt: string, own: OwnerKind, pkh: string | null, h: number }

export interface TokenHistoryRecord { amt: string, pkh: string | null, h: number, x: number | null }

export interface ListingRecord { amt: string, seller: string, price: string, pay: string, h: number }

export interface TokenInfoRecord {
  id: string
  sym: string | null
  icon: string | null
  dec: number
  supply: string
  burned: string
  height: number
}

export type TokenEventKind = 'deploy' | 'transfer' | 'burn' | 'invalid'

export interface TokenEventRecord {
  txid: string
  height: number
  kind: TokenEventKind
  in: string
  out: string
  burned: string
}

export interface TipRecord { height: number, hash: string | null }
export interface BlockRecord {
  hash: string
  prev: string
  txs: number
  /** A partial block's transactions (the public-network feeder's), in block order. */
  ids?: string[]
}
/** Prior values of every key a block changed (null: the key did not exist). */
export type UndoRecord = Array<[string, unknown]>
