import { createHash } from 'crypto'

export const SIGHASH_ALL_FORKID = 0x41

export interface TxInputSpec {
  txid: string
  vout: number
  /** The locking script and satoshis of the output it spends (the sighash commits to both). */
  script: Buffer
  satoshis: bigint
}

export interface TxOutputSpec { satoshis: bigint, script: Buffer }

export interface UnsignedTx { inputs: TxInputSpec[], outputs: TxOutputSpec[] }

const sha256d = (b: Buffer): Buffer => createHash('sha256').update(createHash('sha256').update(b).digest()).digest()

export function varint (n: number): Buffer {
  if (n < 0xfd) return Buffer.from([n])
  if (n <= 0xffff) { const b = Buffer.alloc(3); b[0] = 0xfd; b.writeUInt16LE(n, 1); return b }
  const b = Buffer.alloc(5); b[0] = 0xfe; b.writeUInt32LE(n, 1); return b
}

export function outpointBytes (txid: string, vout: number): Buffer {
  const b = Buffer.alloc(36)
  Buffer.from(txid, 'hex').reverse().copy(b, 0)
  b.writeUInt32LE(vout, 32)
  return b
}

export function outputBytes (o: TxOutputSpec): Buffer {
  const value = Buffer.alloc(8)
  value.writeBigUInt64LE(o.satoshis)
  return Buffer.concat([value, varint(o.script.length), o.script])
}

/**
 * The BIP143-style preimage Bitcoin SV signs with SIGHASH_ALL|FORKID (version 1, final
 * sequences, lock time 0), for input `index`; its script code is the whole locking script.
 */
export function forkIdPreimage (tx: UnsignedTx, index: number): Buffer {
  const input = tx.inputs[index]
  const u32 = (n: number): Buffer => { const b = Buffer.alloc(4); b.writeUInt32LE(n); return b }
  const value = Buffer.alloc(8)
  value.writeBigUInt64LE(input.satoshis)
  return Buffer.concat([
    u32(1),
    sha256d(Buffer.concat(tx.inputs.map(i => outpointBytes(i.txid, i.vout)))),
    sha256d(Buffer.concat(tx.inputs.map(() => u32(0xffffffff)))),
    outpointBytes(input.txid, input.vout),
    varint(input.script.length), input.script,
    value,
    u32(0xffffffff),
    sha256d(Buffer.concat(tx.outputs.map(outputBytes))),
    u32(0),
    u32(SIGHASH_ALL_FORKID)
  ])
}

/** The serialized transaction with the given unlocking scripts, and its txid. */
export function serializeTx (tx: UnsignedTx, unlocks: Buffer[]): { raw: Buffer, txid: string } {
  const parts: Buffer[] = [Buffer.from([1, 0, 0, 0]), varint(tx.inputs.length)]
  tx.inputs.forEach((input, i) => parts.push(outpointBytes(input.txid, input.vout), varint(unlocks[i].length), unlocks[i], Buffer.from([0xff, 0xff, 0xff, 0xff])))
  parts.push(varint(tx.outputs.length), ...tx.outputs.map(outputBytes), Buffer.alloc(4))
  const raw = Buffer.concat(parts)
  return { raw, txid: sha256d(raw).reverse().toString('hex') }
}
