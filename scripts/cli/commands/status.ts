import { bsv } from 'scrypt-ts'
import { paidSoFar } from '../../../contracts/offchain/distributionPlan'
import { EMPTY_COMMITMENT } from '../../../contracts/offchain/snapshot'
import { defineCommand } from '../Command'
import { reviewPending, type UnconfirmedTx } from '../Confirmations'
import { contractHistory, type PayoutRecord, type RoundRecord } from '../ContractHistory'
import type { DivvyContext } from '../DivvyContext'
import { locateDividend } from '../DividendLocator'
import type { TokenRecord } from '../TokenRegistry'

export interface DividendStatus {
  token: TokenRecord
  outpoint: string
  balance: bigint
  round: bigint
  running: boolean
  snapshotHeight: bigint
  roundPool: bigint
  roundTokens: bigint
  /** Holders paid / in the running round (or the last one). */
  paidInRound: number
  leavesInRound: number
  rounds: RoundRecord[]
  payouts: PayoutRecord[]
  /** The contract output read is in a block (not only in a mempool). */
  confirmed: boolean
  /** What this home sent and has not seen confirmed. */
  unconfirmed: UnconfirmedTx[]
}

/** Where the dividend contract stands, with every round and payout it made. */
export async function status (ctx: DivvyContext, symbol: string | undefined): Promise<DividendStatus> {
  const token = ctx.tokens.find(symbol)
  const { contract, tx, txid, vout } = await locateDividend(ctx, token)
  const { rounds, payouts } = await contractHistory(ctx, tx, vout)
  const last = rounds[rounds.length - 1]
  const leaves = last?.leaves ?? []
  const unconfirmed = await reviewPending(ctx.provider, ctx.pendingTxs)
  const confirmed = (await ctx.provider.txStatus(txid)).state === 'mined'
  return {
    token,
    outpoint: `${txid}_${vout}`,
    balance: BigInt(contract.balance),
    round: contract.round,
    running: contract.cursor !== EMPTY_COMMITMENT,
    snapshotHeight: contract.snapshotHeight,
    roundPool: contract.roundPool,
    roundTokens: contract.roundTokens,
    paidInRound: Math.max(0, paidSoFar(leaves, contract.cursor)),
    leavesInRound: leaves.length,
    rounds,
    payouts,
    confirmed,
    unconfirmed
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
    out(`$${s.token.symbol} (${s.token.handle}) token ${s.token.tokenId}`)
    out(`dividend contract ${s.outpoint}: holds ${s.balance} satoshis${s.confirmed ? '' : ' (unconfirmed: this state waits to be mined)'}`)
    if (s.round === 0n) out('no round yet')
    else out(`round ${s.round} ${s.running ? 'running' : s.confirmed ? 'complete' : 'paid, not confirmed yet'}: snapshot at height ${s.snapshotHeight}, pool ${s.roundPool} satoshis, ${s.paidInRound} of ${s.leavesInRound} holders paid (${s.roundTokens} tokens)`)
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
