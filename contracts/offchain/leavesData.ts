import { bsv } from 'scrypt-ts'
import { num2bin, type Leaf } from './snapshot'

/** Protocol tag of the data output that publishes a round's snapshot leaves. */
export const LEAVES_TAG = 'divvy.leaves'
const LEAF_BYTES = 28

/**
 * The `OP_FALSE OP_RETURN "divvy.leaves" <tokenId> <height> <leaves>` script that
 * startRound's transaction carries, so that anyone can audit the snapshot and crank the
 * round. Each leaf is its 20-byte pkh followed by num2bin(amount, 8), the exact bytes the
 * commitment hashes.
 */
export function leavesDataScript (tokenId: string, height: number, leaves: readonly Leaf[]): bsv.Script {
  const body = Buffer.concat(leaves.map(l => Buffer.concat([Buffer.from(l.pkh, 'hex'), num2bin(l.amount, 8)])))
  return bsv.Script.buildSafeDataOut([Buffer.from(LEAVES_TAG), Buffer.from(tokenId), Buffer.from(String(height)), body])
}

/** Reads the leaves back from a data output script; undefined when it is not one. */
export function parseLeavesData (script: bsv.Script): { tokenId: string, height: number, leaves: Leaf[] } | undefined {
  const chunks = script.chunks
  if (chunks.length !== 6 || chunks[0].opcodenum !== bsv.Opcode.OP_0 || chunks[1].opcodenum !== bsv.Opcode.OP_RETURN) return undefined
  const [tag, tokenId, height, body] = chunks.slice(2).map(c => c.buf ?? Buffer.alloc(0))
  if (tag.toString() !== LEAVES_TAG || body.length % LEAF_BYTES !== 0 || !/^\d+$/.test(height.toString())) return undefined
  const leaves: Leaf[] = []
  for (let at = 0; at < body.length; at += LEAF_BYTES) {
    const amount = body.readBigUInt64LE(at + 20)
    if (amount === 0n || amount >= 2n ** 63n) return undefined
    leaves.push({ pkh: body.subarray(at, at + 20).toString('hex'), amount })
  }
  return { tokenId: tokenId.toString(), height: Number(height.toString()), leaves }
}
