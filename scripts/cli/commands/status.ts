import { bsv } from 'scrypt-ts'
import { describeAction } from '../../../contracts/offchain/dividendAction'
import type { OperatorSet } from '../../../contracts/offchain/operatorSet'
import { EMPTY_COMMITMENT } from '../../../contracts/offchain/snapshot'
import { defineCommand } from '../Command'
import { reviewPending, type UnconfirmedTx } from '../Confirmations'
import { contractHistory, type OperatorEvent, type PayoutRecord, type RoundRecord } from '../ContractHistory'
import type { DivvyContext } from '../DivvyContext'
import { locateDividend, outpointOf } from '../DividendLocator'
import { operatorSetOf } from '../OperatorSets'
import { pendingProposal } from '../PendingProposal'
import { tokenOf } from '../TokenAdoption'
import type { TokenRecord } from '../TokenRegistry'

/** What `divvy status` shows of a token's dividend contract: its output, pool, round, operators and pending proposal. */
export interface DividendStatus {
  token: TokenRecord
  version: 1 | 2
  outpoint: string
  balance: bigint
  round: bigint
  running: boolean
  snapshotHeight: bigint
  roundPool: bigint
  /** Tokens of the holders paid in the running round (or the last one). */
  roundTokens: bigint
  /** Satoshis paid in the running round (or the last one). */
  roundPaid: bigint
  /** Holders paid / in the running round (or the last one). */
  paidInRound: number
  leavesInRound: number
  rounds: RoundRecord[]
  payouts: PayoutRecord[]
  /** Version 2: the smallest deposit, the operator set, and the pending proposal. */
  minDeposit?: bigint
  operators?: OperatorSet
  pending?: { description: string, approvals: number, needed: number, publishedIn: string }
  events: OperatorEvent[]
  /** The contract output read is in a block (not only in a mempool). */
  confirmed: boolean
  /** What this home sent and has not seen confirmed. */
  unconfirmed: UnconfirmedTx[]
}

/** Where the dividend contract stands, with every round and payout it made. */
export async function status (ctx: DivvyContext, symbol: string | undefined): Promise<DividendStatus> {
  const token = await tokenOf(ctx, symbol)
  const located = await locateDividend(ctx, token)
  const { contract } = located
  const { rounds, payouts, events } = contractHistory(located, token.tokenId)
  const last = rounds[rounds.length - 1]
  const paidInLast = payouts.filter(p => p.round === last?.round)
  const unconfirmed = await reviewPending(ctx.provider, ctx.pendingTxs)
  const confirmed = located.confirmed
  const base = {
    token,
    version: located.version,
    outpoint: outpointOf(located),
    balance: BigInt(located.tx.outputs[located.vout].satoshis),
    round: contract.round,
    running: contract.cursor !== EMPTY_COMMITMENT,
    snapshotHeight: contract.snapshotHeight,
    roundPool: contract.roundPool,
    roundTokens: paidInLast.reduce((t, p) => t + p.amount, 0n),
    roundPaid: paidInLast.reduce((t, p) => t + p.satoshis, 0n),
    paidInRound: paidInLast.length,
    leavesInRound: last?.leaves.length ?? 0,
    rounds,
    payouts,
    events,
    confirmed,
    unconfirmed
  }
  if (located.version === 1) return base
  const pending = await pendingProposal(ctx, token, located)
  return {
    ...base,
    minDeposit: located.contract.minDeposit,
    operators: await operatorSetOf(ctx, token, located, located.contract.operators),
    pending: pending !== undefined ? { description: describeAction(pending.action), approvals: pending.approvedSlots.length, needed: pending.needed, publishedIn: pending.publishedIn } : undefined
  }
}

export const statusCommand = defineCommand({
  name: 'status',
  description: `The token's dividend contract: its balance, the current round (snapshot height, pool, holders
paid so far), and every payout it has made, per round and holder.`,
  options: {},
  run: async (ctx, _options, common, out) => {
    if (common.token === undefined && ctx.tokens.all().length === 0) {
      // A home that issued or follows no token still has what it sent to tell.
      out(`no token in ${ctx.home} yet`)
      printUnconfirmed(await reviewPending(ctx.provider, ctx.pendingTxs), out)
      return
    }
    const s = await status(ctx, common.token)
    const net = ctx.settings.addressFormat === 'mainnet' ? bsv.Networks.mainnet : bsv.Networks.testnet
    out(`$${s.token.symbol}${s.token.handle !== '' ? ` (${s.token.handle})` : ''} token ${s.token.tokenId}`)
    out(`dividend contract ${s.outpoint} (version ${s.version}): holds ${s.balance} satoshis${s.minDeposit !== undefined ? `, takes deposits of at least ${s.minDeposit}` : ''}${s.confirmed ? '' : ' (unconfirmed: this state waits to be mined)'}`)
    if (s.operators !== undefined) {
      const o = s.operators
      out(`operators: ${o.keys.length} key${o.keys.length > 1 ? 's' : ''}, m1 = ${o.m1}, m2 = ${o.m2}${o.approvalThreshold > 0n ? `, rounds of ${o.approvalThreshold} satoshis or more need m2` : ''}`)
    }
    if (s.pending !== undefined) out(`pending: ${s.pending.description}, ${s.pending.approvals} of ${s.pending.needed} approvals (published in ${s.pending.publishedIn})`)
    if (s.round === 0n) out('no round yet')
    else out(`round ${s.round} ${s.running ? 'running' : s.confirmed ? 'complete' : 'paid, not confirmed yet'}: snapshot at height ${s.snapshotHeight}, pool ${s.roundPool} satoshis, ${s.paidInRound} of ${s.leavesInRound} holders paid (${s.roundTokens} tokens, ${s.roundPaid} satoshis)`)
    for (const r of s.rounds) {
      const paid = s.payouts.filter(p => p.round === r.round)
      out(`round ${r.round}: height ${r.height}, pool ${r.pool}, ${paid.length}/${r.leaves.length} paid, ${paid.reduce((t, p) => t + p.satoshis, 0n)} satoshis`)
      for (const p of paid) out(`  ${bsv.Address.fromPublicKeyHash(Buffer.from(p.pkh, 'hex'), net).toString().padEnd(35)} ${p.amount.toString().padStart(13)} tokens  ${p.satoshis.toString().padStart(12)} sats  ${p.txid}`)
    }
    printUnconfirmed(s.unconfirmed, out)
  }
})

function printUnconfirmed (unconfirmed: UnconfirmedTx[], out: (line: string) => void): void {
  if (unconfirmed.length > 0) out(`unconfirmed: ${unconfirmed.length} transaction(s) sent from this home`)
  for (const u of unconfirmed) out(`  ${u.txid}  ${u.command}, ${u.sentAt}: ${u.state === 'mempool' ? 'waits unmined' : 'unknown to the network (dropped or expired)'}`)
}
