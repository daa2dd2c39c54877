import { bsv } from 'scrypt-ts'
import type { DivvyContext } from '../../scripts/cli/DivvyContext'
import { sendOutputs } from '../../scripts/cli/walletTransaction'
import { attestationScript, markerAddress, signAttestation, type Attestation, type AttestationClaim } from './Attestation'

/** Signs the claim with the handle's identity key and publishes it (paid by `wallet`): answers the transaction id. */
export async function publishAttestation (ctx: DivvyContext, wallet: string, claim: AttestationClaim, identity: bsv.PrivateKey, mine: boolean): Promise<{ txid: string, attestation: Attestation }> {
  const attestation = signAttestation(claim, identity)
  const tx = await sendOutputs(ctx, wallet, [
    { script: bsv.Script.buildPublicKeyHashOut(markerAddress(claim.token, ctx.settings.addressFormat)), satoshis: 1n },
    { script: attestationScript(attestation), satoshis: 0n }
  ])
  await ctx.settle(mine)
  return { txid: tx.id, attestation }
}
