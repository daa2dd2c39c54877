import { paidSoFar } from '../../contracts/offchain/distributionPlan'
import { parseLeavesData } from '../../contracts/offchain/leavesData'
import type { Leaf } from '../../contracts/offchain/snapshot'
import { walkLineage } from './ContractLineage'
import type { DivvyContext } from './DivvyContext'
import { dividendAt, type LocatedDividend } from './DividendLocator'

/** The leaves a running round pays, as the transaction that started (or recommitted) it published them. */
export interface PublishedRound {
  startTxid: string
  height: number
  leaves: Leaf[]
}

/**
 * Walks the contract's lineage back from where it stands to the transaction that published
 * the running round's leaves: the newest data output of this token, at the round's snapshot
 * height, whose hash chain holds the contract's cursor (a pending recommit publishes leaves
 * too, which the cursor does not follow yet). Needs nothing but transactions, so anyone can
 * crank.
 */
export async function publishedRound (ctx: DivvyContext, located: LocatedDividend, tokenId: string): Promise<PublishedRound> {
  const { contract } = located
  let found: PublishedRound | undefined
  let foreign: string | undefined
  await walkLineage(ctx, located.tx, located.vout, contract.codePart, ({ tx, vout }) => {
    // Before the round started there is nothing of it to find.
    if (dividendAt(tx, vout, located.version).contract.round < contract.round) return true
    for (const output of tx.outputs) {
      const data = parseLeavesData(output.script)
      if (data === undefined) continue
      if (data.tokenId !== tokenId) { foreign = `transaction ${tx.id} publishes leaves of another token (${data.tokenId})`; continue }
      if (BigInt(data.height) !== contract.snapshotHeight || paidSoFar(data.leaves, contract.cursor) < 0) continue
      found = { startTxid: tx.id, height: data.height, leaves: data.leaves }
      return true
    }
    return false
  })
  if (found !== undefined) return found
  throw new Error(`no published leaves found for round ${contract.round}${foreign !== undefined ? ` (${foreign})` : ''}: the round was not started by a Divvy startRound`)
}
