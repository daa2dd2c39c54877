import type { RpcClient } from '../../network/rpc/RpcClient'
import { RpcError } from '../../network/rpc/RpcError'
import type { TokenAmount } from '../bsv21/Bsv21Transaction'
import { tokenEffectsOf, tokensOnOutputs } from '../bsv21/TokenEffects'
import { readTransaction } from '../chain/BlockReader'
import type { ParsedTx } from '../chain/ParsedBlock'
import type { Utxo } from '../query/UtxoQueries'
import { plainP2pkh } from '../script/P2pkh'
import { OP_0, OP_RETURN } from '../script/ScriptOps'
import type { IndexStore } from '../store/IndexStore'
import { Keys } from '../store/Keys'
import type { OutputRecord, TokenInfoRecord, TokenOnOutput } from '../store/Records'

const unspendable = (script: Buffer): boolean => script[0] === OP_RETURN || (script[0] === OP_0 && script[1] === OP_RETURN)

/** A token output of an unconfirmed transaction. */
export interface PendingTokenOutput {
  txid: string
  vout: number
  /** Locking script hex. */
  script: string
  t: TokenOnOutput
}

/**
 * What pending token views read: the mempool's spends, its token outputs (under the
 * BSV-21 rules, applied in mempool order on top of the confirmed index) and the tokens it
 * deploys. Nothing of it is ever written to the index.
 */
export interface PendingTokens {
  isSpent: (txid: string, vout: number) => boolean
  /** Token outputs of mempool transactions that no other mempool transaction spends. */
  tokenOutputs: () => PendingTokenOutput[]
  /** A token deployed by a mempool transaction (height -1). */
  pendingDeploy: (id: string) => TokenInfoRecord | undefined
}

const outpoint = (txid: string, vout: number): string => `${txid}:${vout}`

/**
 * Mempool transactions with their in-mempool parents first (the order the node accepted
 * them in must have been one like it), else in the order given.
 */
export function mempoolOrder (txs: Map<string, ParsedTx>): ParsedTx[] {
  const order: ParsedTx[] = []
  const seen = new Set<string>()
  for (const root of txs.values()) {
    if (seen.has(root.txid)) continue
    seen.add(root.txid)
    // Iterative depth-first walk: long chains of unconfirmed transactions must not overflow the stack.
    const stack: Array<{ tx: ParsedTx, next: number }> = [{ tx: root, next: 0 }]
    while (stack.length > 0) {
      const top = stack[stack.length - 1]
      if (top.next < top.tx.inputs.length) {
        const parent = txs.get(top.tx.inputs[top.next++].txid)
        if (parent !== undefined && !seen.has(parent.txid)) {
          seen.add(parent.txid)
          stack.push({ tx: parent, next: 0 })
        }
        continue
      }
      order.push(top.tx)
      stack.pop()
    }
  }
  return order
}

/**
 * The node's mempool as pending views need it: outputs unconfirmed transactions pay to
 * P2PKH addresses, the outpoints they spend, and (given the index's store) the BSV-21
 * token outputs and deploys they create. Kept in memory and refreshed by polling.
 */
export class MempoolView implements PendingTokens {
  private txs = new Map<string, ParsedTx>()
  /** outpoint → the mempool transaction spending it, and at which input. */
  private spent = new Map<string, { txid: string, input: number }>()
  private byPkh = new Map<string, Utxo[]>()
  private tokens: PendingTokenOutput[] = []
  private deploys = new Map<string, TokenInfoRecord>()

  /**
   * `rpc`: the node whose mempool `refresh()` reads (none when the transactions are handed
   * over with `replace()`, as the public-network feeder does). `store`: the confirmed index
   * the pending token outputs build on (read only); without it no token is pending.
   */
  constructor (private readonly rpc: RpcClient | undefined, private readonly store?: IndexStore) {}

  get size (): number { return this.txs.size }

