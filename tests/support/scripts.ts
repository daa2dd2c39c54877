import { PrivateKey, Script, Utils } from '@bsv/sdk'

/** Hand-built locking scripts for tests (independent of the indexer's parsers). */
export function inscriptionAsm (contentType: string, content: string): string {
  const hex = (s: string): string => Buffer.from(s, 'utf8').toString('hex')
  return `OP_0 OP_IF ${hex('ord')} OP_1 ${hex(contentType)} OP_0 ${hex(content)} OP_ENDIF`
}

export function p2pkhAsm (pkhHex: string): string {
  return `OP_DUP OP_HASH160 ${pkhHex} OP_EQUALVERIFY OP_CHECKSIG`
}

export function scriptBytes (asm: string): Buffer {
  return Buffer.from(Script.fromASM(asm).toBinary())
}

export function bsv20 (fields: Record<string, unknown>): string {
  return JSON.stringify({ p: 'bsv-20', ...fields })
}

/** A 1-sat token output script: envelope then P2PKH, the way js-1sat-ord builds it. */
export function tokenScript (pkhHex: string, fields: Record<string, unknown>, contentType = 'application/bsv-20'): Buffer {
  return scriptBytes(`${inscriptionAsm(contentType, bsv20(fields))} ${p2pkhAsm(pkhHex)}`)
}

export function keyPkh (key: PrivateKey): string {
  return Utils.toHex(key.toPublicKey().toHash() as number[])
}

/** A deterministic private key for tests. */
export function testKey (n: number): PrivateKey {
  return new PrivateKey(n.toString(16).padStart(64, '0'), 'hex')
}
