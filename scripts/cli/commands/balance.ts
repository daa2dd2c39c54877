import { bsv } from 'scrypt-ts'
import type { OwnedToken } from '../../../network/provider/IndexerClient'
import { defineCommand } from '../Command'
import type { DivvyContext } from '../DivvyContext'
import { UsageError } from '../options'

/** What `divvy balance` shows of a wallet: its address, satoshis and tokens, confirmed and pending. */
export interface Balance {
  address: string
  /** Plain P2PKH coins, confirmed and in the mempool. */
  confirmed: bigint
  unconfirmed: bigint
  /** Tokens as confirmed, and with the mempool on top. */
  tokens: OwnedToken[]
  pendingTokens: OwnedToken[]
}

/** The satoshis and tokens of an address (the wallet's by default), confirmed and with what waits in the mempool. */
export async function balance (ctx: DivvyContext, address: string): Promise<Balance> {
  const indexer = ctx.indexerClient()
  const p2pkh = bsv.Script.buildPublicKeyHashOut(bsv.Address.fromString(address)).toHex()
  let confirmed = 0n
  let unconfirmed = 0n
  for (const u of await indexer.utxos(address)) {
    if (u.script !== p2pkh) continue
    if (u.height === null) unconfirmed += u.satoshis
    else confirmed += u.satoshis
  }
  const [tokens, pendingTokens] = await Promise.all([indexer.tokens(address), indexer.tokens(address, { pending: true })])
  return { address, confirmed, unconfirmed, tokens, pendingTokens }
}

export const balanceCommand = defineCommand({
  name: 'balance',
  description: `The satoshis (plain coins) and the tokens of the wallet, or of any --address: what is
confirmed, and what waits in the mempool on top of it.`,
  options: { address: { kind: 'string', value: 'address', help: 'another address than the wallet\'s' } },
  run: async (ctx, options, common, out) => {
    let address = options.address ?? ctx.address(common.wallet)
    try { bsv.Address.fromString(address) } catch { throw new UsageError(`balance: --address '${address}' is not an address`) }
    address = bsv.Address.fromString(address).toString()
    const b = await balance(ctx, address)
    const who = options.address === undefined ? `wallet '${common.wallet}' (${address})` : address
    out(`${who}: ${b.confirmed} satoshis${b.unconfirmed > 0n ? ` (+${b.unconfirmed} unconfirmed)` : ''}`)
    const ids = [...new Set([...b.tokens, ...b.pendingTokens].map(t => t.id))]
    if (ids.length === 0) out('  no tokens')
    for (const id of ids) {
      const now = b.tokens.find(t => t.id === id)
      const pending = b.pendingTokens.find(t => t.id === id)
      const held = now?.balance ?? 0n
      const listed = now?.listed ?? 0n
      const after = pending?.balance ?? 0n
      const symbol = now?.symbol ?? pending?.symbol ?? '?'
      out(`  $${symbol} ${id}: ${held} tokens${listed > 0n ? ` (${listed} of them listed)` : ''}${after !== held ? ` (${after} once the mempool confirms)` : ''}`)
    }
  }
})
