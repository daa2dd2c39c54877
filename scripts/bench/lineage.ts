// npm run bench:lineage — what reading a dividend contract by its lineage costs a home that
// has never seen it, as the lineage grows: every reader follows it from the origin and checks
// each step from the raw transaction, so the first command of a home reads them all.
import { mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'
import { resolveNetwork } from '../../network/networks'
import { auditContract } from '../cli/ContractAudit'
import { distribute } from '../cli/commands/distribute'
import { fund } from '../cli/commands/fund'
import { issue } from '../cli/commands/issue'
import { pay } from '../cli/commands/pay'
import { status } from '../cli/commands/status'
import { loadContractArtifacts } from '../cli/contractArtifacts'
import { DivvyContext } from '../cli/DivvyContext'
import { locateDividend } from '../cli/DividendLocator'
import { parseOptions, scriptHelp, UsageError, type OptionSpecs } from '../cli/options'
import { tokenOf } from '../cli/TokenAdoption'

const OPTIONS = {
  steps: { kind: 'integer', value: 'n', help: 'transactions of the lineage at the last measurement (default 500)' },
  help: { kind: 'flag', short: 'h', help: 'this text' }
} as const satisfies OptionSpecs

const HELP = scriptHelp('npm run bench:lineage --', `Grows a dividend contract's lineage on a fresh embedded devnet (deposits, a round every
100 transactions) and, at a tenth of --steps and at --steps, opens a home that has never seen
the token and times, given only the token id: finding the contract (what every command does
first), status, finding it again in a later process of that home (which kept the raw
transactions it read) and audit, with the raw transactions each fetched. On testnet and mainnet
every fetch is a WhatsOnChain request (3 a second without a key): the time that takes is
printed too.`, OPTIONS)

/** Milliseconds and raw transactions fetched by `run` in `ctx`. */
async function measured (ctx: DivvyContext, run: () => Promise<unknown>): Promise<{ ms: number, fetched: number }> {
  const provider = ctx.provider
  const original = provider.getTransaction.bind(provider)
  let fetched = 0
  provider.getTransaction = async txid => { fetched++; return await original(txid) }
  const t0 = Date.now()
  try {
    await run()
  } finally {
    provider.getTransaction = original
  }
  return { ms: Date.now() - t0, fetched }
}

async function main (): Promise<void> {
  const args = parseOptions('bench:lineage', process.argv.slice(2), OPTIONS)
  if (args.help === true) { console.log(HELP); return }
  const steps = args.steps ?? 500
  if (steps < 20) throw new UsageError('bench:lineage: --steps must be at least 20')
  loadContractArtifacts()
  const dir = mkdtempSync(join(tmpdir(), 'divvy-bench-lineage-'))
  const ctx = await DivvyContext.open({ settings: resolveNetwork({}), home: join(dir, 'issuer'), embedded: true })
  try {
    await fund(ctx, 'default', 5_000_000_000n, true)
    const token = await issue(ctx, 'LongLine', 'default', true)
    await ctx.sync()
    let length = (await locateDividend(ctx, await tokenOf(ctx, token.tokenId))).lineage.length
    console.log('lineage  reader                      ms  raw txs fetched  at 3 req/s')
    for (const target of [Math.floor(steps / 10), steps]) {
      while (length < target) {
        // A round every 100 transactions (its start and one distribute), deposits between.
        const round = length % 100 === 99 && target - length >= 2
        if (round) await distribute(ctx, token.tokenId, 'default', {})
        else await pay(ctx, token.tokenId, 'default', 100_000n, true)
        length = (await locateDividend(ctx, await tokenOf(ctx, token.tokenId))).lineage.length
      }
      const reader = await DivvyContext.open({ settings: resolveNetwork({ rpc: ctx.settings.rpcUrl }), home: join(dir, `reader-${target}`) })
      try {
        await reader.sync()
        const rows: Array<[string, () => Promise<unknown>]> = [
          ['find the contract (any command)', async () => await locateDividend(reader, await tokenOf(reader, token.tokenId))],
          ['status (same process after)', async () => await status(reader, token.tokenId)]
        ]
        for (const [what, run] of rows) {
          const m = await measured(reader, run)
          console.log(`${String(length).padStart(7)}  ${what.padEnd(32)} ${String(m.ms).padStart(6)}  ${String(m.fetched).padStart(15)}  ${(m.fetched / 3).toFixed(0).padStart(8)} s`)
        }
      } finally {
        await reader.close()
      }
      const later = await DivvyContext.open({ settings: resolveNetwork({ rpc: ctx.settings.rpcUrl }), home: join(dir, `reader-${target}`) })
      try {
        await later.sync()
        const m = await measured(later, async () => await locateDividend(later, await tokenOf(later, token.tokenId)))
        console.log(`${String(length).padStart(7)}  ${'find it again (a later command)'.padEnd(32)} ${String(m.ms).padStart(6)}  ${String(m.fetched).padStart(15)}  ${(m.fetched / 3).toFixed(0).padStart(8)} s`)
      } finally {
        await later.close()
      }
      const auditor = await DivvyContext.open({ settings: resolveNetwork({ rpc: ctx.settings.rpcUrl }), home: join(dir, `auditor-${target}`) })
      try {
        await auditor.sync()
        const m = await measured(auditor, async () => await auditContract(auditor, token.tokenId))
        console.log(`${String(length).padStart(7)}  ${'audit (a fresh home)'.padEnd(32)} ${String(m.ms).padStart(6)}  ${String(m.fetched).padStart(15)}  ${(m.fetched / 3).toFixed(0).padStart(8)} s`)
      } finally {
        await auditor.close()
      }
    }
  } finally {
    await ctx.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch(e => { console.error(e instanceof UsageError ? e.message : `bench:lineage: ${(e as Error).message}`); process.exitCode = e instanceof UsageError ? 2 : 1 })
