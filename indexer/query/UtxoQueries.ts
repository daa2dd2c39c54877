import { p2pkhScript } from '../script/P2pkh'
import type { IndexStore } from '../store/IndexStore'
import { Keys, outpointOfKey } from '../store/Keys'
import type { AddressEntry, OutputRecord } from '../store/Records'
import type { UtxoSchema, Wire } from '../../network/provider/IndexerApi'

/** An unspent output as the API answers it (network/provider/IndexerApi.ts). */
export type Utxo = Wire<typeof UtxoSchema>

/** A coinbase output can be spent 100 blocks after the one that created it. */
export const COINBASE_MATURITY = 100

/** Confirmed UTXOs by address and by script hash. */
export class UtxoQueries {
  constructor (private readonly store: IndexStore) {}

  /** Spendable plain-P2PKH UTXOs of a pkh (immature coinbase outputs left out). */
  async ofPkh (pkh: string, tipHeight: number): Promise<Utxo[]> {
    const script = p2pkhScript(Buffer.from(pkh, 'hex')).toString('hex')
    const out: Utxo[] = []
    for await (const [key, e] of this.store.scan<AddressEntry>(Keys.addressPrefix(pkh))) {
      if (e.cb === 1 && tipHeight - e.h + 1 < COINBASE_MATURITY) continue
      const { txid, vout } = outpointOfKey(key)
      out.push({ txid, vout, satoshis: e.s, script, height: e.h })
    }
    return out
  }

  /** UTXOs of any locking script, by the sha256 of the script (hex). */
  async ofScriptHash (hash: string, tipHeight: number): Promise<Utxo[]> {
    const entries: Array<{ txid: string, vout: number, e: AddressEntry }> = []
    for await (const [key, e] of this.store.scan<AddressEntry>(Keys.scriptHashPrefix(hash))) {
      if (e.cb === 1 && tipHeight - e.h + 1 < COINBASE_MATURITY) continue
      entries.push({ ...outpointOfKey(key), e })
    }
    const records = await this.store.getMany<OutputRecord>(entries.map(x => Keys.output(x.txid, x.vout)))
    return entries.map((x, i) => ({ txid: x.txid, vout: x.vout, satoshis: x.e.s, script: records[i]?.c ?? '', height: x.e.h }))
  }
}
