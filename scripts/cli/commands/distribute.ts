import { Dividend } from '../../../contracts/dividend'
import { paidSoFar, planBatches, type DistributionBatch } from '../../../contracts/offchain/distributionPlan'
import { distribute as distributeBatch } from '../../../contracts/offchain/dividendCalls'
import { EMPTY_COMMITMENT, payoutOf, type Leaf } from '../../../contracts/offchain/snapshot'
import { distributeCall as distributeBatchV1, startRound as startRoundV1 } from '../../../contracts/v1/dividendV1Calls'
import { InputSpentError } from '../../../network/provider/InputSpentError'
import { feeWallet, submitCall } from '../CallSubmission'
import { defineCommand, type Output } from '../Command'
import type { DivvyContext } from '../DivvyContext'
import { followOn, locateDividend, outpointOf, rememberDividend, utxoOf, type FollowedDividend } from '../DividendLocator'
import { homeSnapshot } from '../HomeSnapshot'
import { UsageError } from '../options'
import { checkRound, dustRoundReason, leafDifferences } from '../RoundChecks'
import { proposeRound } from '../RoundProposal'
import { publishedRound } from '../RoundLeaves'
import { deepSnapshotHeight, snapshotDepth } from '../SnapshotDepth'
import { addressOfPkh } from '../SnapshotDiff'
import { tokenOf } from '../TokenAdoption'
import type { TokenRecord } from '../TokenRegistry'

/** How `distribute` runs: crank only, the batch size and count, and the pool of a round it proposes. */
export interface DistributeOptions {
  /** Only pay a round someone else started; never start one. */
  crank?: boolean
  /** Leaves per distribute call, 1..Dividend.N (default N). */
  batchSize?: number
  /** Stop after this many batches (the rest is paid by the next run). */
  maxBatches?: number
  /** Version 2: the pool of a round this run proposes (default: all the contract holds but 1 satoshi). */
  pool?: bigint
  /** Confirmations a snapshot needs (default 1 on devnet and regtest, 6 on testnet and mainnet). */
  snapshotDepth?: number
  /**
   * Pay a running round even when its snapshot is not the one this home's index computes
   * (the operators committed other holders or amounts): its pool then goes to whoever they
   * committed. Off, such a round is refused.
   */
  payUnverified?: boolean
  mine?: boolean
  /** Progress lines. */
  progress?: Output
}

/** One holder paid by this run. */
export interface PaidLeaf { pkh: string, address: string, amount: bigint, payout: bigint, txid: string }

/** What a `distribute` run did: the round, whether it started or awaits approvals, and who was paid. */
export interface DistributeResult {
  round: bigint
  /** The round was started by this run (at this snapshot height). */
  startedAt?: number
  /** Version 2: the round this run proposed waits for approvals (so nothing was paid). */
  awaiting?: { count: number, needed: number, txid: string }
  roundPool: bigint
  /** The round's leaves (the published snapshot). */
  leaves: Leaf[]
  paid: PaidLeaf[]
  /** Leaves of the round still unpaid after this run. */
  remaining: number
}

/** How many times a crank carries on after someone else spent the contract's output first. */
const MAX_LOST_RACES = 20

/**
 * Distributes the dividend contract's pool: when no round runs (and not cranking), the
 * operators of this home snapshot the holders at the newest height `snapshotDepth` blocks
 * deep and start a round (version 2: propose it, and start it when this home's keys are
 * enough approvals), unless its payouts would not cover its fees; then every batch of the
 * round is paid, in order, from wherever the contract's on-chain cursor stands, building on
 * its newest output even while that waits in the mempool. A round someone else started is
 * first checked against this home's own index (RoundChecks) and refused when it differs.
 * Stopped at any point, the next run continues from the cursor: a leaf is paid only by the
 * call that moves the cursor past it, so nobody is paid twice; a crank that loses a race
 * carries on from the contract's new output, and its lost transaction costs it nothing.
 */
