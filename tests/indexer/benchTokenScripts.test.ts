import { expect } from 'chai'
import { deployMintInscription, transferInscription } from '../../contracts/offchain/bsv21'
import { BenchKey } from '../../scripts/bench/indexer/BenchKey'
import { deployOutput, transferOutput } from '../../scripts/bench/indexer/TokenScripts'

/** bench:indexer writes inscriptions in bytes: they must be exactly what contracts/offchain builds. */
describe('bench:indexer token scripts', () => {
  const owner = new BenchKey('token-scripts-test')
  const id = `${'ab'.repeat(32)}_0`

  it('writes transfer outputs byte for byte as transferInscription + P2PKH', () => {
    for (const amount of [1n, 42n, 1_000_000_000n, 2n ** 64n - 1n]) {
      const out = transferOutput(id, amount, owner)
      expect(out.satoshis).to.equal(1n)
      expect(out.script.toString('hex')).to.equal(Buffer.from(transferInscription(id, amount).toBuffer()).toString('hex') + owner.p2pkh.toString('hex'))
    }
  })

  it('writes the deploy+mint output byte for byte as deployMintInscription + P2PKH', () => {
    const out = deployOutput('DIVVYBENCH', 1_000_000_000n, owner)
    expect(out.script.toString('hex')).to.equal(Buffer.from(deployMintInscription('DIVVYBENCH', 1_000_000_000n).toBuffer()).toString('hex') + owner.p2pkh.toString('hex'))
  })
})
