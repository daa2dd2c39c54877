import { bsv } from 'scrypt-ts'
import { DividendV1 } from '../../contracts/v1/dividendV1'
import { parseLeavesData } from '../../contracts/offchain/leavesData'
import type { Leaf } from '../../contracts/offchain/snapshot'
import type { DivvyContext } from './DivvyContext'

/** The snapshot a round was started with, as its startRound transaction published it. */
export interface PublishedRound {
  startTxid: string
  height: number
  leaves: Leaf[]
}

const MAX_STEPS = 100_000

/**
 * Walks the contract's transactions back from `tx` (each call spends the previous
 * contract output as its input 0) to the startRound of the running round, and reads the
 * leaves from its data output. Needs nothing but transactions, so anyone can crank.
 */
export async function publishedRound (ctx: DivvyContext, tx: bsv.Transaction, contract: DividendV1, tokenId: string): Promise<PublishedRound> {
  let current = tx
  for (let step = 0; step < MAX_STEPS; step++) {
    for (const output of current.outputs) {
      const data = parseLeavesData(output.script)
      if (data === undefined) continue
      if (data.tokenId !== tokenId) throw new Error(`transaction ${current.id} publishes leaves of another token (${data.tokenId})`)
      if (BigInt(data.height) !== contract.snapshotHeight) throw new Error(`transaction ${current.id} publishes the snapshot of height ${data.height}, but the round runs on height ${contract.snapshotHeight}`)
      return { startTxid: current.id, height: data.height, leaves: data.leaves }
    }
    if (current.inputs.length === 0) break
    const input = current.inputs[0]
    const prev = await ctx.provider.getTransaction(input.prevTxId.toString('hex'))
    const spent = prev.outputs[input.outputIndex]
    // Only the contract's own outputs lead back through its history.
    if (spent === undefined || !spent.script.toHex().startsWith(contract.codePart)) break
    current = prev
  }
  throw new Error(`no published leaves found for round ${contract.round}: the round was not started by a Divvy startRound`)
}