export async function distribute (ctx: DivvyContext, symbol: string | undefined, wallet: string, options: DistributeOptions = {}): Promise<DistributeResult> {
  const progress = options.progress ?? (() => {})
  const mine = options.mine ?? true
  const batchSize = options.batchSize ?? Dividend.N
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > Dividend.N) throw new UsageError(`distribute: --batch must be 1 to ${Dividend.N}`)
  const depth = snapshotDepth(ctx.settings, options.snapshotDepth)
  const token = await tokenOf(ctx, symbol)
  let located = await locateDividend(ctx, token)
  let leaves: Leaf[]
  let startedAt: number | undefined
  if (located.contract.cursor === EMPTY_COMMITMENT) {
    if (options.crank === true) throw new Error(`no $${token.symbol} round is running: nothing to crank`)
    if (located.version === 2) {
      const proposal = await proposeRound(ctx, token, located, wallet, { pool: options.pool, mine, progress, depth, batchSize })
      if (!proposal.started) {
        return { round: located.contract.round + 1n, awaiting: { count: proposal.count, needed: proposal.needed, txid: proposal.txid }, roundPool: proposal.action.pool, leaves: proposal.leaves, paid: [], remaining: proposal.leaves.length }
      }
      located = proposal.located
      leaves = proposal.leaves
      startedAt = Number(proposal.action.height)
    } else {
      const started = await startV1(ctx, token, wallet, located, { mine, progress, depth, batchSize })
      located = started.located
      leaves = started.leaves
      startedAt = started.height
    }
  } else {
    leaves = await verifiedLeaves(ctx, token, located, depth, options.payUnverified === true, progress)
  }
  const round = located.contract.round
  const roundPool = located.contract.roundPool
  const supply = BigInt(token.supply)
  const done = paidSoFar(leaves, located.contract.cursor)
  if (done > 0) progress(`${done} of ${leaves.length} holders were already paid in this round`)
  const paid: PaidLeaf[] = []
  let sent = 0
  let lost = 0
  for (;;) {
    const c = located.contract
    if (c.round !== round || c.cursor === EMPTY_COMMITMENT) break
    const batches = planBatches(leaves, c.cursor, batchSize, roundPool, supply)
    if (batches.length === 0 || (options.maxBatches !== undefined && sent >= options.maxBatches)) break
    const batch = batches[0]
    let tx: Awaited<ReturnType<typeof payBatch>>
    try {
      tx = await payBatch(ctx, token, located, batch, wallet, mine)
    } catch (e) {
      if (!(e instanceof InputSpentError) || e.txid !== located.txid || e.vout !== located.vout || ++lost > MAX_LOST_RACES) throw e
      // Someone else spent the contract's output first (another crank, a deposit): the
      // refused transaction paid nothing; carry on from the output it moved to.
      progress(`the contract moved: ${outpointOf(located)} was spent by another transaction first (${e.where === 'mempool' ? 'it waits in the mempool' : 'in a block'}); carrying on from its new output`)
      await ctx.sync()
      const moved = await locateDividend(ctx, token)
      if (moved.contract.round === round && moved.contract.cursor !== EMPTY_COMMITMENT) leaves = await verifiedLeaves(ctx, token, moved, depth, options.payUnverified === true, () => {})
      located = moved
      continue
    }
    located = followOn(located, tx)
    sent++
    batch.leaves.forEach((leaf, j) => paid.push({ pkh: leaf.pkh, address: addressOfPkh(leaf.pkh, ctx.settings.addressFormat), amount: leaf.amount, payout: batch.payouts[j], txid: tx.id }))
    const sum = batch.payouts.reduce((s, p) => s + p, 0n)
    progress(`batch ${sent}/${sent - 1 + batches.length}: paid holders ${batch.first + 1}-${batch.first + batch.leaves.length} of ${leaves.length}, ${sum} satoshis, in ${tx.id}`)
  }
  const c = located.contract
  const remaining = c.round !== round || c.cursor === EMPTY_COMMITMENT ? 0 : leaves.length - paidSoFar(leaves, c.cursor)
  const unconfirmed = ctx.confirmations.pending.length
  if (c.round !== round) progress(`round ${round} is over; round ${c.round} is on now`)
  else if (remaining === 0 && unconfirmed > 0) progress(`round ${round}: all ${leaves.length} holders are paid in transactions sent but not confirmed yet (${unconfirmed} pending)`)
  else if (remaining === 0) progress(`round ${round} is complete: ${leaves.length} holders paid from a pool of ${roundPool} satoshis`)
  else progress(`round ${round}: ${remaining} holders still to pay; run 'divvy distribute' again to continue`)
  return { round, startedAt, roundPool, leaves, paid, remaining }
}

