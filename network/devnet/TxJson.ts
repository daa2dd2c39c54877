import { Hash, OP, Transaction, Utils } from '@bsv/sdk'
import { Regtest } from './ChainParams'
import { formatMoney } from './RpcJson'

const SIGHASH_BASE: Record<number, string> = { 1: 'ALL', 2: 'NONE', 3: 'SINGLE' }
const OP_NAMES: Record<number, string> = {}
for (const [name, code] of Object.entries(OP)) if (typeof code === 'number' && OP_NAMES[code] === undefined) OP_NAMES[code] = name

/** BIP66 strict DER with a sighash byte (IsValidSignatureEncoding). */
function isStrictDer (sig: number[]): boolean {
  if (sig.length < 9 || sig.length > 73 || sig[0] !== 0x30 || sig[1] !== sig.length - 3) return false
  const lenR = sig[3]
  if (5 + lenR >= sig.length) return false
  const lenS = sig[5 + lenR]
  if (lenR + lenS + 7 !== sig.length) return false
  if (sig[2] !== 0x02 || lenR === 0 || (sig[4] & 0x80) !== 0) return false
  if (lenR > 1 && sig[4] === 0x00 && (sig[5] & 0x80) === 0) return false
  if (sig[lenR + 4] !== 0x02 || lenS === 0 || (sig[lenR + 6] & 0x80) !== 0) return false
  if (lenS > 1 && sig[lenR + 6] === 0x00 && (sig[lenR + 7] & 0x80) === 0) return false
  return true
}

/** A push that is a signature with a defined sighash type, as ScriptToAsmStr shows it: "<der>[ALL|FORKID]". */
function signatureAsm (data: number[]): string | undefined {
  if (!isStrictDer(data)) return undefined
  const type = data[data.length - 1]
  const base = SIGHASH_BASE[type & ~0xc0]
  if (base === undefined) return undefined
  const name = base + ((type & 0x40) !== 0 ? '|FORKID' : '') + ((type & 0x80) !== 0 ? '|ANYONECANPAY' : '')
  return Utils.toHex(data.slice(0, -1)) + `[${name}]`
}

