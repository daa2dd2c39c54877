import { bsv } from 'scrypt-ts'
import type { Leaf } from '../../contracts/offchain/snapshot'

/** A holder's pkh as an address of the home's network, for messages. */
export function addressOfPkh (pkh: string, network: 'testnet' | 'mainnet'): string {
  return bsv.Address.fromPublicKeyHash(Buffer.from(pkh, 'hex'), network === 'mainnet' ? bsv.Networks.mainnet : bsv.Networks.testnet).toString()
}

/**
 * How a committed list of leaves differs from the snapshot it should be (`expected`, this
 * home's, from its own index): one line per difference, a holder left out, a leaf of
 * someone who held nothing, a wrong amount, a leaf given twice, or the same leaves in
 * another order. Empty when they are the same list.
 */
export function snapshotDifferences (expected: readonly Leaf[], committed: readonly Leaf[], network: 'testnet' | 'mainnet'): string[] {
  const lines: string[] = []
  const held = new Map(expected.map(l => [l.pkh, l.amount]))
  const counted = new Map<string, number>()
  for (const l of committed) counted.set(l.pkh, (counted.get(l.pkh) ?? 0) + 1)
  const name = (pkh: string): string => addressOfPkh(pkh, network)
  for (const [pkh, n] of counted) if (n > 1) lines.push(`the leaf of ${name(pkh)} is committed ${n} times`)
  for (const l of committed) {
    const amount = held.get(l.pkh)
    if (amount === undefined) lines.push(`${name(l.pkh)} is committed with ${l.amount} tokens but holds none in the snapshot`)
    else if (amount !== l.amount && counted.get(l.pkh) === 1) lines.push(`${name(l.pkh)} is committed with ${l.amount} tokens but holds ${amount}`)
  }
  for (const l of expected) if (!counted.has(l.pkh)) lines.push(`${name(l.pkh)} holds ${l.amount} tokens but is left out`)
  if (lines.length === 0 && committed.some((l, i) => expected[i]?.pkh !== l.pkh || expected[i]?.amount !== l.amount)) lines.push('the leaves are the snapshot\'s, in another order')
  return lines
}
