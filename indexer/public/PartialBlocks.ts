import type { ParsedBlock, ParsedTx } from '../chain/ParsedBlock'
import type { FeedState } from './FeedState'
import type { VerifiedHeaders } from './VerifiedHeaders'

/**
 * A followed output that a transaction of the block at `height` spends but whose own
 * transaction has no verified position before it: applying the block would lose its tokens,
 * so the index waits. Undefined when every parent is in place.
 */
export async function missingParent (block: ParsedBlock, height: number, state: FeedState): Promise<{ txid: string, parent: string } | undefined> {
  const positions = block.partial?.positions ?? []
  for (let i = 0; i < block.txs.length; i++) {
    const tx = block.txs[i]
    const cands = await state.candidates(tx.inputs)
    for (let k = 0; k < tx.inputs.length; k++) {
      if (cands[k] === undefined) continue
      const parent = tx.inputs[k].txid
      const at = await state.position(parent)
      if (at === undefined || at.height > height || (at.height === height && at.index >= positions[i])) return { txid: tx.txid, parent }
    }
  }
  return undefined
}

/**
 * The block at `height` as the feeder knows it: the verified header's hash and parent, the
 * followed transactions positioned in it (in block order, with their positions), keeping
 * only their followed outputs. A height without any is an empty block, so the index moves
 * through every block of the verified chain and re-orgs unwind as on a node.
 */
export async function partialBlock (height: number, headers: VerifiedHeaders, state: FeedState): Promise<ParsedBlock> {
  const header = await headers.at(height)
  if (header === undefined) throw new Error(`no verified header at height ${height}`)
  const entries = await state.inBlock(height)
  const txs: ParsedTx[] = []
  for (const e of entries) {
    const tx = await state.tx(e.txid)
    if (tx === undefined) throw new Error(`transaction ${e.txid} is positioned in block ${height} but its bytes are not stored`)
    txs.push(tx)
  }
  const kept = new Set<string>()
  const outs = txs.flatMap(tx => tx.outputs.map((_, vout) => ({ txid: tx.txid, vout })))
  const cands = await state.candidates(outs)
  outs.forEach((o, i) => { if (cands[i] !== undefined) kept.add(`${o.txid}:${o.vout}`) })
  return {
    hash: header.hash,
    prevHash: header.prevHash,
    txs,
    partial: { positions: entries.map(e => e.index), keep: (txid, vout) => kept.has(`${txid}:${vout}`) }
  }
}