  /** Makes `txs` (unconfirmed transactions, in any order) the pending view. */
  async replace (txs: Map<string, ParsedTx>): Promise<void> {
    const tokens = await this.pendingTokens(txs)
    this.rebuild(txs)
    this.tokens = tokens.outputs
    this.deploys = tokens.deploys
  }

  async refresh (): Promise<void> {
    if (this.rpc === undefined) throw new Error('this pending view follows no node: its transactions are handed to replace()')
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
    await this.replace(next)
  }

  clear (): void {
    this.rebuild(new Map())
    this.tokens = []
    this.deploys = new Map()
  }

  isSpent (txid: string, vout: number): boolean {
    return this.spent.has(outpoint(txid, vout))
  }

  /** The mempool transaction that spends `txid:vout`, and the input that spends it. */
  spender (txid: string, vout: number): { tx: ParsedTx, input: number } | undefined {
    const s = this.spent.get(outpoint(txid, vout))
    const tx = s !== undefined ? this.txs.get(s.txid) : undefined
    return tx !== undefined && s !== undefined ? { tx, input: s.input } : undefined
  }

  /** A mempool transaction. */
  transaction (txid: string): ParsedTx | undefined {
    return this.txs.get(txid)
  }

  /** Unconfirmed P2PKH outputs to a pkh that no other mempool transaction spends. */
  utxosOf (pkh: string): Utxo[] {
    return (this.byPkh.get(pkh) ?? []).filter(u => !this.spent.has(outpoint(u.txid, u.vout)))
  }

  tokenOutputs (): PendingTokenOutput[] {
    return this.tokens.filter(o => !this.spent.has(outpoint(o.txid, o.vout)))
  }

  pendingDeploy (id: string): TokenInfoRecord | undefined {
    return this.deploys.get(id)
  }

  /**
   * Applies the BSV-21 rules to the mempool in its order, parents first: an input carries
   * the tokens of the confirmed output it spends (read from the index) or of the pending
   * output of its mempool parent.
   */
  private async pendingTokens (txs: Map<string, ParsedTx>): Promise<{ outputs: PendingTokenOutput[], deploys: Map<string, TokenInfoRecord> }> {
    const outputs: PendingTokenOutput[] = []
    const deploys = new Map<string, TokenInfoRecord>()
    if (this.store === undefined || txs.size === 0) return { outputs, deploys }
    const keys: string[] = []
    for (const tx of txs.values()) {
      for (const input of tx.inputs) if (!txs.has(input.txid)) keys.push(Keys.output(input.txid, input.vout))
    }
    const records = await this.store.getMany<OutputRecord>(keys)
    const confirmed = new Map(keys.map((k, i) => [k, records[i]?.t]))
    const pending = new Map<string, TokenOnOutput>()
    for (const tx of mempoolOrder(txs)) {
      const inputs = tx.inputs.map((input): TokenAmount | undefined => {
        const t = txs.has(input.txid) ? pending.get(outpoint(input.txid, input.vout)) : confirmed.get(Keys.output(input.txid, input.vout))
        return t !== undefined ? { id: t.id, amt: BigInt(t.amt) } : undefined
      })
      const effects = tokenEffectsOf(tx, inputs)
      if (effects === undefined) continue
      for (const d of effects.deploys) {
        deploys.set(d.id, { id: d.id, sym: d.sym ?? null, icon: d.icon ?? null, dec: d.dec, supply: d.supply.toString(), burned: '0', height: -1 })
      }
      for (const [vout, t] of tokensOnOutputs(effects)) {
        const script = tx.outputs[vout].script
        if (unspendable(script)) continue
        pending.set(outpoint(tx.txid, vout), t)
        outputs.push({ txid: tx.txid, vout, script: script.toString('hex'), t })
      }
    }
    return { outputs, deploys }
  }

  private rebuild (txs: Map<string, ParsedTx>): void {
    const spent = new Map<string, { txid: string, input: number }>()
    const byPkh = new Map<string, Utxo[]>()
    for (const tx of txs.values()) {
      tx.inputs.forEach((input, i) => spent.set(outpoint(input.txid, input.vout), { txid: tx.txid, input: i }))
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
