import { createHash } from 'crypto'
import { bsv } from 'scrypt-ts'

/** Protocol tag of the output that publishes a handle's attestation of a token. */
export const ATTEST_TAG = 'divvy.attest'

/** What the handle's identity signs: the token belongs to the handle, whose paymail holds the key. */
export interface AttestationClaim { token: string, handle: string, paymail: string }

export interface Attestation extends AttestationClaim {
  /** The signing identity key (33 bytes hex) and its DER signature (hex) over sha256 of the message. */
  pubkey: string
  signature: string
  /** The exact bytes signed. */
  message: string
}

/** A HandCash handle's paymail (`@Name` is `name@handcash.io`): the paymail a handle's attestation is checked against unless the verifier names another. */
export function handlePaymail (handle: string): string {
  return `${handle.replace(/^[@$]/, '').toLowerCase()}@handcash.io`
}

/** The canonical message of a claim (fixed key order, so that signer and verifier hash the same bytes). */
export function attestationMessage (c: AttestationClaim): string {
  return JSON.stringify({ p: ATTEST_TAG, v: 1, token: c.token, handle: c.handle, paymail: c.paymail.toLowerCase() })
}

/**
 * Where a token's attestations are found without any index of data outputs: each attestation
 * transaction pays 1 satoshi to this address, derived from the token id (nobody holds its key),
 * so that anyone lists them as that address's outputs and reads the attestation beside.
 */
export function markerAddress (tokenId: string, network: 'testnet' | 'mainnet'): bsv.Address {
  const pkh = createHash('sha256').update(`${ATTEST_TAG} ${tokenId}`).digest().subarray(0, 20)
  return bsv.Address.fromPublicKeyHash(pkh, network === 'mainnet' ? bsv.Networks.mainnet : bsv.Networks.testnet)
}

/** Signs a claim with the handle's identity key (the key its paymail's PKI answers). */
export function signAttestation (c: AttestationClaim, identity: bsv.PrivateKey): Attestation {
  const message = attestationMessage(c)
  const digest = createHash('sha256').update(message).digest()
  const signature = bsv.crypto.ECDSA.sign(digest, identity).toDER().toString('hex')
  return { ...c, paymail: c.paymail.toLowerCase(), pubkey: identity.publicKey.toString(), signature, message }
}

/** `OP_FALSE OP_RETURN "divvy.attest" <message> <pubkey> <signature>`. */
export function attestationScript (a: Attestation): bsv.Script {
  return bsv.Script.buildSafeDataOut([Buffer.from(ATTEST_TAG), Buffer.from(a.message), Buffer.from(a.pubkey, 'hex'), Buffer.from(a.signature, 'hex')])
}

/** The attestation a script publishes, or undefined when it publishes none (or a malformed one). */
export function parseAttestation (script: bsv.Script): Attestation | undefined {
  const chunks = script.chunks
  if (chunks.length !== 6 || chunks[0].opcodenum !== bsv.Opcode.OP_0 || chunks[1].opcodenum !== bsv.Opcode.OP_RETURN) return undefined
  const [tag, message, pubkey, signature] = chunks.slice(2).map(c => c.buf ?? Buffer.alloc(0))
  if (tag.toString() !== ATTEST_TAG) return undefined
  try {
    const claim = JSON.parse(message.toString('utf8')) as { p?: unknown, v?: unknown, token?: unknown, handle?: unknown, paymail?: unknown }
    if (claim.p !== ATTEST_TAG || claim.v !== 1 || typeof claim.token !== 'string' || typeof claim.handle !== 'string' || typeof claim.paymail !== 'string') return undefined
    const c = { token: claim.token, handle: claim.handle, paymail: claim.paymail }
    if (attestationMessage(c) !== message.toString('utf8')) return undefined
    return { ...c, pubkey: pubkey.toString('hex'), signature: signature.toString('hex'), message: message.toString('utf8') }
  } catch {
    return undefined
  }
}

/** Whether the attestation's signature is its key's over its message. */
export function signatureHolds (a: Attestation): boolean {
  try {
    const digest = createHash('sha256').update(a.message).digest()
    return bsv.crypto.ECDSA.verify(digest, bsv.crypto.Signature.fromDER(Buffer.from(a.signature, 'hex')), bsv.PublicKey.fromString(a.pubkey))
  } catch {
    return false
  }
}