/**
 * The running round's leaves, as its start (or last recommit) published them, checked against
 * this home's own index first (RoundChecks.checkRound): a round whose snapshot differs, was
 * not deep enough, or was recommitted to anything but its unpaid leaves is refused, unless
 * `payUnverified` says to pay it anyway (then every difference is told).
 */
async function verifiedLeaves (ctx: DivvyContext, token: TokenRecord, located: FollowedDividend, depth: number, payUnverified: boolean, progress: Output): Promise<Leaf[]> {
  const published = publishedRound(located, token.tokenId)
  progress(`round ${located.contract.round} is running (snapshot at height ${published.height}, leaves published in ${published.startTxid}): continuing from the contract's cursor`)
  const check = await checkRound(ctx, token, located, depth)
  if (check.problems.length === 0) return published.leaves
  const detail = leafDifferences(ctx, check, published.leaves)
  if (!payUnverified) {
    throw new Error(`not paying round ${located.contract.round} of $${token.symbol}: ${check.problems[0]}${detail.length > 0 ? ` (${detail.slice(0, 3).join('; ')}${detail.length > 3 ? `; and ${detail.length - 3} more` : ''})` : ''}; --pay-unverified pays it anyway, to whoever its operators committed`)
  }
  for (const line of [...check.problems, ...detail]) progress(`WARNING: ${line}`)
  progress(`WARNING: paying round ${located.contract.round} as its operators committed it (--pay-unverified): its pool goes to the leaves above, not to the holders this home's index counts`)
  return published.leaves
}

/** One batch paid (the wallet pays the fee, and for the contract's unconfirmed parents when they pay too little), broadcast and recorded. */
async function payBatch (ctx: DivvyContext, token: TokenRecord, located: FollowedDividend, batch: DistributionBatch, wallet: string, mine: boolean): Promise<ReturnType<typeof distributeBatch>['tx']> {
  const fees = await feeWallet(ctx, wallet, { paysFor: [located.txid] })
  const { tx } = located.version === 2
    ? distributeBatch(located.contract, utxoOf(located), batch, fees)
    : distributeBatchV1(located.contract, utxoOf(located), batch, fees)
  await submitCall(ctx, token, tx, mine)
  return tx
}

