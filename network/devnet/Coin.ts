/** An unspent output as the UTXO set keeps it. */
export interface Coin {
  satoshis: bigint
  /** The locking script, hex. */
  script: string
  /** Height of the block that created it; -1 for an output of a mempool transaction. */
  height: number
  coinbase: boolean
}

export const outpointKey = (txid: string, vout: number): string => `${txid}:${vout}`

export function encodeCoin (coin: Coin): string {
  return JSON.stringify({ s: coin.satoshis.toString(), k: coin.script, h: coin.height, c: coin.coinbase ? 1 : 0 })
}

export function decodeCoin (text: string): Coin {
  const o = JSON.parse(text) as { s: string, k: string, h: number, c: number }
  return { satoshis: BigInt(o.s), script: o.k, height: o.h, coinbase: o.c === 1 }
}

/** Provably unspendable after Genesis (OP_FALSE OP_RETURN): never enters the UTXO set. */
export function isUnspendable (scriptHex: string): boolean {
  return scriptHex.startsWith('006a')
}
