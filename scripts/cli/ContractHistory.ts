import { bsv } from 'scrypt-ts'
import { DividendV1 } from '../../contracts/v1/dividendV1'
import { paidSoFar } from '../../contracts/offchain/distributionPlan'
import { parseLeavesData } from '../../contracts/offchain/leavesData'
import type { Leaf } from '../../contracts/offchain/snapshot'
import type { DivvyContext } from './DivvyContext'

/** A payout the contract made: round, holder, amount held, satoshis, transaction. */
export interface PayoutRecord { round: bigint, pkh: string, amount: bigint, satoshis: bigint, txid: string }

export interface RoundRecord { round: bigint, height: number, pool: bigint, leaves: Leaf[], startTxid: string }

const MAX_TXS = 5_000

/**
 * The contract's rounds and payouts, read from its transactions alone: walked back from the
 * current output through each call's input 0 to the deploy, then replayed forward.
 */
export async function contractHistory (ctx: DivvyContext, tx: bsv.Transaction, vout: number): Promise<{ rounds: RoundRecord[], payouts: PayoutRecord[] }> {
  const chain: Array<{ tx: bsv.Transaction, vout: number }> = [{ tx, vout }]
  const codePart = DividendV1.fromTx(tx, vout).codePart
  for (let current = tx; chain.length < MAX_TXS && current.inputs.length > 0;) {
    const input = current.inputs[0]
    const prev = await ctx.provider.getTransaction(input.prevTxId.toString('hex'))
    const spent = prev.outputs[input.outputIndex]
    if (spent === undefined || !spent.script.toHex().startsWith(codePart)) break
    chain.unshift({ tx: prev, vout: input.outputIndex })
    current = prev
  }
  const rounds: RoundRecord[] = []
  const payouts: PayoutRecord[] = []
  let before = DividendV1.fromTx(chain[0].tx, chain[0].vout)
  for (const step of chain.slice(1)) {
    const after = DividendV1.fromTx(step.tx, step.vout)
    if (after.round === before.round + 1n) {
      const data = step.tx.outputs.map(o => parseLeavesData(o.script)).find(d => d !== undefined)
      rounds.push({ round: after.round, height: Number(after.snapshotHeight), pool: after.roundPool, leaves: data?.leaves ?? [], startTxid: step.tx.id })
    } else if (after.round === before.round && after.roundTokens > before.roundTokens) {
      const round = rounds.find(r => r.round === after.round)
      if (round !== undefined) {
        const from = paidSoFar(round.leaves, before.cursor)
        const to = paidSoFar(round.leaves, after.cursor)
        for (let i = from; i < to; i++) {
          const leaf = round.leaves[i]
          payouts.push({ round: after.round, pkh: leaf.pkh, amount: leaf.amount, satoshis: BigInt(step.tx.outputs[1 + i - from].satoshis), txid: step.tx.id })
        }
      }
    }
    before = after
  }
  return { rounds, payouts }
}
