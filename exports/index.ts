/**
 * `divvy`: tokenize a payment stream on Bitcoin SV. The contract classes and their call
 * helpers, the snapshot rules and the BSV-21 output helpers at the top level; the provider,
 * the indexer client, the devnet and the commands under their own names (also importable
 * as `divvy/provider`, `divvy/indexer-client`, `divvy/devnet` and `divvy/commands`).
 * @packageDocumentation
 */
export * from './contracts'
export * from './snapshot'
export * from './bsv21'
export { DivvyProvider, resolveNetwork, type NetworkSettings } from './provider'
export { IndexerClient } from './indexerClient'
export { Devnet, EmbeddedDevnet, fundKey } from './devnet'
export { DivvyContext } from './commands'
export * as provider from './provider'
export * as indexerClient from './indexerClient'
export * as devnet from './devnet'
export * as commands from './commands'
