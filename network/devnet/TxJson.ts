import { Hash, OP, Script, Transaction, Utils } from '@bsv/sdk'
import { Regtest } from './ChainParams'

/** Satoshis as the BSV amount bitcoind prints (a JSON number with at most 8 decimals). */
export function toBsv (satoshis: bigint): number {
  return Number(satoshis) / 1e8
}

const SIGHASH_NAMES: Record<number, string> = { 1: 'ALL', 2: 'NONE', 3: 'SINGLE' }

/** A push that looks like a DER signature with a sighash byte: shown as "<der>[ALL|FORKID]". */
function signatureAsm (data: number[]): string | undefined {
  if (data.length < 9 || data.length > 73 || data[0] !== 0x30 || data[1] !== data.length - 3) return undefined
  const scope = data[data.length - 1]
  const base = SIGHASH_NAMES[scope & 0x1f]
  if (base === undefined) return undefined
  const flags = [base]
  if ((scope & 0x80) !== 0) flags[0] += '|ANYONECANPAY'
  if ((scope & 0x40) !== 0) flags[0] += '|FORKID'
  return Utils.toHex(data.slice(0, -1)) + `[${flags[0]}]`
}

/** The little-endian sign-magnitude number of a push of up to 4 bytes. */
function scriptNumber (data: number[]): string {
  if (data.length === 0) return '0'
  let value = 0n
  for (let i = data.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(i === data.length - 1 ? data[i] & 0x7f : data[i])
  return ((data[data.length - 1] & 0x80) !== 0 ? -value : value).toString()
}

/** A script in bitcoind's asm notation (ScriptToAsmStr). */
export function scriptAsm (script: Script, decodeSignatures = false): string {
  const parts: string[] = []
  for (const chunk of script.chunks) {
    const op = chunk.op
    if (op === OP.OP_0) parts.push('0')
    else if (op === OP.OP_1NEGATE) parts.push('-1')
    else if (op >= OP.OP_1 && op <= OP.OP_16) parts.push(String(op - OP.OP_1 + 1))
    else if (op > 0 && op <= OP.OP_PUSHDATA4) {
      const data = chunk.data ?? []
      const sig = decodeSignatures ? signatureAsm(data) : undefined
      parts.push(sig ?? (data.length <= 4 ? scriptNumber(data) : Utils.toHex(data)))
    } else if (op === OP.OP_RETURN && chunk.data !== undefined) {
      // The sdk keeps what follows a top-level OP_RETURN as one raw blob.
      parts.push('OP_RETURN', ...(chunk.data.length > 0 ? [Utils.toHex(chunk.data)] : []))
    } else parts.push((OP as unknown as Record<number, string | undefined>)[op] ?? `OP_UNKNOWN${op}`)
  }
  return parts.join(' ')
}

export const regtestAddress = (hash160: number[]): string => Utils.toBase58Check(hash160, [Regtest.addressPrefix])

/** bitcoind's scriptPubKey object: asm, hex, reqSigs, type and addresses where it has them. */
export function scriptPubKeyJson (script: Script): Record<string, unknown> {
  const hex = script.toHex()
  const json: Record<string, unknown> = { asm: scriptAsm(script), hex }
  const chunks = script.chunks
  if (hex.length === 50 && hex.startsWith('76a914') && hex.endsWith('88ac')) {
    return { ...json, reqSigs: 1, type: 'pubkeyhash', addresses: [regtestAddress(chunks[2].data as number[])] }
  }
  if (chunks.length === 2 && chunks[1].op === OP.OP_CHECKSIG && (chunks[0].data?.length === 33 || chunks[0].data?.length === 65)) {
    return { ...json, reqSigs: 1, type: 'pubkey', addresses: [regtestAddress(Hash.hash160(chunks[0].data as number[]))] }
  }
  if (hex.startsWith('006a') || hex.startsWith('6a')) return { ...json, type: 'nulldata' }
  return { ...json, type: 'nonstandard' }
}

/** A transaction as bitcoind decodes it (TxToUniv). */
export function txJson (tx: Transaction, txid: string, hex: string): Record<string, unknown> {
  return {
    txid,
    hash: txid,
    version: tx.version,
    size: hex.length / 2,
    locktime: tx.lockTime,
    vin: tx.inputs.map(input => {
      const scriptSig = input.unlockingScript as Script
      if (input.sourceTXID === '00'.repeat(32) && input.sourceOutputIndex === 0xffffffff) {
        return { coinbase: scriptSig.toHex(), sequence: input.sequence }
      }
      return {
        txid: input.sourceTXID,
        vout: input.sourceOutputIndex,
        scriptSig: { asm: scriptAsm(scriptSig, true), hex: scriptSig.toHex() },
        sequence: input.sequence
      }
    }),
    vout: tx.outputs.map((output, n) => ({
      value: toBsv(BigInt(output.satoshis as number)),
      n,
      scriptPubKey: scriptPubKeyJson(output.lockingScript)
    })),
    hex
  }
}
