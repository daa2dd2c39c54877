import { PrivateKey } from '@bsv/sdk'
import { RpcClient } from '../rpc/RpcClient'
import { RpcError } from '../rpc/RpcError'
import { Regtest } from './ChainParams'

/** A spendable coinbase output of a funded key. */
export interface FundedUtxo {
  txid: string
  vout: number
  satoshis: bigint
  /** Locking script hex (P2PKH to the key). */
  script: string
}

/** The regtest (testnet-prefix) P2PKH address of a key, as `generatetoaddress` expects it. */
export function regtestAddressOf (key: PrivateKey): string {
  return key.toAddress([Regtest.addressPrefix])
}

/**
 * Mines `blocks` blocks to the key's regtest address and returns the coinbase outputs among
 * them that the next block may spend (100 blocks of maturity), with their amounts and scripts.
 * On a fresh devnet, 101 blocks give two spendable coinbases of 50 BSV.
 */
export async function fundKey (rpc: RpcClient, key: PrivateKey, blocks = 101): Promise<FundedUtxo[]> {
  const hashes = await rpc.generateToAddress(blocks, regtestAddressOf(key))
  const tip = await rpc.getBlockCount()
  const infos = await rpc.batch(hashes.map(hash => ({ method: 'getblock', params: [hash, 1] })))
  const coinbases: Array<{ txid: string }> = []
  for (const info of infos) {
    if (info instanceof RpcError) throw info
    const block = info as { height: number, tx: string[] }
    if (tip + 1 - block.height >= Regtest.coinbaseMaturity) coinbases.push({ txid: block.tx[0] })
  }
  const outs = await rpc.batch(coinbases.map(c => ({ method: 'gettxout', params: [c.txid, 0, true] })))
  const funded: FundedUtxo[] = []
  outs.forEach((out, i) => {
    if (out instanceof RpcError) throw out
    if (out === null) return
    const o = out as { value: number, scriptPubKey: { hex: string } }
    funded.push({ txid: coinbases[i].txid, vout: 0, satoshis: bsvToSatoshis(o.value), script: o.scriptPubKey.hex })
  })
  return funded
}

/** An RPC amount (a BSV number with up to 8 decimals) as exact satoshis. */
export function bsvToSatoshis (value: number): bigint {
  const [whole, fraction = ''] = value.toFixed(8).split('.')
  return BigInt(whole) * 100_000_000n + BigInt(fraction.padEnd(8, '0'))
}
