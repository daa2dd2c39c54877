import { readFileSync } from 'fs'
import { bsv } from 'scrypt-ts'
import { defineCommand } from '../Command'
import { UsageError } from '../options'
import { tokenOf } from '../TokenAdoption'

export const attestCommand = defineCommand({
  name: 'attest',
  description: `Publishes the handle's proof that the token is its own: an attestation binding the token id
to the handle, signed with the handle's paymail identity key (the key its paymail's PKI
answers), in a transaction paid by the wallet. 'divvy verify --token <id>' checks it against
the paymail's PKI, from any home.`,
  options: {
    paymail: { kind: 'string', value: 'alias@domain', help: 'the handle\'s paymail (default <handle>@handcash.io)' },
    'identity-key': { kind: 'string', value: 'name', help: 'the paymail identity key, by its name in the home\'s key file' },
    'identity-wif': { kind: 'string', value: 'file', help: 'the paymail identity key, as WIF in a file' }
  },
  check: options => {
    if ((options['identity-key'] === undefined) === (options['identity-wif'] === undefined)) throw new UsageError('attest: give the identity key with --identity-key or --identity-wif')
    if (options.paymail !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(options.paymail)) throw new UsageError(`attest: --paymail '${options.paymail}' is not alias@domain`)
  },
  run: async (ctx, options, common, out) => {
    const token = await tokenOf(ctx, common.token)
    if (token.handle === '') throw new Error(`$${token.symbol} was adopted from the chain: attest from the home that issued it`)
    let identity: bsv.PrivateKey
    if (options['identity-wif'] !== undefined) {
      try { identity = bsv.PrivateKey.fromWIF(readFileSync(options['identity-wif'], 'utf8').trim()) } catch (e) { throw new UsageError(`attest: ${options['identity-wif']} holds no WIF key: ${(e as Error).message}`) }
    } else {
      if (!ctx.keys.names().includes(options['identity-key'] as string)) throw new UsageError(`attest: this home has no key '${options['identity-key'] as string}'`)
      identity = ctx.key(options['identity-key'] as string)
    }
    const { publishAttestation } = await import('../../../service/attest/publishAttestation')
    const { handlePaymail } = await import('../../../service/attest/Attestation')
    const paymail = options.paymail ?? handlePaymail(token.handle)
    const { txid } = await publishAttestation(ctx, common.wallet, { token: token.tokenId, handle: token.handle, paymail }, identity, common.mine)
    out(`attested: $${token.symbol} (${token.tokenId}) belongs to ${token.handle}, signed by the identity key of ${paymail} (${identity.publicKey.toString()}), in ${txid}`)
  }
})
