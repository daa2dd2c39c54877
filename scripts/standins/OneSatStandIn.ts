import express from 'express'
import { fundAddress, ONESAT_FUND_THRESHOLD } from '../../network/ordinals/FundAddress'
import type { IndexerClient } from '../../network/provider/IndexerClient'
import { addressToPkh, pkhToAddress } from '../../indexer/script/Address'
import { p2pkhScript } from '../../indexer/script/P2pkh'
import type { ChainMirror } from './ChainMirror'

/** Ways the stand-in lies or lags, for tests. */
export interface OneSatLies {
  /** Spends it reports that the chain does not have: outpoint `txid_vout` → txid. */
  spends: Map<string, string>
  /** Balances it reports instead of the chain's, by address (0n: the holder left out). */
  holders: Map<string, bigint>
}

/**
 * A local stand-in for the 1Sat ordinals API (GorillaPool's swagger): `GET /bsv20/id/{id}`
 * with the token's indexing fund (its address derived as the indexer derives it, its total
 * the payments to it on the mirrored chain, `included` from 0.1 BSV), `GET
 * /bsv20/id/{id}/holders` (address and amt, largest first; nothing while the fund is unpaid,
 * as the real indexer indexes nothing then), and `POST /spends`. Holders come from an index
 * that follows the same chain.
 */
export class OneSatStandIn {
  readonly lies: OneSatLies = { spends: new Map(), holders: new Map() }

  /** `syncHolders`: brings the holders' index up to the chain before it is read. */
  constructor (private readonly mirror: ChainMirror, private readonly holders: IndexerClient, private readonly network: 'mainnet' | 'testnet', private readonly syncHolders?: () => Promise<unknown>) {}

  router (): express.Router {
    const api = express.Router()
    api.use(express.json({ limit: '10mb' }))
    api.get('/bsv20/id/:id', (req, res) => {
      this.token(req.params.id).then(t => t === undefined ? res.status(404).json({ message: 'Not Found' }) : res.json(t), e => res.status(500).json({ message: String(e) }))
    })
    api.get('/bsv20/id/:id/holders', (req, res) => {
      const limit = Number(req.query.limit ?? 10)
      const offset = Number(req.query.offset ?? 0)
      this.holderList(req.params.id).then(list => res.json(list.slice(offset, offset + limit)), e => res.status(500).json({ message: String(e) }))
    })
    api.post('/spends', (req, res) => {
      const outpoints = req.body as unknown
      if (!Array.isArray(outpoints) || !outpoints.every(o => typeof o === 'string')) { res.status(400).json({ message: 'Bad Request' }); return }
      this.mirror.refresh().then(() => res.json((outpoints as string[]).map(o => {
        const lie = this.lies.spends.get(o)
        if (lie !== undefined) return lie
        const [txid, vout] = o.split('_')
        return this.mirror.spends.get(`${txid}:${vout}`)?.txid ?? ''
      })), e => res.status(500).json({ message: String(e) }))
    })
    return api
  }

  /** What the fund address has received on the chain, in satoshis. */
  fundTotal (id: string): bigint {
    const script = p2pkhScript(addressToPkh(fundAddress(id, this.network)) as Buffer)
    let total = 0n
    for (const t of this.mirror.txs.values()) for (const o of t.tx.outputs) if (o.script.equals(script)) total += o.satoshis
    return total
  }

  private async token (id: string): Promise<object | undefined> {
    await this.mirror.refresh()
    const [txid] = id.split('_')
    if (!this.mirror.txs.has(txid)) return undefined
    const total = this.fundTotal(id)
    return { id, txid, vout: Number(id.split('_')[1]), status: 1, included: total >= ONESAT_FUND_THRESHOLD, fundAddress: fundAddress(id, this.network), fundTotal: Number(total), fundUsed: 0, fundBalance: Number(total), pendingOps: 0 }
  }

  private async holderList (id: string): Promise<Array<{ address: string, amt: string }>> {
    await this.mirror.refresh()
    if (this.fundTotal(id) < ONESAT_FUND_THRESHOLD) return []
    await this.syncHolders?.()
    const { holders } = await this.holders.holders(id)
    const list = holders.map(h => ({ address: pkhToAddress(Buffer.from(h.pkh, 'hex'), this.network), amount: h.amount }))
    for (const [address, amount] of this.lies.holders) {
      const at = list.findIndex(h => h.address === address)
      if (at >= 0) list.splice(at, 1)
      if (amount > 0n) list.push({ address, amount })
    }
    list.sort((a, b) => a.amount === b.amount ? 0 : a.amount > b.amount ? -1 : 1)
    return list.map(h => ({ address: h.address, amt: h.amount.toString() }))
  }
}
