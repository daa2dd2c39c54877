import { Transaction, Utils } from '@bsv/sdk'
import { BlockHeaderFields, parseRawBlock, serializeBlockHeader, serializeRawBlock } from '../block/RawBlock'
import { BlockIndexEntry, TxLocation } from './BlockIndex'
import { Regtest, targetFromBits } from './ChainParams'
import { Coin, decodeCoin, encodeCoin, isUnspendable, outpointKey } from './Coin'
import { hash256, reversedHex, txidOf } from './Hashes'
import { Store, StoreOp } from './Store'

/** A transaction ready to be written into a block. */
export interface BlockTx {
  txid: string
  raw: Uint8Array
  tx: Transaction
}

const heightKey = (height: number): string => 'hgt:' + height.toString().padStart(10, '0')

/** Work of one block: 2^256 / (target + 1). */
const blockWork = (bits: number): bigint => (1n << 256n) / (targetFromBits(bits) + 1n)

/**
 * The active chain: the block index and the UTXO set in memory, blocks, the index,
 * the UTXO set and the transaction index in LevelDB. Connecting a block is one atomic batch.
 */
export class Chain {
  readonly entries: BlockIndexEntry[] = []
  readonly byHash = new Map<string, BlockIndexEntry>()
  readonly utxos = new Map<string, Coin>()
  /** Recently connected blocks, so reads never wait for the disk. */
  private readonly recentBlocks = new Map<string, string>()

  private constructor (private readonly store: Store) {}

  static async open (store: Store): Promise<Chain> {
    const chain = new Chain(store)
    const tip = await store.get('tip')
    if (tip === undefined) {
      await chain.connectGenesis()
      return chain
    }
    for await (const [, value] of store.entries('hdr:')) {
      const entry = JSON.parse(value) as BlockIndexEntry
      chain.entries[entry.height] = entry
      chain.byHash.set(entry.hash, entry)
    }
    const tipEntry = chain.byHash.get(tip)
    if (tipEntry === undefined) throw new Error(`the devnet database is damaged: tip ${tip} has no index entry`)
    chain.entries.length = tipEntry.height + 1
    for (let h = 0; h <= tipEntry.height; h++) {
      if (chain.entries[h] === undefined) throw new Error(`the devnet database is damaged: no block at height ${h}`)
    }
    for await (const [key, value] of store.entries('utxo:')) chain.utxos.set(key.slice(5), decodeCoin(value))
    return chain
  }

  get height (): number { return this.entries.length - 1 }
  get tip (): BlockIndexEntry { return this.entries[this.entries.length - 1] }

  private async connectGenesis (): Promise<void> {
    const raw = Utils.toArray(Regtest.genesisBlockHex, 'hex')
    const block = parseRawBlock(raw)
    const header = block.header
    const coinbaseRaw = Uint8Array.from(raw.slice(81))
    // The genesis coinbase is famously unspendable: it never enters the UTXO set.
    await this.connect(header, [{ txid: txidOf(coinbaseRaw), raw: coinbaseRaw, tx: block.transactions[0] }], [], false)
  }

  /**
   * Appends a block to the tip: memory first (so reads see it at once), then one atomic
   * LevelDB batch with the block, its index entries, the UTXO changes, `extraOps` and the tip.
   */
  async connect (header: BlockHeaderFields, txs: BlockTx[], extraOps: StoreOp[], addOutputs = true): Promise<BlockIndexEntry> {
    const height = this.entries.length
    const headerBytes = serializeBlockHeader(header)
    const hash = reversedHex(hash256(Uint8Array.from(headerBytes)))
    const rawBlock = serializeRawBlock(headerBytes, txs.map(t => t.raw))
    const previousWork = height === 0 ? 0n : BigInt('0x' + this.tip.chainwork)
    const entry: BlockIndexEntry = {
      hash,
      height,
      ...header,
      size: rawBlock.length,
      txCount: txs.length,
      chainwork: (previousWork + blockWork(header.bits)).toString(16).padStart(64, '0')
    }
    const ops: StoreOp[] = [...extraOps]
    let offset = rawBlock.length - txs.reduce((n, t) => n + t.raw.length, 0)
    txs.forEach((t, index) => {
      const location: TxLocation = { block: hash, offset, length: t.raw.length }
      offset += t.raw.length
      ops.push({ type: 'put', key: 'tx:' + t.txid, value: JSON.stringify(location) })
      if (index > 0) {
        for (const input of t.tx.inputs) {
          const key = outpointKey(input.sourceTXID as string, input.sourceOutputIndex)
          this.utxos.delete(key)
          ops.push({ type: 'del', key: 'utxo:' + key })
        }
      }
      if (!addOutputs) return
      t.tx.outputs.forEach((output, vout) => {
        const script = output.lockingScript.toHex()
        if (isUnspendable(script)) return
        const coin: Coin = { satoshis: BigInt(output.satoshis as number), script, height, coinbase: index === 0 }
        const key = outpointKey(t.txid, vout)
        this.utxos.set(key, coin)
        ops.push({ type: 'put', key: 'utxo:' + key, value: encodeCoin(coin) })
      })
    })
    const blockHex = Buffer.from(rawBlock).toString('hex')
    ops.push({ type: 'put', key: 'blk:' + hash, value: blockHex })
    ops.push({ type: 'put', key: 'hdr:' + hash, value: JSON.stringify(entry) })
    ops.push({ type: 'put', key: heightKey(height), value: hash })
    ops.push({ type: 'put', key: 'tip', value: hash })
    this.entries.push(entry)
    this.byHash.set(hash, entry)
    this.rememberBlock(hash, blockHex)
    await this.store.write(ops)
    return entry
  }

  private rememberBlock (hash: string, hex: string): void {
    this.recentBlocks.set(hash, hex)
    if (this.recentBlocks.size > 16) this.recentBlocks.delete(this.recentBlocks.keys().next().value as string)
  }

  async blockHex (hash: string): Promise<string | undefined> {
    return this.recentBlocks.get(hash) ?? await this.store.get('blk:' + hash)
  }

  /** A confirmed transaction's raw hex and its block, or undefined. */
  async confirmedTx (txid: string): Promise<{ hex: string, block: BlockIndexEntry } | undefined> {
    const location = await this.store.get('tx:' + txid)
    if (location === undefined) return undefined
    const { block, offset, length } = JSON.parse(location) as TxLocation
    const hex = await this.blockHex(block)
    const entry = this.byHash.get(block)
    if (hex === undefined || entry === undefined) return undefined
    return { hex: hex.slice(offset * 2, (offset + length) * 2), block: entry }
  }
}
