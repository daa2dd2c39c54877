import { keyProof, verifyKeyProof } from '../../contracts/offchain/keyProof'
import type { DivvyContext } from './DivvyContext'
import { UsageError } from './options'

/** An operator key as the issuer names it: a key of this home, or another home's public key with its proof. */
export interface ProvenKey { publicKey: string, proof: string, name?: string }

const OUTSIDE_KEY = /^(0[23][0-9a-f]{64}):([0-9a-f]+)$/

/** `<public key>:<proof>`: what 'divvy operator-key' prints for a key, to hand to an issuer. */
export function keyWithProof (ctx: DivvyContext, name: string): string {
  const key = ctx.key(name)
  return `${key.publicKey.toString()}:${keyProof(key)}`
}

/**
 * The keys of a comma-separated list: names of this home's keys (each signs its proof here)
 * and `<public key>:<proof>` of keys held elsewhere (each proof checked). A key that does not
 * prove itself is refused: no script checks an operator set at deploy.
 */
export function provenKeys (ctx: DivvyContext, command: string, list: string): ProvenKey[] {
  const keys = list.split(',').map(s => s.trim()).filter(s => s !== '').map(item => {
    const outside = OUTSIDE_KEY.exec(item.toLowerCase())
    if (outside !== null) {
      if (!verifyKeyProof(outside[1], outside[2])) throw new UsageError(`${command}: the proof given for key ${outside[1]} does not verify: ask its holder for 'divvy operator-key' again`)
      return { publicKey: outside[1], proof: outside[2] }
    }
    if (!/^[A-Za-z0-9_-]{1,40}$/.test(item)) throw new UsageError(`${command}: '${item}' is neither a key name of this home nor <public key>:<proof>`)
    if (!ctx.keys.names().includes(item)) throw new UsageError(`${command}: this home has no key '${item}' (create it with 'divvy operator-key --wallet ${item}')`)
    const key = ctx.key(item)
    return { publicKey: key.publicKey.toString(), proof: keyProof(key), name: item }
  })
  if (keys.length === 0) throw new UsageError(`${command}: --operators names no key`)
  return keys
}
