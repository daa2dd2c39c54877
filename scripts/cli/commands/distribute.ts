import { bsv } from 'scrypt-ts'
import { DividendV1 } from '../../../contracts/v1/dividendV1'
import { planBatches } from '../../../contracts/offchain/distributionPlan'
import { distribute as distributeBatch, startRound } from '../../../contracts/v1/dividendV1Calls'
import { commitLeaves, EMPTY_COMMITMENT, type Leaf } from '../../../contracts/offchain/snapshot'
import { defineCommand, type Output } from '../Command'
import type { DivvyContext } from '../DivvyContext'
import { locateDividend, rememberDividend } from '../DividendLocator'
import { UsageError } from '../options'
import { publishedRound } from '../RoundLeaves'
import type { TokenRecord } from '../TokenRegistry'

export interface DistributeOptions {
  /** Only pay a round someone else started; never start one. */
  crank?: boolean
  /** Leaves per distribute call, 1..DividendV1.N (default N). */
  batchSize?: number
  /** Stop after this many batches (the rest is paid by the next run). */
  maxBatches?: number
  mine?: boolean
  /** Progress lines. */
  progress?: Output
}

/** One holder paid by this run. */
export interface PaidLeaf { pkh: string, address: string, amount: bigint, payout: bigint, txid: string }

export interface DistributeResult {
  round: bigint
  /** The round was started by this run (at this snapshot height). */
  startedAt?: number
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
 * operator snapshots the holders at the indexer's confirmed height and starts a round; then
 * every batch of the round is paid, in order, from wherever the contract's on-chain cursor
 * stands. Stopped at any point, the next run continues from the cursor: a leaf is paid only
 * by the call that moves the cursor past it, so nobody is paid twice.
 */
export async function distribute (ctx: DivvyContext, symbol: string | undefined, wallet: string, options: DistributeOptions = {}): Promise<DistributeResult> {
  const progress = options.progress ?? (() => {})
  const mine = options.mine ?? true
  const batchSize = options.batchSize ?? DividendV1.N
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > DividendV1.N) throw new UsageError(`distribute: --batch must be 1 to ${DividendV1.N}`)
  const token = ctx.tokens.find(symbol)
  const supply = BigInt(token.supply)
  const located = await locateDividend(ctx, token, mine)
  let contract = located.contract
  let leaves: Leaf[]
  let startedAt: number | undefined
  if (contract.cursor === EMPTY_COMMITMENT) {
    if (options.crank === true) throw new Error(`no $${token.symbol} round is running: nothing to crank`)
    const started = await start(ctx, token, wallet, contract, mine, progress)
    contract = started.contract
    leaves = started.leaves
    startedAt = started.height
  } else {
    const published = await publishedRound(ctx, located.tx, contract, token.tokenId)
    leaves = published.leaves
    progress(`round ${contract.round} is running (snapshot at height ${published.height}, started in ${published.startTxid}): continuing from the contract's cursor`)
  }
  const roundPool = contract.roundPool
  const batches = planBatches(leaves, contract.cursor, batchSize, roundPool, supply)
  const done = leaves.length - batches.reduce((s, b) => s + b.leaves.length, 0)
  if (done > 0) progress(`${done} of ${leaves.length} holders were already paid in this round`)
  const paid: PaidLeaf[] = []
  const signer = await ctx.signer(wallet)
  let remaining = leaves.length - done
  for (const [i, batch] of batches.entries()) {
    if (options.maxBatches !== undefined && i >= options.maxBatches) break
    await contract.connect(signer)
    const { tx, next } = await distributeBatch(contract, batch)
    rememberDividend(ctx, token, tx)
    await ctx.settle(mine)
    contract = next
    batch.leaves.forEach((leaf, j) => paid.push({ pkh: leaf.pkh, address: addressOf(leaf.pkh, ctx), amount: leaf.amount, payout: batch.payouts[j], txid: tx.id }))
    remaining -= batch.leaves.length
    const sum = batch.payouts.reduce((s, p) => s + p, 0n)
    progress(`batch ${i + 1}/${batches.length}: paid holders ${batch.first + 1}-${batch.first + batch.leaves.length} of ${leaves.length}, ${sum} satoshis, in ${tx.id}`)
  }
  const unconfirmed = ctx.confirmations.pending.length
  if (remaining === 0 && unconfirmed > 0) progress(`round ${contract.round}: all ${leaves.length} holders are paid in transactions sent but not confirmed yet (${unconfirmed} pending)`)
  else if (remaining === 0) progress(`round ${contract.round} is complete: ${leaves.length} holders paid from a pool of ${roundPool} satoshis`)
  else progress(`round ${contract.round}: ${remaining} holders still to pay; run 'divvy distribute' again to continue`)
  return { round: contract.round, startedAt, roundPool, leaves, paid, remaining }
}

