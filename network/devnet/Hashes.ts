import { createHash } from 'crypto'

/** Double SHA-256 with Node's native hash (much faster than a JS one for blocks and txids). */
export function hash256 (data: Uint8Array): Buffer {
  return createHash('sha256').update(createHash('sha256').update(data).digest()).digest()
}

/** A hash as bitcoind prints it: byte-reversed hex. */
export function reversedHex (hash: Uint8Array): string {
  return Buffer.from(hash).reverse().toString('hex')
}

export function txidOf (rawTx: Uint8Array): string {
  return reversedHex(hash256(rawTx))
}

/** The merkle root of txids (reversed hex), duplicating the last hash of an odd level. */
export function merkleRoot (txids: string[]): string {
  if (txids.length === 0) throw new Error('a block has at least one transaction')
  let level = txids.map(id => Buffer.from(id, 'hex').reverse())
  while (level.length > 1) {
    const next: Buffer[] = []
    for (let i = 0; i < level.length; i += 2) {
      const right = level[i + 1] ?? level[i]
      next.push(hash256(Buffer.concat([level[i], right])))
    }
    level = next
  }
  return reversedHex(level[0])
}

/** The merkle path of the transaction at `index`: the sibling hash at each level (itself where a level is odd), reversed hex. */
export function merkleBranch (txids: string[], index: number): string[] {
  let level = txids.map(id => Buffer.from(id, 'hex').reverse())
  const branch: string[] = []
  for (let i = index; level.length > 1; i >>= 1) {
    branch.push(reversedHex(level[i ^ 1] ?? level[i]))
    const next: Buffer[] = []
    for (let j = 0; j < level.length; j += 2) next.push(hash256(Buffer.concat([level[j], level[j + 1] ?? level[j]])))
    level = next
  }
  return branch
}
