import type { DivvyContext } from '../../scripts/cli/DivvyContext'
import { markerAddress, parseAttestation, signatureHolds, type Attestation } from './Attestation'

/** What a paymail's public-key infrastructure answers (@bsv/paymail's `getPki`). */
export type PkiLookup = (paymail: string) => Promise<{ handle: string, pubkey: string }>

export interface Verdict {
  verified?: { attestation: Attestation, txid: string }
  /** Why each attestation found did not verify. */
  refused: string[]
}

/**
 * Checks the token's attestations on chain: each transaction paying the token's marker address
 * and publishing a `divvy.attest` for this token id; one verifies when its signature holds and
 * its key is the one the named paymail's PKI answers (and, when the caller knows the token's
 * handle, it names that handle). The first that verifies is answered, with why the others did not.
 */
export async function verifyAttestation (ctx: DivvyContext, tokenId: string, pki: PkiLookup, expected: { handle?: string, paymail?: string } = {}): Promise<Verdict> {
  const marker = markerAddress(tokenId, ctx.settings.addressFormat)
  const refused: string[] = []
  const seen = new Set<string>()
  for (const u of await ctx.provider.listUnspent(marker)) {
    if (seen.has(u.txId)) continue
    seen.add(u.txId)
    const tx = await ctx.provider.getTransaction(u.txId)
    for (const out of tx.outputs) {
      const a = parseAttestation(out.script)
      if (a === undefined) continue
      const why = await reject(a, tokenId, pki, expected)
      if (why === undefined) return { verified: { attestation: a, txid: tx.id }, refused }
      refused.push(`${tx.id}: ${why}`)
    }
  }
  return { refused }
}

async function reject (a: Attestation, tokenId: string, pki: PkiLookup, expected: { handle?: string, paymail?: string }): Promise<string | undefined> {
  if (a.token !== tokenId) return `it attests another token (${a.token})`
  if (expected.handle !== undefined && a.handle.replace(/^[@$]/, '').toLowerCase() !== expected.handle.replace(/^[@$]/, '').toLowerCase()) return `it names the handle ${a.handle}, the token is ${expected.handle}'s`
  if (expected.paymail !== undefined && a.paymail !== expected.paymail.toLowerCase()) return `it names the paymail ${a.paymail}, not ${expected.paymail}`
  if (!signatureHolds(a)) return 'its signature does not hold'
  let answer
  try { answer = await pki(a.paymail) } catch (e) { return `the PKI of ${a.paymail} did not answer: ${(e as Error).message}` }
  if (answer.pubkey.toLowerCase() !== a.pubkey.toLowerCase()) return `it is signed by ${a.pubkey}, but ${a.paymail}'s public key is ${answer.pubkey}`
  return undefined
}
