/**
 * `divvy/commands`: the functions behind the `divvy` commands, a stable programmatic API.
 * Each takes a `DivvyContext` (keys, the node, the indexer and a provider on one network) and
 * answers what the command prints; `runCli` runs a command line as the bin does.
 *
 * ```ts
 * const ctx = await DivvyContext.open({ settings: resolveNetwork({}), home: '.divvy/devnet' })
 * try { await fund(ctx, 'issuer', 1_000_000_000n, true) } finally { await ctx.close() }
 * ```
 * @packageDocumentation
 */
export { DivvyContext, type ContextOptions } from '../scripts/cli/DivvyContext'
export { runCli, type CliIo } from '../scripts/cli/runCli'
export { COMMANDS, type CommandEntry } from '../scripts/cli/commands'
export { issue, symbolOf, type IssueOptions, type IssuedToken } from '../scripts/cli/commands/issue'
export { list, checkTranche } from '../scripts/cli/commands/list'
export { listings } from '../scripts/cli/commands/listings'
export { buy } from '../scripts/cli/commands/buy'
export { cancel } from '../scripts/cli/commands/cancel'
export { send } from '../scripts/cli/commands/send'
export { pay } from '../scripts/cli/commands/pay'
export { distribute, type DistributeOptions, type DistributeResult, type PaidLeaf } from '../scripts/cli/commands/distribute'
export { approvePending } from '../scripts/cli/commands/approve'
export { recommitRound } from '../scripts/cli/commands/recommit'
export { setOperators, type SetOperatorsOptions } from '../scripts/cli/commands/setOperators'
export { holders, holderTable } from '../scripts/cli/commands/holders'
export { balance, type Balance } from '../scripts/cli/commands/balance'
export { status, type DividendStatus } from '../scripts/cli/commands/status'
export { auditContract, auditSummary, type AuditReport } from '../scripts/cli/ContractAudit'
export { fund, DEFAULT_FUND } from '../scripts/cli/commands/fund'
