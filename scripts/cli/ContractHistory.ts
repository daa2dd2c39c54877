import { paidSoFar } from '../../contracts/offchain/distributionPlan'
import { EMPTY_COMMITMENT, type Leaf } from '../../contracts/offchain/snapshot'
import type { FollowedDividend } from './DividendLocator'
import { leavesIn, readSteps } from './DividendSteps'

/** A payout the contract made: round, holder, amount held, satoshis, transaction. */
export interface PayoutRecord { round: bigint, pkh: string, amount: bigint, satoshis: bigint, txid: string }

export interface RoundRecord { round: bigint, height: number, pool: bigint, leaves: Leaf[], startTxid: string }

/** An operator action the contract recorded: an approval that left a proposal pending, a recommit, a handover. */
export interface OperatorEvent {
  kind: 'approval' | 'recommit' | 'operators'
  round: bigint
  txid: string
}

export interface ContractHistory {
  rounds: RoundRecord[]
  payouts: PayoutRecord[]
  events: OperatorEvent[]
}

/**
 * The contract's rounds, payouts and operator actions, replayed from its lineage (origin
 * first, every step checked from its transaction). A round's leaves are those its start
 * published, or those of the recommit that replaced them; payouts are matched to them in
 * order (the contract pays the leaves the cursor moves past, at outputs 1, 2, ...).
 */
export function contractHistory (followed: FollowedDividend, tokenId: string): ContractHistory {
  const rounds: RoundRecord[] = []
  const payouts: PayoutRecord[] = []
  const events: OperatorEvent[] = []
  let unpaid: Leaf[] = []
  for (const s of readSteps(followed.lineage, followed.version)) {
    const { state: after, before, step } = s
    if (before === undefined) continue
    const txid = step.tx.id
    switch (s.kind) {
      case 'start':
        unpaid = leavesIn(step, tokenId, after.snapshotHeight, after.cursor) ?? []
        rounds.push({ round: after.round, height: Number(after.snapshotHeight), pool: after.roundPool, leaves: unpaid, startTxid: txid })
        break
      case 'distribute': {
        const from = paidSoFar(unpaid, before.cursor)
        const to = paidSoFar(unpaid, after.cursor)
        // Leaves this home cannot place (a round started without published leaves) are not listed.
        const paidHere = from >= 0 && to >= from ? unpaid.slice(from, to) : []
        paidHere.forEach((leaf, i) => {
          payouts.push({ round: after.round, pkh: leaf.pkh, amount: leaf.amount, satoshis: BigInt(step.tx.outputs[step.vout + 1 + i].satoshis), txid })
        })
        break
      }
      case 'recommit': {
        const republished = after.cursor === EMPTY_COMMITMENT ? [] : leavesIn(step, tokenId, after.snapshotHeight, after.cursor)
        if (republished !== undefined) unpaid = republished
        events.push({ kind: 'recommit', round: after.round, txid })
        break
      }
      case 'operators':
        events.push({ kind: 'operators', round: after.round, txid })
        break
      case 'approval':
        if (after.proposal !== '') events.push({ kind: 'approval', round: after.round, txid })
        break
    }
  }
  return { rounds, payouts, events }
}
