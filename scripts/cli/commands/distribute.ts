import { bsv } from 'scrypt-ts'
import { Dividend } from '../../../contracts/dividend'
import { planBatches, type DistributionBatch } from '../../../contracts/offchain/distributionPlan'
import { distribute as distributeBatch } from '../../../contracts/offchain/dividendCalls'
import { EMPTY_COMMITMENT, type Leaf } from '../../../contracts/offchain/snapshot'
import { distribute as distributeBatchV1, startRound as startRoundV1 } from '../../../contracts/v1/dividendV1Calls'
import { feeWallet, submitCall } from '../CallSubmission'
import { defineCommand, type Output } from '../Command'
import type { DivvyContext } from '../DivvyContext'
import { dividendAt, locateDividend, rememberDividend, utxoOf, type LocatedDividend } from '../DividendLocator'
import { UsageError } from '../options'
import { homeSnapshot, proposeRound } from '../RoundProposal'
import { publishedRound } from '../RoundLeaves'
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

function addressOf (pkh: string, ctx: DivvyContext): string {
  return bsv.Address.fromPublicKeyHash(Buffer.from(pkh, 'hex'), ctx.settings.addressFormat === 'mainnet' ? bsv.Networks.mainnet : bsv.Networks.testnet).toString()
}

/**
 * Distributes the dividend contract's pool: when no round runs (and not cranking), the
 * operators of this home snapshot the holders at the indexer's confirmed height and start a
 * round (version 2: propose it, and start it when this home's keys are enough approvals);
 * then every batch of the round is paid, in order, from wherever the contract's on-chain
 * cursor stands. Stopped at any point, the next run continues from the cursor: a leaf is
 * paid only by the call that moves the cursor past it, so nobody is paid twice.
 */
export async function distribute (ctx: DivvyContext, symbol: string | undefined, wallet: string, options: DistributeOptions = {}): Promise<DistributeResult> {
  const progress = options.progress ?? (() => {})
  const mine = options.mine ?? true
  const batchSize = options.batchSize ?? Dividend.N
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > Dividend.N) throw new UsageError(`distribute: --batch must be 1 to ${Dividend.N}`)
  const token = await tokenOf(ctx, symbol)
  let located = await locateDividend(ctx, token, mine)
  let leaves: Leaf[]
  let startedAt: number | undefined
  if (located.contract.cursor === EMPTY_COMMITMENT) {
    if (options.crank === true) throw new Error(`no $${token.symbol} round is running: nothing to crank`)
    if (located.version === 2) {
      const proposal = await proposeRound(ctx, token, located, wallet, { pool: options.pool, mine, progress })
      if (!proposal.started) {
        return { round: located.contract.round + 1n, awaiting: { count: proposal.count, needed: proposal.needed, txid: proposal.txid }, roundPool: proposal.action.pool, leaves: proposal.leaves, paid: [], remaining: proposal.leaves.length }
      }
      located = proposal.located
      leaves = proposal.leaves
      startedAt = Number(proposal.action.height)
    } else {
      const started = await startV1(ctx, token, wallet, located, mine, progress)
      located = started.located
      leaves = started.leaves
      startedAt = started.height
    }
  } else {
    const published = await publishedRound(ctx, located, token.tokenId)
    leaves = published.leaves
    progress(`round ${located.contract.round} is running (snapshot at height ${published.height}, started in ${published.startTxid}): continuing from the contract's cursor`)
  }
  const roundPool = located.contract.roundPool
  const batches = planBatches(leaves, located.contract.cursor, batchSize, roundPool, BigInt(token.supply))
  const done = leaves.length - batches.reduce((s, b) => s + b.leaves.length, 0)
  if (done > 0) progress(`${done} of ${leaves.length} holders were already paid in this round`)
  const paid: PaidLeaf[] = []
  let remaining = leaves.length - done
  for (const [i, batch] of batches.entries()) {
    if (options.maxBatches !== undefined && i >= options.maxBatches) break
    const tx = await payBatch(ctx, token, located, batch, wallet, mine)
    located = dividendAt(tx, 0, located.version)
    batch.leaves.forEach((leaf, j) => paid.push({ pkh: leaf.pkh, address: addressOf(leaf.pkh, ctx), amount: leaf.amount, payout: batch.payouts[j], txid: tx.id }))
    remaining -= batch.leaves.length
    const sum = batch.payouts.reduce((s, p) => s + p, 0n)
    progress(`batch ${i + 1}/${batches.length}: paid holders ${batch.first + 1}-${batch.first + batch.leaves.length} of ${leaves.length}, ${sum} satoshis, in ${tx.id}`)
  }
  const round = located.contract.round
  const unconfirmed = ctx.confirmations.pending.length
  if (remaining === 0 && unconfirmed > 0) progress(`round ${round}: all ${leaves.length} holders are paid in transactions sent but not confirmed yet (${unconfirmed} pending)`)
  else if (remaining === 0) progress(`round ${round} is complete: ${leaves.length} holders paid from a pool of ${roundPool} satoshis`)
  else progress(`round ${round}: ${remaining} holders still to pay; run 'divvy distribute' again to continue`)
  return { round, startedAt, roundPool, leaves, paid, remaining }
}