async function start (ctx: DivvyContext, token: TokenRecord, wallet: string, contract: DividendV1, mine: boolean, progress: Output): Promise<{ contract: DividendV1, leaves: Leaf[], height: number }> {
  const pool = BigInt(contract.balance) - 1n
  if (pool <= 0n) throw new Error(`the $${token.symbol} dividend contract holds nothing to distribute: pay into it first`)
  const operatorName = [wallet, token.operatorKey].find(n => n !== undefined && ctx.key(n).publicKey.toString() === contract.operator)
  if (operatorName === undefined) throw new Error(`no round is running, and only the operator can start one: wallet '${wallet}' is not the operator (use --crank to pay a round someone else started)`)
  const height = await ctx.indexedHeight()
  const snapshot = await ctx.indexerClient().snapshot(token.tokenId, height, pool)
  const leaves: Leaf[] = snapshot.leaves.map(l => ({ pkh: l.pkh, amount: l.amount }))
  if (commitLeaves(leaves) !== snapshot.commitment) throw new Error('the indexer\'s snapshot commitment does not match its leaves')
  if (leaves.length === 0) throw new Error(`no holder would receive a satoshi from a pool of ${pool}`)
  const operator = ctx.key(operatorName)
  await contract.connect(await ctx.signer(operatorName))
  const { tx, next } = await startRound(contract, operator.publicKey, token.tokenId, height, leaves, snapshot.commitment)
  rememberDividend(ctx, token, tx)
  await ctx.settle(mine)
  progress(`round ${next.round}: snapshot at height ${height}: ${leaves.length} holders with ${snapshot.tokens} tokens${snapshot.cut.length > 0 ? ` (${snapshot.cut.length} holders below 1 satoshi left out)` : ''}, pool ${pool} satoshis, started in ${tx.id}`)
  return { contract: next, leaves, height }
}

export const distributeCommand = defineCommand({
  name: 'distribute',
  description: `When no round runs, the operator takes a snapshot of the holders at the indexer's confirmed
height, starts a round over it (publishing the leaves on chain) and pays every batch, with
progress. Stopped at any point, running it again continues from the contract's on-chain
cursor: nobody is paid twice. Anyone can pay the batches of a running round with --crank,
from the leaves its startRound published; the wallet only pays the fees.`,
  options: {
    crank: { kind: 'flag', help: 'only pay a running round, never start one' },
    batch: { kind: 'integer', value: 'n', help: `holders per transaction, 1 to ${DividendV1.N} (default ${DividendV1.N})` },
    'max-batches': { kind: 'integer', value: 'n', help: 'stop after n batches' }
  },
  check: options => {
    const batch = options.batch
    if (batch !== undefined && (batch < 1 || batch > DividendV1.N)) throw new UsageError(`distribute: --batch must be 1 to ${DividendV1.N}`)
    if (options['max-batches'] === 0) throw new UsageError('distribute: --max-batches must be at least 1')
  },
  run: async (ctx, options, common, out) => {
    const result = await distribute(ctx, common.token, common.wallet, {
      crank: options.crank === true,
      batchSize: options.batch,
      maxBatches: options['max-batches'],
      mine: common.mine,
      progress: out
    })
    for (const p of result.paid) out(`  ${p.address.padEnd(35)} ${p.amount.toString().padStart(13)} tokens  ${p.payout.toString().padStart(12)} sats`)
  }
})
