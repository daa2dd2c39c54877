/**
 * `divvy/indexer-client`: the typed client of the Divvy indexer's HTTP API (UTXOs by address,
 * BSV-21 balances, holders, snapshots, listings, contract state and history), amounts as
 * bigint, and the zod schemas of every answer it parses them with.
 * @packageDocumentation
 */
export { IndexerClient, type IndexerClientOptions, type PendingOption, type PageOption, type TokenHolders } from '../network/provider/IndexerClient'
export * from '../network/provider/IndexerApi'
export { ServiceError } from '../network/http/ServiceError'
