import { expect } from 'chai'
import { parseEnvelope } from '../../indexer/inscription/Envelope'
import { parseOrdLock } from '../../indexer/script/OrdLock'
import { ownerOf } from '../../indexer/script/OutputOwner'
import { loadOneSatOrd } from '../support/js1satOrd'

describe('indexer: OrdLock listings', () => {
  it('recognises the listing script js-1sat-ord builds: seller, price and pay-to', async () => {
    const { ord, sdk } = await loadOneSatOrd()
    const seller = sdk.PrivateKey.fromRandom()
    const payee = sdk.PrivateKey.fromRandom()
    for (const price of [1, 1234, 2 ** 40 + 7]) {
      const script = Buffer.from(new ord.OrdLock().lock(seller.toAddress(), payee.toAddress(), price).toBinary())
      const listing = parseOrdLock(script)
      expect(listing?.sellerPkh.toString('hex')).to.equal(Buffer.from(seller.toPublicKey().toHash()).toString('hex'))
      expect(listing?.payPkh?.toString('hex')).to.equal(Buffer.from(payee.toPublicKey().toHash()).toString('hex'))
      expect(listing?.price).to.equal(BigInt(price))
    }
  })

  it('reads an inscribed token listing as owned by the seller', async () => {
    const { ord, sdk } = await loadOneSatOrd()
    const seller = sdk.PrivateKey.fromRandom()
    const payee = sdk.PrivateKey.fromRandom()
    const inscription = { dataB64: Buffer.from('{"p":"bsv-20","op":"transfer","amt":"5","id":"x_0"}').toString('base64'), contentType: 'application/bsv-20' }
    const script = Buffer.from(new ord.OrdLock().lock(seller.toAddress(), payee.toAddress(), 5000, inscription).toBinary())
    const env = parseEnvelope(script)!
    expect(env.contentType).to.equal('application/bsv-20')
    const owner = ownerOf(Buffer.concat([env.prefix, env.suffix]))
    expect(owner.kind).to.equal('ordlock')
    if (owner.kind !== 'ordlock') return
    expect(owner.pkh.toString('hex')).to.equal(Buffer.from(seller.toPublicKey().toHash()).toString('hex'))
    expect(owner.listing.price).to.equal(5000n)
  })

  it('rejects a listing script with one byte of the contract changed', async () => {
    const { ord, sdk } = await loadOneSatOrd()
    const script = Buffer.from(new ord.OrdLock().lock(sdk.PrivateKey.fromRandom().toAddress(), sdk.PrivateKey.fromRandom().toAddress(), 10).toBinary())
    for (const at of [5, script.length - 3]) {
      const changed = Buffer.from(script)
      changed[at] ^= 1
      expect(parseOrdLock(changed)).to.equal(undefined)
    }
    expect(parseOrdLock(script.subarray(0, script.length - 1))).to.equal(undefined)
    expect(ownerOf(script.subarray(1)).kind).to.equal('other')
  })
})
