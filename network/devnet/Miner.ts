import { LockingScript, Transaction, UnlockingScript } from '@bsv/sdk'
import { BlockHeaderFields, serializeBlockHeader } from '../block/RawBlock'
import { medianTimePast } from './BlockIndex'
import { BlockTx, Chain } from './Chain'
import { blockSubsidy, Regtest, targetFromBits } from './ChainParams'
import { hash256, merkleRoot, reversedHex, txidOf } from './Hashes'
import { Mempool } from './Mempool'

/** A number as a script pushes it (CScript << n): OP_0, OP_1..OP_16, or minimal little-endian bytes. */
function scriptNumberPush (n: number): number[] {
  if (n === 0) return [0x00]
  if (n >= 1 && n <= 16) return [0x50 + n]
  const bytes: number[] = []
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.push(v % 256)
  if ((bytes[bytes.length - 1] & 0x80) !== 0) bytes.push(0)
  return [bytes.length, ...bytes]
}

/**
 * Builds blocks on the tip from the primary mempool (what pays the mining fee, alone or as
 * a child-pays-for-parent group) and connects them, like `generatetoaddress`.
 */
export class Miner {
  /** Runs after each block is connected (the devnet moves newly final transactions into the mempool). */
  afterBlock: () => Promise<void> = async () => {}

  constructor (private readonly chain: Chain, private readonly mempool: Mempool) {}

  /** Mines `count` blocks paying the coinbase to `payTo`; returns their hashes. */
  async generate (count: number, payTo: LockingScript): Promise<string[]> {
    const hashes: string[] = []
    for (let i = 0; i < count; i++) {
      hashes.push(await this.mineOne(payTo))
      await this.afterBlock()
    }
    return hashes
  }

  private async mineOne (payTo: LockingScript): Promise<string> {
    const tip = this.chain.tip
    const height = tip.height + 1
    // Mempool order is acceptance order, so every parent comes before its children.
    const included = this.mempool.mineable()
    const fees = included.reduce((sum, e) => sum + e.fee, 0n)
    const coinbase = new Transaction(1, [{
      sourceTXID: '00'.repeat(32),
      sourceOutputIndex: 0xffffffff,
      // BIP34: the height first, then an extra nonce, as the node's miner writes it.
      unlockingScript: UnlockingScript.fromBinary([...scriptNumberPush(height), ...scriptNumberPush(1)]),
      sequence: 0xffffffff
    }], [{ satoshis: Number(blockSubsidy(height) + fees), lockingScript: payTo }], 0)
    const coinbaseRaw = Uint8Array.from(coinbase.toBinary())
    const txs: BlockTx[] = [
      { txid: txidOf(coinbaseRaw), raw: coinbaseRaw, tx: coinbase },
      ...included.map(e => ({ txid: e.txid, raw: e.raw, tx: e.tx }))
    ]
    const header = solve({
      version: Regtest.blockVersion,
      prevHash: tip.hash,
      merkleRoot: merkleRoot(txs.map(t => t.txid)),
      time: Math.max(Math.floor(Date.now() / 1000), medianTimePast(this.chain.entries, tip.height) + 1),
      bits: Regtest.bits,
      nonce: 0
    })
    const removed = this.mempool.removeConfirmed(included.map(e => e.txid))
    const entry = await this.chain.connect(header, txs, removed)
    return entry.hash
  }
}

/** Finds a nonce that meets the proof-of-work target (about two tries at regtest difficulty). */
function solve (header: BlockHeaderFields): BlockHeaderFields {
  const target = targetFromBits(header.bits)
  const bytes = Buffer.from(serializeBlockHeader(header))
  for (let nonce = 0; nonce <= 0xffffffff; nonce++) {
    bytes.writeUInt32LE(nonce, 76)
    if (BigInt('0x' + reversedHex(hash256(bytes))) <= target) return { ...header, nonce }
  }
  throw new Error('no nonce meets the proof-of-work target; change the time and retry')
}
