import { defineCommand, type Output } from '../Command'
import { UsageError } from '../options'

async function show (home: string, token: string | undefined, txid: string | undefined, ca: string | undefined, out: Output): Promise<boolean> {
  const { readPayments } = await import('../../../service/paymentsReader')
  const rows = await readPayments(home, { txid, token: token?.replace(/^\$/, '').toUpperCase() }, ca)
  if (rows.length === 0) { out(txid !== undefined ? `no payment ${txid} has reached a collector of this home` : 'no payment recorded yet'); return true }
  for (const p of rows) {
    const where = p.state === 'pooled' ? `round ${p.round ?? '?'} (deposit ${p.deposit ?? '?'}${(p.payouts ?? []).length > 0 ? `, payouts ${(p.payouts ?? []).join(' ')}` : ''})` : p.state === 'deposited' ? `deposit ${p.deposit ?? '?'}` : 'at the collector'
    out(`${p.seenAt}  $${p.token.padEnd(12)} ${p.amount.toString().padStart(12)} sats  ${p.source.padEnd(8)} ${p.txid}  ${p.state.padEnd(9)} ${where}`)
  }
  return true
}

export const paymentsCommand = defineCommand({
  name: 'payments',
  description: `The payments the service recorded for the home's tokens: source (handcash, paylink,
paymail, address), amount, transaction and state (received at the collector, deposited into
the contract in a sweep, included in round r's pool with its payout transactions). Read from
the running service when one serves the home, else from its records.`,
  options: {
    txid: { kind: 'string', value: 'txid', help: 'only this payment' },
    ca: { kind: 'string', value: 'file', help: 'a PEM certificate to trust when the running service speaks HTTPS' }
  },
  check: options => { if (options.txid !== undefined && !/^[0-9a-f]{64}$/.test(options.txid)) throw new UsageError('payments: --txid must be 64 lower-case hex characters') },
  offline: async (options, common, out) => await show(common.home, common.token, options.txid, options.ca, out),
  run: async (ctx, options, common, out) => { await show(ctx.home, common.token, options.txid, options.ca, out) }
})
