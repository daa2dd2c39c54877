import { defineCommand } from '../Command'
import { auditContract, auditSummary } from '../ContractAudit'
import { crossCheckWithOneSat } from './holders'
import { UsageError } from '../options'

export const auditCommand = defineCommand({
  name: 'audit',
  description: `Audits the token's dividend contract from its origin, from the chain and this home's own index
alone (so from any home: --token <txid>_0): every round's snapshot is recomputed at its height
for its pool and compared with what its operators committed and published (holders left out,
leaves of non-holders, wrong amounts, a leaf given twice), its depth when it started is
checked, every recommit must be the fold of the unpaid leaves, and every payout must be
floor(roundPool * amount / supply) for what its holder really held. On testnet and mainnet
every holder the 1Sat API counts otherwise is a discrepancy too, where it indexes the token.
Prints one line per discrepancy and exits 1 if there is any; else a summary, and 0.`,
  options: {
    'snapshot-depth': { kind: 'integer', value: 'k', help: 'confirmations a round\'s snapshot height needs when it starts (default 1 on devnet and regtest, 6 on testnet and mainnet)' }
  },
  check: options => { if (options['snapshot-depth'] === 0) throw new UsageError('audit: --snapshot-depth must be at least 1') },
  run: async (ctx, options, common, out) => {
    const report = await auditContract(ctx, common.token, { snapshotDepth: options['snapshot-depth'] })
    // Testnet and mainnet: the holders are also counted by the 1Sat API, where it indexes the token.
    if (ctx.settings.oneSatUrl !== undefined) {
      const c = await crossCheckWithOneSat(ctx, report.token.tokenId)
      out(`1Sat API: ${c.note}`)
      for (const d of c.differences ?? []) report.discrepancies.push(`the 1Sat API counts ${d.theirs} tokens for ${d.address}, this index ${d.ours}`)
    }
    for (const line of report.discrepancies) out(`discrepancy: ${line}`)
    out(auditSummary(report))
    if (report.discrepancies.length > 0) throw new Error(`${report.discrepancies.length} discrepanc${report.discrepancies.length === 1 ? 'y' : 'ies'} in the $${report.token.symbol} dividend contract`)
  }
})
