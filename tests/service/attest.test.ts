import { expect } from 'chai'
import express from 'express'
import { createServer, type Server } from 'https'
import type { AddressInfo } from 'net'
import { PaymailRouter, PublicKeyInfrastructureRoute } from '@bsv/paymail'
import { bsv } from 'scrypt-ts'
import { publishAttestation } from '../../service/attest/publishAttestation'
import { verifyAttestation } from '../../service/attest/verifyAttestation'
import { testPaymailClient } from './paymailClient'
import { tokenHome, type TokenHome } from './serviceHarness'
import { selfSignedCertificate } from './tlsCertificate'

const DOMAIN = 'handle.test'

describe('divvy attest and verify: the handle\'s proof that the token is its own, checked against its paymail PKI', function () {
  this.timeout(300_000)
  let t: TokenHome
  let server: Server
  let identity: bsv.PrivateKey
  let pki: (paymail: string) => Promise<{ handle: string, pubkey: string }>
  let tokenId: string

  before(async () => {
    t = await tokenHome('divvy-attest-', [['alice', 300_000n]])
    tokenId = t.ctx.tokens.find(t.symbol).tokenId
    identity = bsv.PrivateKey.fromRandom('testnet')
    // The handle's paymail (its own provider's, here a local one over TLS): PKI answers its identity key.
    const tls = await selfSignedCertificate(DOMAIN)
    const app = express()
    server = createServer({ cert: tls.cert, key: tls.key }, app)
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    const port = (server.address() as AddressInfo).port
    app.use(new PaymailRouter({
      baseUrl: `https://${DOMAIN}:${port}`,
      basePath: '/api/bsvalias',
      routes: [new PublicKeyInfrastructureRoute({ domainLogicHandler: async (params: { paymail: string }) => ({ bsvalias: '1.0', handle: params.paymail, pubkey: identity.publicKey.toString() }) })]
    }).getRouter())
    // The client's SRV answer and lookup take handle.test to 127.0.0.1:<port>.
    const client = testPaymailClient(DOMAIN, port, tls.cert)
    pki = async paymail => await client.getPki(paymail)
  })
  after(async () => {
    server?.closeAllConnections()
    await new Promise<void>(resolve => server?.close(() => resolve()))
    await t?.close()
  })

  it('refuses an attestation signed by another key, and accepts the owner\'s', async () => {
    const claim = { token: tokenId, handle: '@ServeTest', paymail: `servetest@${DOMAIN}` }
    const forged = await publishAttestation(t.ctx, 'issuer', claim, bsv.PrivateKey.fromRandom('testnet'), true)
    const before = await verifyAttestation(t.ctx, tokenId, pki, { handle: '@ServeTest' })
    expect(before.verified).to.equal(undefined)
    expect(before.refused).to.have.length(1)
    expect(before.refused[0]).to.contain(forged.txid).and.contain(`public key is ${identity.publicKey.toString()}`)

    const owner = await publishAttestation(t.ctx, 'issuer', claim, identity, true)
    const after = await verifyAttestation(t.ctx, tokenId, pki, { handle: '@ServeTest' })
    expect(after.verified?.txid).to.equal(owner.txid)
    expect(after.verified?.attestation.pubkey).to.equal(identity.publicKey.toString())
    // Another token's id, or another handle, is not this attestation's.
    expect((await verifyAttestation(t.ctx, tokenId, pki, { handle: '@SomeoneElse' })).verified).to.equal(undefined)
  })
})
