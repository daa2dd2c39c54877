import { expect } from 'chai'
import { randomBytes } from 'crypto'
import { merkleRootOf, tscProofFor } from '../../network/chain/MerkleProof'
import { merkleRoot } from '../../network/devnet/Hashes'

describe('TSC merkle proofs', () => {
  it('lead every transaction of blocks of 1 to 9 transactions to the merkle root, duplicates written as "*" or in full', () => {
    for (let n = 1; n <= 9; n++) {
      const txids = Array.from({ length: n }, () => randomBytes(32).toString('hex'))
      const root = merkleRoot(txids)
      for (let i = 0; i < n; i++) {
        for (const style of ['star', 'full'] as const) {
          expect(merkleRootOf(txids[i], tscProofFor(txids, i, 'ee'.repeat(32), style))).to.deep.equal({ root })
        }
      }
    }
  })

  it('do not lead a tampered path, another transaction or a wrong index there, and refuse malformed ones', () => {
    const txids = Array.from({ length: 7 }, () => randomBytes(32).toString('hex'))
    const root = merkleRoot(txids)
    const proof = tscProofFor(txids, 3, 'ee'.repeat(32))
    expect(merkleRootOf(txids[2], proof)).to.not.deep.equal({ root })
    expect(merkleRootOf(txids[3], { ...proof, index: 2 })).to.not.deep.equal({ root })
    expect(merkleRootOf(txids[3], { ...proof, nodes: [proof.nodes[0], 'ab'.repeat(32), proof.nodes[2]] })).to.not.deep.equal({ root })
    expect(merkleRootOf(txids[3], { ...proof, index: 8 })).to.deep.equal({ error: 'index 8 does not fit a path of 3 nodes' })
    expect(merkleRootOf(txids[3], { ...proof, nodes: ['*', ...proof.nodes.slice(1)] })).to.deep.equal({ error: 'a "*" node stands on the left' })
    expect(merkleRootOf(txids[3], { ...proof, nodes: ['xyz', ...proof.nodes.slice(1)] })).to.have.property('error')
    // The running hash again on the left is the duplicate-subtree trick.
    expect(merkleRootOf(txids[3], { ...proof, index: 1, nodes: [txids[3], ...proof.nodes.slice(1)] })).to.deep.equal({ error: 'a node duplicates the running hash on the left' })
  })
})