/** Version 1: its one operator key starts a round over the snapshot at the newest height `depth` blocks deep. */
async function startV1 (ctx: DivvyContext, token: TokenRecord, wallet: string, located: FollowedDividend & { version: 1 }, o: { mine: boolean, progress: Output, depth: number, batchSize: number }): Promise<{ located: FollowedDividend, leaves: Leaf[], height: number }> {
  const contract = located.contract
  const pool = BigInt(contract.balance) - 1n
  if (pool <= 0n) throw new Error(`the $${token.symbol} dividend contract holds nothing to distribute: pay into it first`)
  const operatorName = [wallet, token.operatorKey].find(n => n !== undefined && ctx.key(n).publicKey.toString() === contract.operator)
  if (operatorName === undefined) throw new Error(`no round is running, and only the operator can start one: wallet '${wallet}' is not the operator (use --crank to pay a round someone else started)`)
  const height = deepSnapshotHeight(await ctx.indexedHeight(), o.depth)
  const snapshot = await homeSnapshot(ctx, token, height, pool)
  if (snapshot.leaves.length === 0) throw new Error(`no holder would receive a satoshi from a pool of ${pool}`)
  const dust = await dustRoundReason(ctx, located, snapshot.leaves.map(l => payoutOf(pool, l.amount, BigInt(token.supply))), o.batchSize)
  if (dust !== undefined) throw new Error(`not starting a round of $${token.symbol}: ${dust}`)
  await contract.connect(await ctx.signer(operatorName))
  const { tx } = await startRoundV1(contract, ctx.key(operatorName).publicKey, token.tokenId, height, snapshot.leaves, snapshot.commitment)
  rememberDividend(ctx, token, tx)
  await ctx.settle(o.mine)
  o.progress(`round ${contract.round + 1n}: snapshot at height ${height}: ${snapshot.leaves.length} holders with ${snapshot.tokens} tokens${snapshot.cut > 0 ? ` (${snapshot.cut} holders below 1 satoshi left out)` : ''}, pool ${pool} satoshis, started in ${tx.id}`)
  return { located: followOn(located, tx), leaves: snapshot.leaves, height }
}

export const distributeCommand = defineCommand({
  name: 'distribute',
  description: `When no round runs, the operators of this home take a snapshot of the holders at the
newest height --snapshot-depth blocks deep and propose a round over it (publishing the leaves
on chain); when their keys are enough approvals the round starts at once, else it waits for
'divvy approve' from the other operators. A round whose payouts would not cover its fees is
refused. Then every batch is paid, with progress. Stopped at any point, running it again
continues from the contract's on-chain cursor: nobody is paid twice. Anyone can pay the
batches of a running round with --crank, from the leaves its start published: the round is
first checked against this home's own index (its snapshot recomputed, every recommit checked)
and refused when it differs. The wallet only pays the fees, and for the contract's unconfirmed
parents when they pay less than the mining fee (child pays for parent).`,
  options: {
    crank: { kind: 'flag', help: 'only pay a running round, never start one' },
    batch: { kind: 'integer', value: 'n', help: `holders per transaction, 1 to ${Dividend.N} (default ${Dividend.N})` },
    'max-batches': { kind: 'integer', value: 'n', help: 'stop after n batches' },
    pool: { kind: 'amount', value: 'sats', help: 'the pool of a round this run proposes (default: all the contract holds but 1 satoshi)' },
    'snapshot-depth': { kind: 'integer', value: 'k', help: 'confirmations a round\'s snapshot height needs (default 1 on devnet and regtest, 6 on testnet and mainnet)' },
    'pay-unverified': { kind: 'flag', help: 'pay a running round even when its snapshot differs from this home\'s: its pool then goes to whoever its operators committed, not necessarily the holders' }
  },
  check: options => {
    const batch = options.batch
    if (batch !== undefined && (batch < 1 || batch > Dividend.N)) throw new UsageError(`distribute: --batch must be 1 to ${Dividend.N}`)
    if (options['max-batches'] === 0) throw new UsageError('distribute: --max-batches must be at least 1')
    if (options.pool === 0n) throw new UsageError('distribute: --pool must be at least 1 satoshi')
    if (options['snapshot-depth'] === 0) throw new UsageError('distribute: --snapshot-depth must be at least 1')
  },
  run: async (ctx, options, common, out) => {
    const result = await distribute(ctx, common.token, common.wallet, {
      crank: options.crank === true,
      batchSize: options.batch,
      maxBatches: options['max-batches'],
      pool: options.pool,
      snapshotDepth: options['snapshot-depth'],
      payUnverified: options['pay-unverified'] === true,
      mine: common.mine,
      progress: out
    })
    for (const p of result.paid) out(`  ${p.address.padEnd(35)} ${p.amount.toString().padStart(13)} tokens  ${p.payout.toString().padStart(12)} sats`)
  }
})
