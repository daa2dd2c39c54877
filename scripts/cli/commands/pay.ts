import { deposit } from '../../../contracts/v1/dividendV1Calls'
import { defineCommand } from '../Command'
import type { DivvyContext } from '../DivvyContext'
import { locateDividend, rememberDividend } from '../DividendLocator'
import { UsageError } from '../options'

/** Deposits `amount` satoshis from the wallet into the token's dividend contract. */
export async function pay (ctx: DivvyContext, symbol: string | undefined, wallet: string, amount: bigint, mine: boolean): Promise<{ txid: string, balance: bigint }> {
  if (amount < 1n) throw new UsageError('pay: --amount must be at least 1 satoshi')
  const token = ctx.tokens.find(symbol)
  const { contract } = await locateDividend(ctx, token, mine)
  await contract.connect(await ctx.signer(wallet))
  const { tx } = await deposit(contract, amount)
  rememberDividend(ctx, token, tx)
  await ctx.settle(mine)
  return { txid: tx.id, balance: BigInt(tx.outputs[0].satoshis) }
}

export const payCommand = defineCommand({
  name: 'pay',
  description: `Deposits a payment into the token's dividend contract (anyone may); the next round
distributes it to the holders pro rata.`,
  options: { amount: { kind: 'amount', value: 'sats', required: true, help: 'satoshis to deposit' } },
  check: options => { if (options.amount < 1n) throw new UsageError('pay: --amount must be at least 1 satoshi') },
  run: async (ctx, options, common, out) => {
    const { txid, balance } = await pay(ctx, common.token, common.wallet, options.amount, common.mine)
    out(`paid ${options.amount} satoshis into the dividend contract in ${txid}; it holds ${balance}`)
  }
})
