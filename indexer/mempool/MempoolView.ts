import type { RpcClient } from '../../network/rpc/RpcClient'
import { RpcError } from '../../network/rpc/RpcError'
import { readTransaction } from '../chain/BlockReader'
import type { ParsedTx } from '../chain/ParsedBlock'
import type { Utxo } from '../query/UtxoQueries'
import { plainP2pkh } from '../script/P2pkh'

const outpoint = (txid: string, vout: number): string => `${txid}:${vout}`

/**
 * The node's mempool as pending views need it: outputs unconfirmed transactions pay to
 * P2PKH addresses, and the outpoints they spend. Kept in memory and refreshed by polling.
 */
export class MempoolView {
  private txs = new Map<string, ParsedTx>()
  private spent = new Set<string>()
  private byPkh = new Map<string, Utxo[]>()

  constructor (private readonly rpc: RpcClient) {}

  get size (): number { return this.txs.size }

  async refresh (): Promise<void> {
    const ids = await this.rpc.getRawMempool()
    const next = new Map<string, ParsedTx>()
    const missing: string[] = []
    for (const id of ids) {
      const known = this.txs.get(id)
      if (known !== undefined) next.set(id, known)
      else missing.push(id)
    }
    for (let i = 0; i < missing.length; i += 500) {
      const chunk = missing.slice(i, i + 500)
      const answers = await this.rpc.batch(chunk.map(id => ({ method: 'getrawtransaction', params: [id, false] })))
      answers.forEach((answer, j) => {
        // A transaction mined or evicted since getrawmempool is simply not pending any more.
        if (answer instanceof RpcError || typeof answer !== 'string') return
        try {
          next.set(chunk[j], readTransaction(Buffer.from(answer, 'hex')))
        } catch {
          // Unreadable bytes from the node: leave the transaction out of the pending view.
        }
      })
    }
    this.rebuild(next)
  }

  clear (): void { this.rebuild(new Map()) }

  isSpent (txid: string, vout: number): boolean {
    return this.spent.has(outpoint(txid, vout))
  }

  /** Unconfirmed P2PKH outputs to a pkh that no other mempool transaction spends. */
  utxosOf (pkh: string): Utxo[] {
    return (this.byPkh.get(pkh) ?? []).filter(u => !this.spent.has(outpoint(u.txid, u.vout)))
  }

  private rebuild (txs: Map<string, ParsedTx>): void {
    const spent = new Set<string>()
    const byPkh = new Map<string, Utxo[]>()
    for (const tx of txs.values()) {
      for (const input of tx.inputs) spent.add(outpoint(input.txid, input.vout))
      tx.outputs.forEach((o, vout) => {
        const pkh = plainP2pkh(o.script)
        if (pkh === undefined) return
        const key = pkh.toString('hex')
        const list = byPkh.get(key) ?? []
        list.push({ txid: tx.txid, vout, satoshis: o.satoshis.toString(), script: o.script.toString('hex'), height: null })
        byPkh.set(key, list)
      })
    }
    this.txs = txs
    this.spent = spent
    this.byPkh = byPkh
  }
}
