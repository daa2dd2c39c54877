import { readFileSync } from 'fs'
import { defineCommand } from '../Command'
import { UsageError } from '../options'

export const verifyCommand = defineCommand({
  name: 'verify',
  description: `Checks that a token belongs to its handle: finds the token's attestations on chain and
accepts one only when it names the handle's own paymail (<handle>@handcash.io, or --paymail)
and is signed by the key that paymail answers in its public-key infrastructure (capability
discovery and PKI through @bsv/paymail's client). Exit status 1 when none verifies, saying
why each failed, or when two handles' attestations both verify (name one with --handle).`,
  options: {
    paymail: { kind: 'string', value: 'alias@domain', help: 'the handle\'s paymail, when it is not <handle>@handcash.io' },
    handle: { kind: 'string', value: 'name', help: 'accept only an attestation naming this handle (default: the home\'s record of the token, if any)' },
    ca: { kind: 'string', value: 'file', help: 'a PEM certificate to trust for the paymail\'s HTTPS (a private CA)' }
  },
  check: options => { if (options.paymail !== undefined && !/^[^@\s]+@[^@\s]+$/.test(options.paymail)) throw new UsageError(`verify: --paymail '${options.paymail}' is not alias@domain`) },
  run: async (ctx, options, common, out) => {
    const tokenId = common.token
    if (tokenId === undefined || !/^[0-9a-f]{64}_\d+$/.test(tokenId)) throw new UsageError('verify: --token <txid>_<vout> names the token to check')
    const { verifyAttestation } = await import('../../../service/attest/verifyAttestation')
    const { pkiLookup } = await import('../../../service/paymail/pkiLookup')
    const known = ctx.tokens.all().find(t => t.tokenId === tokenId)
    const handle = options.handle ?? (known !== undefined && known.handle !== '' ? known.handle : undefined)
    const verdict = await verifyAttestation(ctx, tokenId, pkiLookup(options.ca !== undefined ? readFileSync(options.ca) : undefined), { handle, paymail: options.paymail })
    for (const why of verdict.refused) out(`refused: ${why}`)
    if (verdict.conflict !== undefined) throw new Error(`${tokenId} is attested by ${verdict.conflict.join(' and ')}: name the handle you expect with --handle`)
    if (verdict.verified === undefined) throw new Error(`no attestation of ${tokenId} verifies${verdict.refused.length === 0 ? ': none is published' : ''}`)
    const a = verdict.verified.attestation
    out(`verified: ${tokenId} belongs to ${a.handle}: attested in ${verdict.verified.txid} by ${a.pubkey}, the public key of ${a.paymail}`)
  }
})
