import { bsv } from 'scrypt-ts'
import { defineCommand } from '../Command'
import type { DivvyContext } from '../DivvyContext'
import { UsageError } from '../options'
import { OrdWallet, tokenNumber } from '../OrdWallet'
import { lookupToken } from '../TokenLookup'

/** Sends tokens to an address with a BSV-21 transfer (js-1sat-ord); the rest returns to the wallet. */
export async function send (ctx: DivvyContext, symbol: string | undefined, wallet: string, to: string, amount: bigint, mine: boolean): Promise<{ txid: string }> {
  if (amount < 1n) throw new UsageError('send: --amount must be at least 1 token')
  checkAddress(ctx, to)
  const token = await lookupToken(ctx, symbol)
  const w = await OrdWallet.of(ctx, wallet)
  const { tx } = await w.ord.ord.transferOrdTokens({
    ...await w.spendingTokens(token, amount),
    distributions: [{ address: to, tokens: tokenNumber(amount) }]
  })
  const txid = await w.broadcast(tx)
  await ctx.settle(mine)
  return { txid }
}

function checkAddress (ctx: DivvyContext, to: string): void {
  let address: bsv.Address
  try { address = bsv.Address.fromString(to) } catch { throw new UsageError(`send: --to '${to}' is not an address`) }
  const mainnet = address.network.name === 'livenet' || address.network.name === 'mainnet'
  if (mainnet !== (ctx.settings.addressFormat === 'mainnet')) throw new UsageError(`send: --to '${to}' is not a ${ctx.settings.name} address`)
}

export const sendCommand = defineCommand({
  name: 'send',
  description: `Transfers tokens from the wallet to an address; the wallet keeps the rest. (The name of a
key of this home also works as --to.)`,
  options: {
    to: { kind: 'string', value: 'address', required: true, help: 'the receiver\'s address, or a key name of this home' },
    amount: { kind: 'amount', value: 'tokens', required: true, help: 'tokens to send' }
  },
  check: options => { if (options.amount < 1n) throw new UsageError('send: --amount must be at least 1 token') },
  run: async (ctx, options, common, out) => {
    let to = options.to
    if (/^[A-Za-z0-9_-]{1,40}$/.test(to) && ctx.keys.names().includes(to)) to = ctx.address(to)
    const { txid } = await send(ctx, common.token, common.wallet, to, options.amount, common.mine)
    out(`sent ${options.amount} tokens to ${to} in ${txid}`)
  }
})
