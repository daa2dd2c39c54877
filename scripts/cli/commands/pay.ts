import { deposit } from '../../../contracts/offchain/dividendCalls'
import { deposit as depositV1 } from '../../../contracts/v1/dividendV1Calls'
import { checkSatoshis } from '../amounts'
import { feeWallet, submitCall } from '../CallSubmission'
import { defineCommand } from '../Command'
import { onCurrentOutput } from '../ContractMoves'
import type { DivvyContext } from '../DivvyContext'
import { locateDividend, rememberDividend } from '../DividendLocator'
import { UsageError } from '../options'
import { tokenOf } from '../TokenAdoption'

/** Deposits `amount` satoshis from the wallet into the token's dividend contract. */
export async function pay (ctx: DivvyContext, symbol: string | undefined, wallet: string, amount: bigint, mine: boolean): Promise<{ txid: string, balance: bigint }> {
  if (amount < 1n) throw new UsageError('pay: --amount must be at least 1 satoshi')
  let token = await tokenOf(ctx, symbol)
  // A deposit is safe to make again on whatever output the contract moved to.
  return await onCurrentOutput({
    what: `the $${token.symbol} dividend contract`,
    retry: true,
    progress: ctx.say,
    // After a move, the output this home saw last is no guide: ask the indexer, brought up to date.
    locate: async attempt => {
      if (attempt === 1) return await locateDividend(ctx, token, mine)
      await ctx.sync()
      return await locateDividend(ctx, (token = { ...token, dividend: undefined }), mine)
    },
    call: async located => {
      if (located.version === 1) {
        // A version 1 contract (deployed before version 2) still takes deposits.
        await located.contract.connect(await ctx.signer(wallet))
        const { tx } = await depositV1(located.contract, amount)
        rememberDividend(ctx, token, tx)
        await ctx.settle(mine)
        return { txid: tx.id, balance: BigInt(tx.outputs[0].satoshis) }
      }
      if (amount < located.contract.minDeposit) throw new UsageError(`pay: --amount: the $${token.symbol} dividend contract takes deposits of at least ${located.contract.minDeposit} satoshis`)
      const utxo = { txid: located.txid, vout: located.vout, satoshis: located.tx.outputs[located.vout].satoshis }
      const { tx } = deposit(located.contract, utxo, amount, await feeWallet(ctx, wallet))
      await submitCall(ctx, token, tx, mine)
      return { txid: tx.id, balance: BigInt(tx.outputs[0].satoshis) }
    }
  })
}

export const payCommand = defineCommand({
  name: 'pay',
  description: `Deposits a payment into the token's dividend contract (anyone may, at least its minimum
deposit, which 'divvy status' shows); the next round distributes it to the holders pro rata.`,
  options: { amount: { kind: 'amount', value: 'sats', required: true, help: 'satoshis to deposit' } },
  check: options => {
    if (options.amount < 1n) throw new UsageError('pay: --amount must be at least 1 satoshi')
    checkSatoshis('pay', 'amount', options.amount)
  },
  run: async (ctx, options, common, out) => {
    const { txid, balance } = await pay(ctx, common.token, common.wallet, options.amount, common.mine)
    out(`paid ${options.amount} satoshis into the dividend contract in ${txid}; it holds ${balance}`)
  }
})
