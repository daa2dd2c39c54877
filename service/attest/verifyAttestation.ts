import type { DivvyContext } from '../../scripts/cli/DivvyContext'
import { handlePaymail, markerAddress, parseAttestation, signatureHolds, type Attestation } from './Attestation'

/** What a paymail's public-key infrastructure answers (@bsv/paymail's `getPki`). */
export type PkiLookup = (paymail: string) => Promise<{ handle: string, pubkey: string }>

export interface Verdict {
  verified?: { attestation: Attestation, txid: string }
  /** Why each attestation found did not verify. */
  refused: string[]
  /** Handles that each hold a verified attestation of the token, when more than one does (then none is answered). */
  conflict?: string[]
}

const bare = (handle: string): string => handle.replace(/^[@$]/, '').toLowerCase()

/**
 * Checks the token's attestations on chain: each transaction paying the token's marker address
 * and publishing a `divvy.attest` for this token id. One verifies when its signature holds, it
 * names the handle's own paymail (`<handle>@handcash.io`, or the paymail the caller names for
 * the handle) and its key is the one that paymail's PKI answers; when the caller knows the
 * token's handle, it must name that handle. Without the paymail bound to the handle anyone
 * could attest any handle with a paymail of their own. Attestations by two different handles
 * that both verify answer neither: the caller must say which handle it expects.
 */
export async function verifyAttestation (ctx: DivvyContext, tokenId: string, pki: PkiLookup, expected: { handle?: string, paymail?: string } = {}): Promise<Verdict> {
  const marker = markerAddress(tokenId, ctx.settings.addressFormat)
  const refused: string[] = []
  const verified: Array<{ attestation: Attestation, txid: string }> = []
  const seen = new Set<string>()
  for (const u of await ctx.provider.listUnspent(marker)) {
    if (seen.has(u.txId)) continue
    seen.add(u.txId)
    const tx = await ctx.provider.getTransaction(u.txId)
    for (const out of tx.outputs) {
      const a = parseAttestation(out.script)
      if (a === undefined) continue
      const why = await reject(a, tokenId, pki, expected)
      if (why === undefined) verified.push({ attestation: a, txid: tx.id })
      else refused.push(`${tx.id}: ${why}`)
    }
  }
  const handles = [...new Set(verified.map(v => bare(v.attestation.handle)))]
  if (handles.length > 1) return { refused, conflict: handles.map(h => `@${h}`) }
  return { verified: verified[0], refused }
}

async function reject (a: Attestation, tokenId: string, pki: PkiLookup, expected: { handle?: string, paymail?: string }): Promise<string | undefined> {
  if (a.token !== tokenId) return `it attests another token (${a.token})`
  if (expected.handle !== undefined && bare(a.handle) !== bare(expected.handle)) return `it names the handle ${a.handle}, the token is ${expected.handle}'s`
  const paymail = (expected.paymail ?? handlePaymail(a.handle)).toLowerCase()
  if (a.paymail !== paymail) return `it names the paymail ${a.paymail}, but ${a.handle}'s paymail is ${paymail}${expected.paymail === undefined ? ' (name another with --paymail)' : ''}`
  if (!signatureHolds(a)) return 'its signature does not hold'
  let answer
  try { answer = await pki(a.paymail) } catch (e) { return `the PKI of ${a.paymail} did not answer: ${(e as Error).message}` }
  if (answer.pubkey.toLowerCase() !== a.pubkey.toLowerCase()) return `it is signed by ${a.pubkey}, but ${a.paymail}'s public key is ${answer.pubkey}`
  return undefined
}
