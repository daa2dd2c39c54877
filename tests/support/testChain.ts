import { createHash } from 'crypto'
import { LockingScript, P2PKH, PrivateKey, Transaction, UnlockingScript } from '@bsv/sdk'

const sha256d = (b: Buffer): Buffer => createHash('sha256').update(createHash('sha256').update(b).digest()).digest()

function varint (n: number): Buffer {
  if (n < 0xfd) return Buffer.from([n])
  const b = Buffer.alloc(3); b[0] = 0xfd; b.writeUInt16LE(n, 1); return b
}

/** The merkle root of txids (hex, display order). */
function merkleRoot (txids: string[]): Buffer {
  let level = txids.map(id => Buffer.from(id, 'hex').reverse())
  while (level.length > 1) {
    const next: Buffer[] = []
    for (let i = 0; i < level.length; i += 2) next.push(sha256d(Buffer.concat([level[i], level[i + 1] ?? level[i]])))
    level = next
  }
  return level[0]
}

/**
 * Builds raw blocks of real signed @bsv/sdk transactions for unit tests of the block
 * pipeline, without a node: each block has a coinbase paying `miner` and links to the last.
 */
export class TestChain {
  readonly blocks: Array<{ hash: string, raw: Buffer, coinbase: Transaction }> = []
  private time = 1_700_000_000

  constructor (readonly miner: PrivateKey, private prevHash = '00'.repeat(32)) {}

  get tipHash (): string { return this.blocks.length > 0 ? this.blocks[this.blocks.length - 1].hash : this.prevHash }

  /** A block with a coinbase of `reward` satoshis and the given transactions. */
  mine (txs: Transaction[] = [], reward = 50_000_000): { hash: string, raw: Buffer, coinbase: Transaction } {
    const coinbase = new Transaction()
    coinbase.addInput({ sourceTXID: '00'.repeat(32), sourceOutputIndex: 0xffffffff, unlockingScript: UnlockingScript.fromASM(Buffer.from(`cb ${this.blocks.length} ${this.time}`).toString('hex')), sequence: 0xffffffff })
    coinbase.addOutput({ satoshis: reward, lockingScript: new P2PKH().lock(this.miner.toAddress()) })
    const all = [coinbase, ...txs]
    const header = Buffer.alloc(80)
    header.writeUInt32LE(1, 0)
    Buffer.from(this.tipHash, 'hex').reverse().copy(header, 4)
    merkleRoot(all.map(t => t.id('hex'))).copy(header, 36)
    header.writeUInt32LE(this.time++, 68)
    header.writeUInt32LE(0x207fffff, 72)
    const raw = Buffer.concat([header, varint(all.length), ...all.map(t => Buffer.from(t.toBinary()))])
    const block = { hash: sha256d(header).reverse().toString('hex'), raw, coinbase }
    this.blocks.push(block)
    return block
  }

  /** Forgets the last `n` blocks (to build a competing branch). */
  fork (n: number): void {
    this.blocks.splice(this.blocks.length - n, n)
  }
}

/** A signed transaction spending `inputs` (P2PKH outputs of `key`) into `outputs`. */
export async function spend (inputs: Array<{ tx: Transaction, vout: number, key: PrivateKey }>, outputs: Array<{ satoshis: number, script: LockingScript | Buffer }>): Promise<Transaction> {
  const tx = new Transaction()
  for (const i of inputs) tx.addInput({ sourceTransaction: i.tx, sourceOutputIndex: i.vout, unlockingScriptTemplate: new P2PKH().unlock(i.key) })
  for (const o of outputs) tx.addOutput({ satoshis: o.satoshis, lockingScript: Buffer.isBuffer(o.script) ? LockingScript.fromBinary(Array.from(o.script)) : o.script })
  await tx.sign()
  return tx
}
