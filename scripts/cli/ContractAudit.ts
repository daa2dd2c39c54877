import { paidSoFar } from '../../contracts/offchain/distributionPlan'
import { EMPTY_COMMITMENT, payoutOf, type Leaf } from '../../contracts/offchain/snapshot'
import { plainP2pkh } from '../../indexer/script/P2pkh'
import type { DivvyContext } from './DivvyContext'
import { locateDividend } from './DividendLocator'
import { leavesIn, readSteps, type ReadStep } from './DividendSteps'
import { homeSnapshot } from './HomeSnapshot'
import { depthAtStart, snapshotDepth } from './SnapshotDepth'
import { addressOfPkh, snapshotDifferences } from './SnapshotDiff'
import { tokenOf } from './TokenAdoption'
import type { TokenRecord } from './TokenRegistry'

/** What an audit found: the contract's history in figures, and every way it differs from the rules. */
export interface AuditReport {
  token: TokenRecord
  version: 1 | 2
  origin: string
  transactions: number
  deposits: number
  deposited: bigint
  rounds: number
  payouts: number
  paid: bigint
  /** One line per discrepancy; empty when the contract kept every rule. */
  discrepancies: string[]
}

/** A round as the audit replays it. */
interface AuditedRound {
  round: bigint
  height: number
  pool: bigint
  /** The leaves it pays now (its start's, or a recommit's), and the holders the snapshot rules give. */
  leaves: Leaf[]
  truth: Map<string, bigint> | undefined
  paidTo: Map<string, number>
  anyPaid: boolean
}

/**
 * Audits a token's dividend contract from its origin to where it stands, from the chain and
 * this home's own index alone (so from any home, given only the token id): every round's
 * snapshot recomputed at its height for its pool and compared with the commitment and the
 * published leaves (holders left out, leaves of non-holders, wrong amounts, a leaf given
 * twice), its depth when the round started, every recommit checked as the fold of the unpaid
 * leaves, a round ended early once some were paid, and every payout compared with
 * floor(roundPool * amount / supply) for the amount its holder really held. Works for both
 * versions of the contract.
 */
export async function auditContract (ctx: DivvyContext, symbolOrId: string | undefined, options: { snapshotDepth?: number } = {}): Promise<AuditReport> {
  const token = await tokenOf(ctx, symbolOrId)
  const followed = await locateDividend(ctx, token)
  const depth = snapshotDepth(ctx.settings, options.snapshotDepth)
  const supply = BigInt(token.supply)
  const tip = await ctx.indexedHeight()
  const net = ctx.settings.addressFormat
  const name = (pkh: string): string => addressOfPkh(pkh, net)
  const lines: string[] = []
  const report: AuditReport = { token, version: followed.version, origin: followed.origin, transactions: followed.lineage.length, deposits: 0, deposited: 0n, rounds: 0, payouts: 0, paid: 0n, discrepancies: lines }
  let current: AuditedRound | undefined
  for (const s of readSteps(followed.lineage, followed.version)) {
    const { before, state: after, step } = s
    if (before === undefined) continue
    const txid = step.tx.id
    switch (s.kind) {
      case 'deposit':
        report.deposits++
        report.deposited += after.value - before.value
        break
      case 'start': {
        report.rounds++
        current = await startRound(ctx, token, s, tip, depth, lines)
        break
      }
      case 'distribute': {
        if (current === undefined) { lines.push(`${txid} pays from a round the audit did not see start`); break }
        const r = current
        const from = paidSoFar(r.leaves, before.cursor)
        const to = paidSoFar(r.leaves, after.cursor)
        if (from < 0 || to < from) { lines.push(`round ${r.round}: ${txid} pays leaves that are not the round's published ones in order`); break }
        r.leaves.slice(from, to).forEach((leaf, i) => {
          const vout = step.vout + 1 + i
          const out = step.tx.outputs[vout]
          const satoshis = BigInt(out?.satoshis ?? 0)
          const to = out !== undefined ? plainP2pkh(out.script.toBuffer())?.toString('hex') : undefined
          report.payouts++
          report.paid += satoshis
          r.anyPaid = true
          if (to !== leaf.pkh || satoshis !== payoutOf(r.pool, leaf.amount, supply)) lines.push(`round ${r.round}: output ${vout} of ${txid} is not the payout of the leaf of ${name(leaf.pkh)}`)
          const times = (r.paidTo.get(leaf.pkh) ?? 0) + 1
          r.paidTo.set(leaf.pkh, times)
          if (times > 1) lines.push(`round ${r.round}: ${name(leaf.pkh)} is paid a ${times === 2 ? 'second' : `${times}th`} time, ${satoshis} satoshis in ${txid}`)
          if (r.truth === undefined) return
          const held = r.truth.get(leaf.pkh) ?? 0n
          const due = payoutOf(r.pool, held, supply)
          if (times === 1 && satoshis !== due) lines.push(`round ${r.round}: ${name(leaf.pkh)} is paid ${satoshis} satoshis in ${txid}; it held ${held} tokens at height ${r.height}, and floor(${r.pool} * ${held} / ${supply}) is ${due}`)
        })
        break
      }
      case 'recommit': {
        if (current === undefined) break
        const r = current
        const at = paidSoFar(r.leaves, before.cursor)
        const unpaid = at >= 0 ? r.leaves.length - at : undefined
        if (after.cursor === EMPTY_COMMITMENT) {
          if (r.anyPaid && unpaid !== undefined && unpaid > 0) lines.push(`round ${r.round} was ended in ${txid} with ${unpaid} of its ${r.leaves.length} holders unpaid, after others were paid: what is left of its pool goes to the next round, where those paid are paid again`)
          break
        }
        // A valid recommit is the fold of the unpaid leaves, in order: the cursor itself.
        if (after.cursor !== before.cursor) lines.push(`round ${r.round} was recommitted in ${txid} to ${after.cursor}, which is not the fold of its unpaid leaves (${before.cursor})`)
        const republished = leavesIn(step, token.tokenId, after.snapshotHeight, after.cursor)
        if (republished !== undefined && after.cursor !== before.cursor) r.leaves = republished
        break
      }
      case 'unknown':
        lines.push(`${txid} changed the contract in a way no method of it allows (the audit cannot read it)`)
        break
    }
  }
  return report
}