/** One batch paid (the wallet pays the fee), broadcast and recorded. */
async function payBatch (ctx: DivvyContext, token: TokenRecord, located: LocatedDividend, batch: DistributionBatch, wallet: string, mine: boolean): Promise<bsv.Transaction> {
  if (located.version === 2) {
    const { tx } = distributeBatch(located.contract, utxoOf(located), batch, await feeWallet(ctx, wallet))
    await submitCall(ctx, token, tx, mine)
    return tx
  }
  await located.contract.connect(await ctx.signer(wallet))
  const { tx } = await distributeBatchV1(located.contract, batch)
  rememberDividend(ctx, token, tx)
  await ctx.settle(mine)
  return tx
}

/** Version 1: its one operator key starts a round over the snapshot at the indexer's confirmed height. */
async function startV1 (ctx: DivvyContext, token: TokenRecord, wallet: string, located: LocatedDividend & { version: 1 }, mine: boolean, progress: Output): Promise<{ located: LocatedDividend, leaves: Leaf[], height: number }> {
  const contract = located.contract
  const pool = BigInt(contract.balance) - 1n
  if (pool <= 0n) throw new Error(`the $${token.symbol} dividend contract holds nothing to distribute: pay into it first`)
  const operatorName = [wallet, token.operatorKey].find(n => n !== undefined && ctx.key(n).publicKey.toString() === contract.operator)
  if (operatorName === undefined) throw new Error(`no round is running, and only the operator can start one: wallet '${wallet}' is not the operator (use --crank to pay a round someone else started)`)
  // Taken k blocks deep (the network's snapshotDepth), never at the very tip.
  const height = await ctx.snapshotHeight()
  const snapshot = await homeSnapshot(ctx, token, height, pool)
  if (snapshot.leaves.length === 0) throw new Error(`no holder would receive a satoshi from a pool of ${pool}`)
  await contract.connect(await ctx.signer(operatorName))
  const { tx } = await startRoundV1(contract, ctx.key(operatorName).publicKey, token.tokenId, height, snapshot.leaves, snapshot.commitment)
  rememberDividend(ctx, token, tx)
  await ctx.settle(mine)
  progress(`round ${contract.round + 1n}: snapshot at height ${height}: ${snapshot.leaves.length} holders with ${snapshot.tokens} tokens${snapshot.cut > 0 ? ` (${snapshot.cut} holders below 1 satoshi left out)` : ''}, pool ${pool} satoshis, started in ${tx.id}`)
  return { located: dividendAt(tx, 0, 1), leaves: snapshot.leaves, height }
}

export const distributeCommand = defineCommand({
  name: 'distribute',
  description: `When no round runs, the operators of this home take a snapshot of the holders at the
indexer's confirmed height and propose a round over it (publishing the leaves on chain); when
their keys are enough approvals the round starts at once, else it waits for 'divvy approve'
from the other operators. Then every batch is paid, with progress. Stopped at any point,
running it again continues from the contract's on-chain cursor: nobody is paid twice. Anyone
can pay the batches of a running round with --crank, from the leaves its start published;
the wallet only pays the fees.`,
  options: {
    crank: { kind: 'flag', help: 'only pay a running round, never start one' },
    batch: { kind: 'integer', value: 'n', help: `holders per transaction, 1 to ${Dividend.N} (default ${Dividend.N})` },
    'max-batches': { kind: 'integer', value: 'n', help: 'stop after n batches' },
    pool: { kind: 'amount', value: 'sats', help: 'the pool of a round this run proposes (default: all the contract holds but 1 satoshi)' }
  },
  check: options => {
    const batch = options.batch
    if (batch !== undefined && (batch < 1 || batch > Dividend.N)) throw new UsageError(`distribute: --batch must be 1 to ${Dividend.N}`)
    if (options['max-batches'] === 0) throw new UsageError('distribute: --max-batches must be at least 1')
    if (options.pool === 0n) throw new UsageError('distribute: --pool must be at least 1 satoshi')
  },
  run: async (ctx, options, common, out) => {
    const result = await distribute(ctx, common.token, common.wallet, {
      crank: options.crank === true,
      batchSize: options.batch,
      maxBatches: options['max-batches'],
      pool: options.pool,
      mine: common.mine,
      progress: out
    })
    for (const p of result.paid) out(`  ${p.address.padEnd(35)} ${p.amount.toString().padStart(13)} tokens  ${p.payout.toString().padStart(12)} sats`)
  }
})
