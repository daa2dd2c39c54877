import { bsv } from 'scrypt-ts'
import { paidSoFar } from '../../contracts/offchain/distributionPlan'
import { parseLeavesData } from '../../contracts/offchain/leavesData'
import type { Leaf } from '../../contracts/offchain/snapshot'
import { walkLineage } from './ContractLineage'
import type { DivvyContext } from './DivvyContext'
import { dividendAt, type LocatedDividend } from './DividendLocator'

/** A payout the contract made: round, holder, amount held, satoshis, transaction. */
export interface PayoutRecord { round: bigint, pkh: string, amount: bigint, satoshis: bigint, txid: string }

export interface RoundRecord { round: bigint, height: number, pool: bigint, leaves: Leaf[], startTxid: string }

/** An operator action the contract recorded (version 2): an approval that left a proposal pending, a recommit, a handover. */
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

/** The state a history reads at each step, whatever the version. */
interface StepState { round: bigint, cursor: string, roundPool: bigint, snapshotHeight: bigint, progress: bigint, operators: string, proposal: string }

function stepState (tx: bsv.Transaction, vout: number, version: 1 | 2): StepState {
  const located = dividendAt(tx, vout, version)
  const c = located.contract
  if (located.version === 2) {
    const v2 = located.contract
    return { round: c.round, cursor: c.cursor, roundPool: c.roundPool, snapshotHeight: c.snapshotHeight, progress: v2.roundPaid, operators: v2.operators, proposal: v2.proposal }
  }
  const v1 = located.contract
  return { round: c.round, cursor: c.cursor, roundPool: c.roundPool, snapshotHeight: c.snapshotHeight, progress: v1.roundTokens, operators: v1.operator, proposal: '' }
}

/**
 * The contract's rounds, payouts and operator actions, read from its transactions alone:
 * walked back along its lineage from where it stands to its origin, then replayed forward.
 * A round's payouts are matched to the leaves its start published, or those of the
 * recommit that replaced them.
 */
export async function contractHistory (ctx: DivvyContext, located: LocatedDividend): Promise<ContractHistory> {
  const chain: Array<{ tx: bsv.Transaction, vout: number }> = []
  await walkLineage(ctx, located.tx, located.vout, located.contract.codePart, step => { chain.unshift(step); return false })
  const rounds: RoundRecord[] = []
  const payouts: PayoutRecord[] = []
  const events: OperatorEvent[] = []
  const published = (tx: bsv.Transaction, cursor: string): Leaf[] | undefined =>
    tx.outputs.map(o => parseLeavesData(o.script)).find(d => d !== undefined && paidSoFar(d.leaves, cursor) >= 0)?.leaves
  let unpaid: Leaf[] = []
  let before = stepState(chain[0].tx, chain[0].vout, located.version)
  for (const step of chain.slice(1)) {
    const after = stepState(step.tx, step.vout, located.version)
    const txid = step.tx.id
    if (after.round === before.round + 1n) {
      const leaves = published(step.tx, after.cursor) ?? []
      unpaid = leaves
      rounds.push({ round: after.round, height: Number(after.snapshotHeight), pool: after.roundPool, leaves, startTxid: txid })
    } else if (after.round === before.round && after.progress > before.progress) {
      const from = paidSoFar(unpaid, before.cursor)
      const to = paidSoFar(unpaid, after.cursor)
      // leaves this home cannot place (a round started without published leaves) are not listed
      const paidHere = from >= 0 ? unpaid.slice(from, to) : []
      paidHere.forEach((leaf, i) => {
        payouts.push({ round: after.round, pkh: leaf.pkh, amount: leaf.amount, satoshis: BigInt(step.tx.outputs[step.vout + 1 + i].satoshis), txid })
      })
    } else if (after.round === before.round && after.cursor !== before.cursor) {
      unpaid = published(step.tx, after.cursor) ?? []
      events.push({ kind: 'recommit', round: after.round, txid })
    } else if (after.operators !== before.operators) {
      events.push({ kind: 'operators', round: after.round, txid })
    } else if (after.proposal !== before.proposal && after.proposal !== '') {
      events.push({ kind: 'approval', round: after.round, txid })
    }
    before = after
  }
  return { rounds, payouts, events }
}
