import { createHash } from 'crypto'

/**
 * A merkle proof in the TSC format (BRC-10 style, as WhatsOnChain's `/tx/{txid}/proof/tsc`
 * answers it): the transaction's index in its block, the sibling hashes from the leaf up,
 * "*" for a node that is the duplicate of the running hash (some services write the
 * duplicate out in full instead), and the target, here the block hash.
 */
export interface TscProof {
  index: number
  txOrId: string
  target: string
  nodes: string[]
}

const HEX32 = /^[0-9a-f]{64}$/

const sha256d = (b: Buffer): Buffer => createHash('sha256').update(createHash('sha256').update(b).digest()).digest()

/**
 * The merkle root the proof leads to from `txid`, or a reason it cannot be a proof (a bad
 * hash, an index that does not fit the path). Hashes are in the usual reversed hex.
 */
export function merkleRootOf (txid: string, proof: TscProof): { root: string } | { error: string } {
  if (!Number.isSafeInteger(proof.index) || proof.index < 0) return { error: `index ${String(proof.index)} is not a position in a block` }
  if (proof.nodes.length > 64) return { error: `${proof.nodes.length} nodes is deeper than any block` }
  if (proof.index >= 2 ** proof.nodes.length) return { error: `index ${proof.index} does not fit a path of ${proof.nodes.length} nodes` }
  let current = Buffer.from(txid, 'hex').reverse()
  let index = proof.index
  for (const node of proof.nodes) {
    let sibling: Buffer
    if (node === '*') {
      // A duplicate only ever stands to the right of the last node of a level.
      if ((index & 1) === 1) return { error: 'a "*" node stands on the left' }
      sibling = current
    } else {
      if (!HEX32.test(node)) return { error: `node '${node.slice(0, 70)}' is not a 32-byte hash` }
      sibling = Buffer.from(node, 'hex').reverse()
      // A left duplicate of the running hash is how a forged path hides a transaction twice (CVE-2012-2459).
      if ((index & 1) === 1 && sibling.equals(current)) return { error: 'a node duplicates the running hash on the left' }
    }
    current = (index & 1) === 1 ? sha256d(Buffer.concat([sibling, current])) : sha256d(Buffer.concat([current, sibling]))
    index = Math.floor(index / 2)
  }
  return { root: Buffer.from(current).reverse().toString('hex') }
}

/**
 * The TSC proof of the transaction at `index` among a block's `txids` (used by stand-ins and
 * tests); a duplicated node is written as "*" or, as WhatsOnChain does, in full.
 */
export function tscProofFor (txids: readonly string[], index: number, blockHash: string, duplicates: 'star' | 'full' = 'star'): TscProof {
  let level = txids.map(id => Buffer.from(id, 'hex').reverse())
  let at = index
  const nodes: string[] = []
  while (level.length > 1) {
    const pair = at ^ 1
    const sibling = pair < level.length ? level[pair] : duplicates === 'full' ? level[at] : undefined
    nodes.push(sibling !== undefined ? Buffer.from(sibling).reverse().toString('hex') : '*')
    const next: Buffer[] = []
    for (let i = 0; i < level.length; i += 2) next.push(sha256d(Buffer.concat([level[i], level[i + 1] ?? level[i]])))
    level = next
    at = Math.floor(at / 2)
  }
  return { index, txOrId: txids[index], target: blockHash, nodes }
}