/** The start of a round, checked: its depth, its published leaves, and its snapshot against this home's. */
async function startRound (ctx: DivvyContext, token: TokenRecord, s: ReadStep, tip: number, depth: number, lines: string[]): Promise<AuditedRound> {
  const { state, step } = s
  const round = state.round
  const height = Number(state.snapshotHeight)
  const pool = state.roundPool
  const startedAt = step.height ?? tip + 1
  const deep = depthAtStart(height, startedAt)
  if (deep < depth) lines.push(`round ${round}: its snapshot at height ${height} was ${Math.max(0, deep)} block(s) deep when it started (block ${startedAt}); a snapshot must be ${depth} deep`)
  const leaves = leavesIn(step, token.tokenId, state.snapshotHeight, state.cursor)
  if (leaves === undefined) lines.push(`round ${round}: its start ${step.tx.id} published no leaves folding to its commitment ${state.cursor}`)
  let truth: Map<string, bigint> | undefined
  if (height > tip) {
    lines.push(`round ${round}: its snapshot height ${height} is above this home's index (height ${tip}): it cannot be checked`)
  } else {
    const snapshot = await homeSnapshot(ctx, token, height, pool)
    truth = new Map(snapshot.leaves.map(l => [l.pkh, l.amount]))
    if (snapshot.commitment !== state.cursor) {
      lines.push(`round ${round}: its snapshot ${state.cursor} (height ${height}, pool ${pool}) is not the holders': this home's index gives ${snapshot.commitment}`)
      for (const d of snapshotDifferences(snapshot.leaves, leaves ?? [], ctx.settings.addressFormat)) lines.push(`round ${round}: ${d}`)
    }
  }
  return { round, height, pool, leaves: leaves ?? [], truth, paidTo: new Map(), anyPaid: false }
}

/** The audit's closing line. */
export function auditSummary (r: AuditReport): string {
  const what = `$${r.token.symbol} (token ${r.token.tokenId}, dividend contract ${r.origin}, version ${r.version})`
  const figures = `${r.transactions} transactions: ${r.deposits} deposits of ${r.deposited} satoshis, ${r.rounds} rounds, ${r.payouts} payouts of ${r.paid} satoshis`
  return r.discrepancies.length === 0
    ? `audit of ${what}: ${figures}; every round's snapshot is the holders' and every payout floor(roundPool * amount / supply): no discrepancy`
    : `audit of ${what}: ${figures}; ${r.discrepancies.length} discrepanc${r.discrepancies.length === 1 ? 'y' : 'ies'}`
}
