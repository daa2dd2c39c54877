import { readBlockRaw, readTransaction } from '../../indexer/chain/BlockReader'
import type { ParsedTx } from '../../indexer/chain/ParsedBlock'
import { mempoolOrder } from '../../indexer/mempool/MempoolView'
import type { RpcClient } from '../../network/rpc/RpcClient'
import { RpcError } from '../../network/rpc/RpcError'

export interface MirroredBlock { hash: string, header: Buffer, txids: string[] }
export interface MirroredTx { tx: ParsedTx, raw: Buffer, height: number | null, index: number, block?: string }
export interface MirroredSpend { txid: string, vin: number, height: number | null }
export interface MirroredOutput { satoshis: bigint, script: Buffer, height: number | null }

const op = (txid: string, vout: number): string => `${txid}:${vout}`

/**
 * Everything the stand-ins of public services answer from, read from a bitcoind-style node
 * (the devnet, or pre-built blocks served over JSON-RPC): blocks, transactions with their
 * block and position, who spent each output (confirmed and in the mempool) and the unspent
 * outputs. `refresh()` catches up with the node; when the node's chain changed below the
 * mirrored tip (a re-org), the mirror is rebuilt.
 */
export class ChainMirror {
  blocks: MirroredBlock[] = []
  txs = new Map<string, MirroredTx>()
  spends = new Map<string, MirroredSpend>()
  unspent = new Map<string, MirroredOutput>()
  mempool = new Set<string>()

  constructor (private rpc: RpcClient) {}

  /** Mirrors another node from now on (a re-org in tests: a second devnet whose chain forks from the first). */
  switchTo (rpc: RpcClient): void {
    this.rpc = rpc
  }

  get height (): number { return this.blocks.length - 1 }

  async refresh (): Promise<void> {
    const tip = await this.rpc.getBlockCount()
    if (this.blocks.length > 0) {
      const h = Math.min(tip, this.height)
      if (await this.rpc.getBlockHash(h) !== this.blocks[h].hash || tip < this.height) this.reset()
    }
    for (let height = this.blocks.length; height <= tip; height++) {
      this.connect(Buffer.from(await this.rpc.getBlockHex(await this.rpc.getBlockHash(height)), 'hex'))
    }
    await this.refreshMempool()
  }

  private reset (): void {
    this.blocks = []
    this.txs = new Map()
    this.spends = new Map()
    this.unspent = new Map()
    this.mempool = new Set()
  }

  private connect (bytes: Buffer): void {
    const block = readBlockRaw(bytes)
    const height = this.blocks.length
    this.blocks.push({ hash: block.hash, header: Buffer.from(block.header), txids: block.txs.map(t => t.tx.txid) })
    block.txs.forEach(({ tx, raw }, index) => {
      if (this.mempool.has(tx.txid)) this.unconfirm(tx.txid)
      this.add(tx, Buffer.from(raw), height, index, block.hash)
    })
  }

  private add (tx: ParsedTx, raw: Buffer, height: number | null, index: number, block?: string): void {
    this.txs.set(tx.txid, { tx, raw, height, index, ...(block !== undefined ? { block } : {}) })
    tx.inputs.forEach((input, vin) => {
      const key = op(input.txid, input.vout)
      this.spends.set(key, { txid: tx.txid, vin, height })
      this.unspent.delete(key)
    })
    tx.outputs.forEach((o, vout) => {
      if (o.script[0] === 0x6a || (o.script[0] === 0x00 && o.script[1] === 0x6a)) return
      this.unspent.set(op(tx.txid, vout), { satoshis: o.satoshis, script: o.script, height })
    })
  }

  /** Takes a mempool transaction out again (mined now, or gone from the node's mempool). */
  private unconfirm (txid: string): void {
    const t = this.txs.get(txid)
    this.mempool.delete(txid)
    if (t === undefined) return
    this.txs.delete(txid)
    t.tx.inputs.forEach(input => {
      const key = op(input.txid, input.vout)
      if (this.spends.get(key)?.txid !== txid) return
      this.spends.delete(key)
      const parent = this.txs.get(input.txid)
      const out = parent?.tx.outputs[input.vout]
      if (parent !== undefined && out !== undefined) this.unspent.set(key, { satoshis: out.satoshis, script: out.script, height: parent.height })
    })
    t.tx.outputs.forEach((_, vout) => this.unspent.delete(op(txid, vout)))
  }

  private async refreshMempool (): Promise<void> {
    const ids = new Set(await this.rpc.getRawMempool())
    for (const txid of [...this.mempool]) if (!ids.has(txid)) this.unconfirm(txid)
    const fresh = new Map<string, ParsedTx>()
    const raws = new Map<string, Buffer>()
    for (const txid of ids) {
      if (this.mempool.has(txid) || this.txs.has(txid)) continue
      let hex: unknown
      try { hex = await this.rpc.call('getrawtransaction', [txid, false]) } catch (e) { if (e instanceof RpcError) continue; throw e }
      if (typeof hex !== 'string') continue
      const raw = Buffer.from(hex, 'hex')
      fresh.set(txid, readTransaction(raw))
      raws.set(txid, raw)
    }
    for (const tx of mempoolOrder(fresh)) {
      this.mempool.add(tx.txid)
      this.add(tx, raws.get(tx.txid) as Buffer, null, -1)
    }
  }
}
