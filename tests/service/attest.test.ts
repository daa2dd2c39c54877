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

// A HandCash handle's paymail is <handle>@handcash.io: the test serves that domain's PKI on 127.0.0.1.
const DOMAIN = 'handcash.io'

describe('divvy attest and verify: the handle\'s proof that the token is its own, checked against its paymail PKI', function () {
  this.timeout(300_000)
  let t: TokenHome
  let server: Server
  let identity: bsv.PrivateKey
  const forger = bsv.PrivateKey.fromRandom('testnet')
  let pki: (paymail: string) => Promise<{ handle: string, pubkey: string }>
  let tokenId: string

  before(async () => {
    t = await tokenHome('divvy-attest-', [['alice', 300_000n]])
    tokenId = t.ctx.tokens.find(t.symbol).tokenId
    identity = bsv.PrivateKey.fromRandom('testnet')
    // The handles' paymails (their provider's, here a local one over TLS): PKI answers each one's identity key.
    const tls = await selfSignedCertificate(DOMAIN)
    const app = express()
    server = createServer({ cert: tls.cert, key: tls.key }, app)
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    const port = (server.address() as AddressInfo).port
    app.use(new PaymailRouter({
      baseUrl: `https://${DOMAIN}:${port}`,
      basePath: '/api/bsvalias',
      routes: [new PublicKeyInfrastructureRoute({ domainLogicHandler: async (params: { paymail: string }) => ({ bsvalias: '1.0', handle: params.paymail, pubkey: (params.paymail.startsWith('servetest@') ? identity : forger).publicKey.toString() }) })]
    }).getRouter())
    // The client's SRV answer and lookup take handcash.io to 127.0.0.1:<port>.
    const client = testPaymailClient(DOMAIN, port, tls.cert)
    pki = async paymail => await client.getPki(paymail)
  })
  after(async () => {
    server?.closeAllConnections()
    await new Promise<void>(resolve => server?.close(() => resolve()))
    await t?.close()
  })

  it('refuses an attestation signed by another key, or naming a paymail that is not the handle\'s, and accepts the owner\'s', async () => {
    const claim = { token: tokenId, handle: '@ServeTest', paymail: `servetest@${DOMAIN}` }
    const forged = await publishAttestation(t.ctx, 'issuer', claim, bsv.PrivateKey.fromRandom('testnet'), true)
    // A forger naming the handle with a paymail of its own, whose PKI answers the forger's key.
    const ownPaymail = await publishAttestation(t.ctx, 'issuer', { ...claim, paymail: `forger@${DOMAIN}` }, forger, true)
    const before = await verifyAttestation(t.ctx, tokenId, pki)
    expect(before.verified).to.equal(undefined)
    expect(before.refused).to.have.length(2)
    expect(before.refused.find(r => r.startsWith(forged.txid))).to.contain(`public key is ${identity.publicKey.toString()}`)
    expect(before.refused.find(r => r.startsWith(ownPaymail.txid))).to.contain(`@ServeTest's paymail is servetest@${DOMAIN}`)

    const owner = await publishAttestation(t.ctx, 'issuer', claim, identity, true)
    const after = await verifyAttestation(t.ctx, tokenId, pki, { handle: '@ServeTest' })
    expect(after.verified?.txid).to.equal(owner.txid)
    expect(after.verified?.attestation.pubkey).to.equal(identity.publicKey.toString())
    // Another handle is not this attestation's; the paymail the verifier names for the handle is the one checked.
    expect((await verifyAttestation(t.ctx, tokenId, pki, { handle: '@SomeoneElse' })).verified).to.equal(undefined)
    expect((await verifyAttestation(t.ctx, tokenId, pki, { handle: '@ServeTest', paymail: `servetest@${DOMAIN}` })).verified?.txid).to.equal(owner.txid)

    // Two handles whose attestations both verify: neither is answered until the verifier names the one it expects.
    const rival = await publishAttestation(t.ctx, 'issuer', { token: tokenId, handle: '@Forger', paymail: `forger@${DOMAIN}` }, forger, true)
    const both = await verifyAttestation(t.ctx, tokenId, pki)
    expect(both.verified).to.equal(undefined)
    expect(both.conflict).to.have.members(['@servetest', '@forger'])
    expect((await verifyAttestation(t.ctx, tokenId, pki, { handle: '@ServeTest' })).verified?.txid).to.equal(owner.txid)
    expect((await verifyAttestation(t.ctx, tokenId, pki, { handle: '@Forger' })).verified?.txid).to.equal(rival.txid)
  })
})
