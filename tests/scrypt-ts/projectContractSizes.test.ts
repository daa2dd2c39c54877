import { expect } from 'chai'
import * as path from 'path'
import { compiledFolder } from '../support/compiledFixtures'

// The project's contracts compiled by our back end through the real tool chain, their script
// sizes pinned (like merkle-distributor pins its gas): a compiler change that makes any of them
// grow fails here. Bytes of the locking script template, constructor values not counted.
// A change that shrinks one, or a change to a contract itself, updates its pin in the same commit.
const PINNED: Record<string, number> = {
  Bsv21Token: 4,
  Dividend: 7729
}

describe('the project\'s contracts: compiled script sizes are pinned', function () {
  this.timeout(180_000)

  it('every contract of contracts/ compiles to its pinned size', () => {
    const { report } = compiledFolder(path.resolve(__dirname, '..', '..', 'contracts'))
    const sizes = Object.fromEntries(report.contracts.map(c => [c.name, c.scriptBytes]))
    expect(Object.keys(sizes).sort()).to.deep.equal(Object.keys(PINNED).sort())
    for (const [name, bytes] of Object.entries(sizes)) {
      expect(bytes, `${name}: ${bytes} bytes, pinned at ${PINNED[name]}`).to.equal(PINNED[name])
    }
  })
})
