import { deposit } from '../../../contracts/offchain/dividendCalls'
import { depositCall as depositV1 } from '../../../contracts/v1/dividendV1Calls'
import { checkSatoshis } from '../amounts'
import { feeWallet, submitCall } from '../CallSubmission'
import { defineCommand } from '../Command'
import { onCurrentOutput } from '../ContractMoves'
import type { DivvyContext } from '../DivvyContext'
import { locateDividend, utxoOf } from '../DividendLocator'
import { UsageError } from '../options'
import { tokenOf } from '../TokenAdoption'

/** Deposits `amount` satoshis from the wallet into the token's dividend contract. */
export async function pay (ctx: DivvyContext, symbol: string | undefined, wallet: string, amount: bigint, mine: boolean): Promise<{ txid: string, balance: bigint }> {
  if (amount < 1n) throw new UsageError('pay: --amount must be at least 1 satoshi')
  const token = await tokenOf(ctx, symbol)
  // A deposit is safe to make again on whatever output the contract moved to.
  return await onCurrentOutput({
    what: `the $${token.symbol} dividend contract`,
    retry: true,
    progress: ctx.say,
    // After a move, the index is brought up to date (its mempool too): the deposit goes on the contract's newest output.
    locate: async attempt => {
      if (attempt > 1) await ctx.sync()
      return await locateDividend(ctx, token)
    },
    call: async located => {
      const utxo = utxoOf(located)
      // Built on the contract as it stands, confirmed or not; its unconfirmed parents paid for when they pay too little.
      const wallet_ = await feeWallet(ctx, wallet, { paysFor: [located.txid] })
      if (located.version === 2 && amount < located.contract.minDeposit) throw new UsageError(`pay: --amount: the $${token.symbol} dividend contract takes deposits of at least ${located.contract.minDeposit} satoshis`)
      const { tx } = located.version === 2 ? deposit(located.contract, utxo, amount, wallet_) : depositV1(located.contract, utxo, amount, wallet_)
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
