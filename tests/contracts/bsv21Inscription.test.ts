import { PrivateKey } from '@bsv/sdk'
import { expect } from 'chai'
import { bsv } from 'scrypt-ts'
import { deployMintInscription, DIVVY_SUPPLY, transferInscription } from '../../contracts/offchain/bsv21'
import { js1SatOrd } from '../support/js1satOrd'

const TOKEN_ID = 'ab'.repeat(32) + '_0'

function p2pkhAsm (address: string): string {
  return bsv.Script.buildPublicKeyHashOut(bsv.Address.fromString(address)).toASM()
}

describe('BSV-21 inscriptions', () => {
  const address = PrivateKey.fromRandom().toAddress()

  it('builds transfer outputs byte-identical to js-1sat-ord', async () => {
    const { OrdP2PKH } = await js1SatOrd()
    for (const amount of [1n, 200_000n, DIVVY_SUPPLY, 2n ** 64n - 1n]) {
      const json = JSON.stringify({ p: 'bsv-20', op: 'transfer', amt: amount.toString(), id: TOKEN_ID })
      const theirs = new OrdP2PKH().lock(address, { dataB64: Buffer.from(json).toString('base64'), contentType: 'application/bsv-20' })
      const ours = bsv.Script.fromASM(`${transferInscription(TOKEN_ID, amount).toASM()} ${p2pkhAsm(address)}`)
      expect(ours.toHex()).to.equal(theirs.toHex())
    }
  })

  it('builds the deploy+mint output of the design, in js-1sat-ord\'s envelope', async () => {
    const { OrdP2PKH } = await js1SatOrd()
    const json = '{"p":"bsv-20","op":"deploy+mint","sym":"NINJAPUNKGIRLS","amt":"1000000000","dec":"0"}'
    const theirs = new OrdP2PKH().lock(address, { dataB64: Buffer.from(json).toString('base64'), contentType: 'application/bsv-20' })
    const ours = bsv.Script.fromASM(`${deployMintInscription('NINJAPUNKGIRLS', DIVVY_SUPPLY).toASM()} ${p2pkhAsm(address)}`)
    expect(ours.toHex()).to.equal(theirs.toHex())
  })

  it('refuses amounts and ids a BSV-21 indexer would not accept', () => {
    expect(() => transferInscription(TOKEN_ID, 0n)).to.throw(/between 1 and 2\^64-1/)
    expect(() => transferInscription(TOKEN_ID, 2n ** 64n)).to.throw(/between 1 and 2\^64-1/)
    expect(() => transferInscription('nope', 5n)).to.throw(/bad token id/)
    expect(() => deployMintInscription('', 5n)).to.throw(/bad token symbol/)
    expect(() => deployMintInscription('X', 5n, 19)).to.throw(/decimals/)
  })
})
