import * as fs from 'fs'
import * as path from 'path'
import type { RpcClient } from '../../network/rpc/RpcClient'

/** The block that names a chain: every regtest chain shares its genesis, but not its first block. */
const NAMING_HEIGHT = 1

interface Recorded { height: number, hash: string }

/**
 * Which chain a home's keys, tokens and pending transactions belong to, in `chain.json`:
 * the hash of its block 1, recorded the first time the home sees one. A node that has
 * another block there (or none yet) follows another chain, and using it would make the
 * home's records wrong, so it is refused.
 */
export class HomeChain {
  constructor (readonly file: string) {}

  /** Checks the node follows the home's chain (and records it when the home has none yet); throws a one-line error otherwise. */
  async check (rpc: RpcClient, where: string): Promise<void> {
    const recorded = this.recorded()
    const height = await rpc.getBlockCount()
    if (recorded === undefined) {
      if (height >= NAMING_HEIGHT) this.record({ height: NAMING_HEIGHT, hash: await rpc.getBlockHash(NAMING_HEIGHT) })
      return
    }
    const theirs = height >= recorded.height ? await rpc.getBlockHash(recorded.height) : undefined
    if (theirs === recorded.hash) return
    const there = theirs === undefined ? `has no block ${recorded.height} (its height is ${height})` : `has ${theirs} at height ${recorded.height}`
    throw new Error(`${where} follows another chain than this home: the home's block ${recorded.height} is ${recorded.hash}, the node ${there}; use the node this home was used with, or another --home`)
  }

  private recorded (): Recorded | undefined {
    if (!fs.existsSync(this.file)) return undefined
    try {
      const r = JSON.parse(fs.readFileSync(this.file, 'utf8')) as Recorded
      if (Number.isSafeInteger(r.height) && typeof r.hash === 'string' && /^[0-9a-f]{64}$/.test(r.hash)) return r
    } catch { /* fall through */ }
    throw new Error(`${this.file} does not name a chain (bad JSON); it was left untouched`)
  }

  private record (r: Recorded): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true })
    fs.writeFileSync(this.file, JSON.stringify(r, null, 2) + '\n')
  }
}
