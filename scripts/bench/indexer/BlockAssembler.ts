import { createHash } from 'crypto'
import { merkleRoot } from '../../../network/devnet/Hashes'
import type { BenchTx } from './ChainBuilder'
import { serializeTx, varint } from './Sighash'

const sha256d = (b: Buffer): Buffer => createHash('sha256').update(createHash('sha256').update(b).digest()).digest()
/** Regtest's proof-of-work target (bits 0x207fffff). */
const REGTEST_BITS = 0x207fffff
const REGTEST_TARGET = 0x7fffffn << (8n * (0x20n - 3n))

export interface RawBlock { hash: string, raw: Buffer, txs: number }

/** A coinbase with the BIP34 height push, paying `reward` to `payTo`. */
export function coinbaseTx (height: number, payTo: Buffer, reward = 5_000_000_000n): BenchTx {
  const heightBytes: number[] = []
  for (let v = height; v > 0; v = Math.floor(v / 256)) heightBytes.push(v % 256)
  if (heightBytes.length === 0 || (heightBytes[heightBytes.length - 1] & 0x80) !== 0) heightBytes.push(0)
  const scriptSig = Buffer.from([heightBytes.length, ...heightBytes, 0x51])
  return serializeTx({ inputs: [{ txid: '00'.repeat(32), vout: 0xffffffff, script: Buffer.alloc(0), satoshis: 0n }], outputs: [{ satoshis: reward, script: payTo }] }, [scriptSig])
}

/** A regtest block on `prevHash` with a coinbase and `txs`, its proof of work solved. */
export function assembleBlock (prevHash: string, height: number, time: number, payTo: Buffer, txs: BenchTx[]): { block: RawBlock, coinbase: BenchTx } {
  const coinbase = coinbaseTx(height, payTo)
  const all = [coinbase, ...txs]
  const header = Buffer.alloc(80)
  header.writeUInt32LE(0x20000000, 0)
  Buffer.from(prevHash, 'hex').reverse().copy(header, 4)
  Buffer.from(merkleRoot(all.map(t => t.txid)), 'hex').reverse().copy(header, 36)
  header.writeUInt32LE(time, 68)
  header.writeUInt32LE(REGTEST_BITS, 72)
  for (let nonce = 0; ; nonce++) {
    header.writeUInt32LE(nonce, 76)
    const hash = sha256d(header).reverse()
    if (BigInt('0x' + hash.toString('hex')) <= REGTEST_TARGET) {
      return { block: { hash: hash.toString('hex'), raw: Buffer.concat([header, varint(all.length), ...all.map(t => t.raw)]), txs: all.length }, coinbase }
    }
  }
}