/** CScriptNum of a push of up to 4 bytes: little-endian sign and magnitude. */
function scriptNumber (data: number[]): string {
  if (data.length === 0) return '0'
  let value = 0n
  for (let i = data.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(i === data.length - 1 ? data[i] & 0x7f : data[i])
  return ((data[data.length - 1] & 0x80) !== 0 ? -value : value).toString()
}

/**
 * A script in the node's asm notation (ScriptToAsmStr), read op by op from its bytes as
 * GetOp reads them: what follows an OP_RETURN is shown push by push, and a push that runs
 * past the end stops the text with "[error]".
 */
export function scriptAsm (bytes: ArrayLike<number>, attemptSighashDecode = false): string {
  const b = Array.from(bytes)
  const parts: string[] = []
  const knownOpReturn = b[0] === OP.OP_RETURN || (b[0] === OP.OP_0 && b[1] === OP.OP_RETURN)
  for (let pc = 0; pc < b.length;) {
    const op = b[pc++]
    if (op > OP.OP_PUSHDATA4) {
      parts.push(op === OP.OP_1NEGATE ? '-1' : op >= OP.OP_1 && op <= OP.OP_16 ? String(op - OP.OP_1 + 1) : OP_NAMES[op] ?? 'OP_UNKNOWN')
      continue
    }
    let size = op
    const width = op === OP.OP_PUSHDATA1 ? 1 : op === OP.OP_PUSHDATA2 ? 2 : op === OP.OP_PUSHDATA4 ? 4 : 0
    if (pc + width > b.length) { parts.push('[error]'); break }
    if (width > 0) {
      size = 0
      for (let i = width - 1; i >= 0; i--) size = size * 256 + b[pc + i]
      pc += width
    }
    if (pc + size > b.length) { parts.push('[error]'); break }
    const data = b.slice(pc, pc + size)
    pc += size
    if (data.length <= 4) parts.push(scriptNumber(data))
    else parts.push((attemptSighashDecode && !knownOpReturn ? signatureAsm(data) : undefined) ?? Utils.toHex(data))
  }
  return parts.join(' ')
}

export const regtestAddress = (hash160: number[]): string => Utils.toBase58Check(hash160, [Regtest.addressPrefix])

/** Push-only from `from` on (IsPushOnly), for data carriers. */
function pushOnlyFrom (b: number[], from: number): boolean {
  for (let pc = from; pc < b.length;) {
    const op = b[pc++]
    if (op > OP.OP_16) return false
    if (op > OP.OP_PUSHDATA4) continue
    const width = op === OP.OP_PUSHDATA1 ? 1 : op === OP.OP_PUSHDATA2 ? 2 : op === OP.OP_PUSHDATA4 ? 4 : 0
    let size = op
    if (width > 0) { size = 0; for (let i = width - 1; i >= 0; i--) size = size * 256 + (b[pc + i] ?? 0); pc += width }
    pc += size
    if (pc > b.length) return false
  }
  return true
}

/** The node's scriptPubKey object (ScriptPubKeyToUniv, after Genesis): asm, hex, and reqSigs, type and addresses where it solves the script. */
export function scriptPubKeyJson (scriptHex: string): Record<string, unknown> {
  const b = Array.from(Buffer.from(scriptHex, 'hex'))
  const json: Record<string, unknown> = { asm: scriptAsm(b), hex: scriptHex }
  if (b.length === 25 && scriptHex.startsWith('76a914') && scriptHex.endsWith('88ac')) {
    return { ...json, reqSigs: 1, type: 'pubkeyhash', addresses: [regtestAddress(b.slice(3, 23))] }
  }
  const keyLength = b[0]
  if ((keyLength === 33 || keyLength === 65) && b.length === keyLength + 2 && b[b.length - 1] === OP.OP_CHECKSIG &&
    (keyLength === 33 ? b[1] === 2 || b[1] === 3 : b[1] === 4)) {
    return { ...json, reqSigs: 1, type: 'pubkey', addresses: [regtestAddress(Hash.hash160(b.slice(1, 1 + keyLength)))] }
  }
  if (b[0] === OP.OP_0 && b[1] === OP.OP_RETURN && pushOnlyFrom(b, 2)) return { ...json, type: 'nulldata' }
  return { ...json, type: 'nonstandard' }
}

/**
 * A transaction as the node decodes it (TxToJSON): values in FormatMoney's form, the block
 * fields when given, the hex last. `values` are the output values as read from the bytes
 * (signed), when the sdk's could differ.
 */
export function txJson (tx: Transaction, txid: string, hex: string, block?: Record<string, unknown>, values?: bigint[]): Record<string, unknown> {
  return {
    txid,
    hash: txid,
    version: tx.version,
    size: hex.length / 2,
    locktime: tx.lockTime,
    vin: tx.inputs.map(input => {
      const scriptSig = input.unlockingScript?.toBinary() ?? []
      if (input.sourceTXID === '00'.repeat(32) && input.sourceOutputIndex === 0xffffffff) {
        return { coinbase: Utils.toHex(scriptSig), sequence: input.sequence }
      }
      return {
        txid: input.sourceTXID,
        vout: input.sourceOutputIndex,
        scriptSig: { asm: scriptAsm(scriptSig, true), hex: Utils.toHex(scriptSig) },
        sequence: input.sequence
      }
    }),
    vout: tx.outputs.map((output, n) => ({
      value: formatMoney(values?.[n] ?? BigInt(output.satoshis as number)),
      n,
      scriptPubKey: scriptPubKeyJson(output.lockingScript.toHex())
    })),
    ...block,
    hex
  }
}
