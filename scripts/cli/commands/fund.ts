import { bsv } from 'scrypt-ts'
import { checkSatoshis } from '../amounts'
import { defineCommand } from '../Command'
import { UsageError } from '../options'
import type { DivvyContext } from '../DivvyContext'
import { sendOutputs } from '../walletTransaction'

/** What `divvy fund` sends without `--amount`: 10 BSV, in satoshis. */
export const DEFAULT_FUND = 1_000_000_000n

/**
 * devnet/regtest: sends `amount` satoshis to a wallet from the coinbases of the home's
 * 'miner' key, mining blocks to it first when it has too few mature coins.
 */
export async function fund (ctx: DivvyContext, wallet: string, amount: bigint, mine: boolean): Promise<{ txid: string, address: string }> {
  if (ctx.rpc === undefined) throw new Error(`${ctx.settings.name}: fund mines coins, which only works on devnet and regtest; send coins to ${ctx.address(wallet)} instead`)
  if (amount < 1n) throw new UsageError('fund: --amount must be at least 1 satoshi')
  checkSatoshis('fund', 'amount', amount)
  const miner = ctx.key('miner')
  const minerAddress = miner.toAddress()
  const fee = 100_000n
  let utxos = await ctx.provider.listUnspent(minerAddress)
  let tries = 0
  while (utxos.reduce((s, u) => s + BigInt(u.satoshis), 0n) < amount + fee) {
    if (tries++ >= 3) throw new Error(`the miner key holds too little to send ${amount} satoshis: ask for less`)
    // Coinbases mature after 100 blocks.
    await ctx.mine(tries === 1 ? 101 : 100)
    utxos = await ctx.provider.listUnspent(minerAddress)
  }
  const address = ctx.address(wallet)
  const tx = await sendOutputs(ctx, 'miner', [{ script: bsv.Script.buildPublicKeyHashOut(bsv.Address.fromString(address)), satoshis: amount }])
  const txid = tx.id
  await ctx.settle(mine)
  return { txid, address }
}

export const fundCommand = defineCommand({
  name: 'fund',
  description: `Sends coins mined on devnet or regtest (by the home's 'miner' key) to the wallet, so that it
can pay fees, buy tranches and make payments.`,
  options: { amount: { kind: 'amount', value: 'sats', help: `satoshis to send (default ${DEFAULT_FUND}, 10 BSV)` } },
  run: async (ctx, options, common, out) => {
    const amount = options.amount ?? DEFAULT_FUND
    const { txid, address } = await fund(ctx, common.wallet, amount, common.mine)
    out(`funded wallet '${common.wallet}' (${address}) with ${amount} satoshis in ${txid}`)
  }
})
