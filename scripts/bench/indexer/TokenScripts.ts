import type { BenchKey } from './BenchKey'
import type { TxOutputSpec } from './Sighash'

/** The content type of BSV-20/BSV-21 inscriptions. */
const BSV20 = Buffer.from('application/bsv-20')
const ORD = Buffer.from('ord')
const OP_0 = 0x00
const OP_1 = 0x51
const OP_IF = 0x63
const OP_ENDIF = 0x68

/** A minimal push of `data` (its length as opcode, or OP_PUSHDATA1/2). */
function push (data: Buffer): Buffer {
  if (data.length < 0x4c) return Buffer.concat([Buffer.from([data.length]), data])
  if (data.length <= 0xff) return Buffer.concat([Buffer.from([0x4c, data.length]), data])
  const head = Buffer.from([0x4d, 0, 0])
  head.writeUInt16LE(data.length, 1)
  return Buffer.concat([head, data])
}

/**
 * The 1Sat envelope `OP_0 OP_IF "ord" OP_1 <content type> OP_0 <json> OP_ENDIF` in bytes,
 * exactly what contracts/offchain/bsv21 builds (tests compare them), without loading
 * scrypt-ts into every signing thread or parsing ASM for each of 100,000 inscriptions.
 */
function envelope (json: object): Buffer {
  return Buffer.concat([Buffer.from([OP_0, OP_IF]), push(ORD), Buffer.from([OP_1]), push(BSV20), Buffer.from([OP_0]), push(Buffer.from(JSON.stringify(json))), Buffer.from([OP_ENDIF])])
}

/** A 1-satoshi `transfer` output to `owner`: the envelope (keys in js-1sat-ord's order), then P2PKH. */
export const transferOutput = (tokenId: string, amount: bigint, owner: BenchKey): TxOutputSpec =>
  ({ satoshis: 1n, script: Buffer.concat([envelope({ p: 'bsv-20', op: 'transfer', amt: amount.toString(), id: tokenId }), owner.p2pkh]) })

/** The 1-satoshi `deploy+mint` output of the whole supply (0 decimals) to `owner`. */
export const deployOutput = (symbol: string, supply: bigint, owner: BenchKey): TxOutputSpec =>
  ({ satoshis: 1n, script: Buffer.concat([envelope({ p: 'bsv-20', op: 'deploy+mint', sym: symbol, amt: supply.toString(), dec: '0' }), owner.p2pkh]) })
