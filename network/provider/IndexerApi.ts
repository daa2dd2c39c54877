import { z } from 'zod'

/**
 * The indexer API's answers, route by route, as zod schemas: the one description of the wire
 * format. The indexer's server types its answers from them (`Wire<...>`, amounts as decimal
 * strings) and IndexerClient parses every answer with them (`Parsed<...>`, amounts as bigint).
 */

const TXID = /^[0-9a-f]{64}$/
const HEX = /^([0-9a-f]{2})*$/
const DECIMAL = /^(0|[1-9][0-9]*)$/
const TOKEN_ID = /^[0-9a-f]{64}_(0|[1-9][0-9]*)$/

const txid = z.string().regex(TXID, 'expected a txid (64 lower-case hex characters)')
const hex = z.string().regex(HEX, 'expected lower-case hex')
const index = z.int().nonnegative()
const height = index
/** An amount of satoshis or token units: a decimal string on the wire, a bigint once parsed. */
const amount = z.string().regex(DECIMAL, 'expected a whole number as a decimal string').transform(BigInt)
const tokenId = z.string().regex(TOKEN_ID, 'expected a token id <txid>_<vout>')

/** The wire form of a schema's value (what the server sends). */
export type Wire<S extends z.ZodType> = z.input<S>
/** A schema's value once parsed (what the client answers). */
export type Parsed<S extends z.ZodType> = z.output<S>

/** Every error: `{ "error": { "code", "message" } }` with an HTTP status of 400, 404 or 500. */
export const ApiErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) })

/** Pagination of the routes that page (`?offset=&limit=`): what the answer echoes. */
export const PageSchema = z.object({ offset: index, limit: z.int().min(1) })

/**
 * The part of `GET /status` of an index fed from public services instead of a node: its
 * verified header chain, the tokens it follows, and what the services disagreed about.
 */
export const FeedStatusSchema = z.object({
  source: z.literal('public'),
  headerHeight: height.nullable(),
  checkpoint: z.object({ height, hash: txid }),
  followed: z.array(z.object({ tokenId, contractOrigin: z.string().optional() })),
  /** Unconfirmed transactions of the followed tokens (the pending view). */
  pending: index.nullable(),
  crossChecks: z.array(z.object({ tokenId, checked: z.boolean(), note: z.string() })),
  disagreements: z.array(z.object({ outpoint: z.string(), woc: z.string(), oneSat: z.string(), outcome: z.enum(['proven', 'unresolved']), detail: z.string() })),
  /** Answers of the services that were not taken (bytes that do not hash, proofs that do not check out, ...). */
  warnings: z.array(z.object({ kind: z.string(), count: index, example: z.string() }))
})

/** `GET /status`: how far the index is, and the node it follows. */
export const StatusSchema = z.object({
  indexedHeight: height.nullable(),
  indexedHash: z.string().nullable(),
  startHeight: height.nullable(),
  nodeHeight: height.nullable(),
  /** Blocks the index is behind the node. */
  lag: z.int().nullable(),
  mempoolSize: index.nullable(),
  /** Why the node's height is unknown, when it is. */
  nodeError: z.string().optional(),
  /** Set when the index is fed from public services (nodeHeight is then its verified header chain's height). */
  feed: FeedStatusSchema.optional()
})

/** `GET /addresses/:addr/utxos` and `GET /scripts/:sha256/utxos`: one unspent output with its locking script. */
export const UtxoSchema = z.object({
  txid,
  vout: index,
  satoshis: amount,
  /** Locking script hex. */
  script: hex,
  /** Confirmation height; null for an output of a mempool transaction. */
  height: height.nullable()
})
/** The answer of an address's or a script's unspent outputs: a JSON array. */
export const UtxoListSchema = z.array(UtxoSchema)

/** `GET /addresses/:addr/tokens`: a token an address holds, its balance, what of it is listed, and its outputs. */
export const OwnedTokenSchema = z.object({
  id: tokenId,
  symbol: z.string().nullable(),
  decimals: index,
  balance: amount,
  listed: amount,
  utxos: z.array(z.object({ txid, vout: index, amount, listing: z.boolean(), height: height.nullable() }))
})
/** The answer of the tokens of an address: a JSON array. */
export const OwnedTokenListSchema = z.array(OwnedTokenSchema)

/** `GET /addresses/:addr/tokens/:id/utxos`: a token output of one owner, with what a wallet needs to spend it. */
export const TokenUtxoSchema = z.object({
  txid,
  vout: index,
  /** Tokens it holds. */
  amount,
  /** Locking script hex. */
  script: hex,
  /** An OrdLock listing of the owner (spent by a purchase or a cancel, not a transfer). */
  listing: z.boolean(),
  /** Confirmation height; null for an output of a mempool transaction (only with `pending`). */
  height: height.nullable()
})
/** The answer of one token's outputs of an address: a JSON array. */
export const TokenUtxoListSchema = z.array(TokenUtxoSchema)

/** `GET /tokens` (a list of them) and `GET /tokens/:id`: a token and its holders in numbers. */
export const TokenSummarySchema = z.object({
  id: tokenId,
  symbol: z.string().nullable(),
  decimals: index,
  supply: amount,
  burned: amount,
  /** Payable holders (distinct pkhs) at the tip. */
  holders: index,
  /** Tokens on outputs without a payable owner at the tip. */
  unowned: amount,
  deploy: z.object({ txid, vout: index, height }),
  icon: z.string().nullable()
})
/** The answer of `GET /tokens`: a JSON array. */
export const TokenSummaryListSchema = z.array(TokenSummarySchema)

/** A payable holder: the balance summed over its 20-byte pkh. */
export const TokenHolderSchema = z.object({ pkh: hex, address: z.string(), amount })

/**
 * `GET /tokens/:id/holders?height=&pending=&offset=&limit=`: one page of the payable
 * holders, largest first; `height` is the confirmed one (the tip the mempool is laid on when pending).
 */
export const TokenHoldersPageSchema = PageSchema.extend({
  tokenId,
  height: height.nullable(),
  pending: z.literal(true).optional(),
  /** Payable holders in all pages. */
  total: index,
  unowned: amount,
  holders: z.array(TokenHolderSchema)
})

/** A leaf of a snapshot, with its payout from the pool (leaves cut for a payout of 0 have none). */
export const SnapshotLeafSchema = z.object({ pkh: hex, address: z.string(), amount, payout: amount.optional() })

/** `GET /tokens/:id/snapshot?height=&pool=`: the leaves of a round and their commitment. */
export const TokenSnapshotSchema = z.object({
  tokenId,
  height,
  supply: amount,
  pool: amount.nullable(),
  /** The hash chain's C_0, hex. */
  commitment: hex,
  /** Tokens of the leaves. */
  tokens: amount,
  leaves: z.array(SnapshotLeafSchema),
  /** The holders left out because their payout would be 0. */
  cut: z.array(SnapshotLeafSchema)
})

/** `GET /tokens/:id/listings`: an open OrdLock listing of the token. */
export const TokenListingSchema = z.object({
  txid,
  vout: index,
  amount,
  /** Satoshis the buyer pays to `payTo`. */
  price: amount,
  /** Who can cancel it, and owns its tokens for snapshots. */
  seller: z.object({ pkh: hex, address: z.string() }),
  /** Where the price goes: its script hex, and its address when it is P2PKH. */
  payTo: z.object({ script: hex, address: z.string().nullable() }),
  height
})
/** The answer of a token's open listings: a JSON array. */
export const TokenListingListSchema = z.array(TokenListingSchema)

/** One transaction that moved the token: tokens in, out and burned. */
export const TokenEventSchema = z.object({
  txid,
  height,
  kind: z.enum(['deploy', 'transfer', 'burn', 'invalid']),
  in: amount,
  out: amount,
  burned: amount
})

/** `GET /tokens/:id/history?offset=&limit=`: one page of the token's transactions in chain order. */
export const TokenHistoryPageSchema = PageSchema.extend({ tokenId, events: z.array(TokenEventSchema) })

/** The current confirmed output of a contract's lineage, with its state (isGenesis byte and props, hex). */
export const ContractUtxoSchema = z.object({
  txid,
  vout: index,
  satoshis: amount,
  height,
  state: hex,
  /** A transaction in the node's mempool spends it already (its continuation is in `pending`). */
  spentInMempool: z.boolean()
})

/** An unconfirmed output of a contract's lineage: a continuation waiting in the mempool. */
export const PendingContractOutputSchema = z.object({ txid, vout: index, satoshis: amount, state: hex })

/**
 * `GET /contracts/:origin[?pending=true]`: the contract whose lineage starts at `origin`
 * (`<txid>_<vout>`) and follows only its continuations (the spend at input i continues at
 * output i, or at output 0 for a distribute). `utxo` is where it stands confirmed (null once
 * it ended); with pending, `pending` lists its continuations waiting in the mempool in order
 * (the last is where it stands now), and a lineage whose origin itself waits there is
 * answered with `utxo` null and `historyCount` 0.
 */
export const ContractViewSchema = z.object({
  origin: tokenId,
  codeHash: hex,
  utxo: ContractUtxoSchema.nullable(),
  historyCount: index,
  pending: z.array(PendingContractOutputSchema).optional()
})

/** One transaction of a lineage, in chain order: its origin (input, spent null), or the spend of its previous output. */
export const ContractHistoryEntrySchema = z.object({
  txid,
  height,
  /** The input that spent the lineage's previous output; null for the origin. */
  input: index.nullable(),
  /** The lineage's output it spent, with its state; null for the origin. */
  spent: z.object({ txid, vout: index, satoshis: amount, state: hex }).nullable(),
  /** The lineage's output it created, with its state; null when the contract ended there. */
  output: z.object({ vout: index, satoshis: amount, state: hex }).nullable(),
  /** Its other outputs (payouts, change, data, copies), the first 200 of them. */
  otherOutputs: z.array(z.object({ vout: index, satoshis: amount, script: hex })),
  otherOutputCount: index
})

/** `GET /contracts/:origin/history?offset=&limit=`: one page of the lineage's confirmed history. */
export const ContractHistoryPageSchema = PageSchema.extend({ origin: tokenId, total: index, events: z.array(ContractHistoryEntrySchema) })

/** `GET /contracts?codeHash=`: the origins of the lineages of one code, oldest first (a copy has the same code: the origin says which is which). */
export const ContractOriginsSchema = z.object({
  codeHash: txid,
  origins: z.array(z.object({ origin: tokenId, height })),
  /** More than 1,000 lineages have this code; only the first are listed. */
  truncated: z.boolean()
})

/** The body of every error answer: `{ "error": { "code", "message" } }`. */
export type ApiError = Parsed<typeof ApiErrorSchema>
/** `GET /status`, as the client parses it. */
export type IndexerStatus = Parsed<typeof StatusSchema>
/** An unspent output (amounts as bigint). */
export type IndexerUtxo = Parsed<typeof UtxoSchema>
/** A token an address holds, with its outputs (amounts as bigint). */
export type OwnedToken = Parsed<typeof OwnedTokenSchema>
/** A token output of one owner with its locking script (amounts as bigint). */
export type TokenUtxo = Parsed<typeof TokenUtxoSchema>
/** A token and its holders in numbers (amounts as bigint). */
export type TokenSummary = Parsed<typeof TokenSummarySchema>
/** A payable holder and its balance (as bigint). */
export type TokenHolder = Parsed<typeof TokenHolderSchema>
/** A leaf of a snapshot and, with a pool, its payout (as bigint). */
export type SnapshotLeaf = Parsed<typeof SnapshotLeafSchema>
/** `GET /tokens/:id/snapshot`: a round's leaves and their commitment (amounts as bigint). */
export type TokenSnapshot = Parsed<typeof TokenSnapshotSchema>
/** An open OrdLock listing (amounts as bigint). */
export type TokenListing = Parsed<typeof TokenListingSchema>
/** One transaction of a token's history (amounts as bigint). */
export type TokenEvent = Parsed<typeof TokenEventSchema>
/** One page of a token's history. */
export type TokenHistoryPage = Parsed<typeof TokenHistoryPageSchema>
/** The confirmed output a contract's lineage stands at, with its state. */
export type ContractUtxo = Parsed<typeof ContractUtxoSchema>
/** `GET /contracts/:origin`, as the client parses it. */
export type ContractView = Parsed<typeof ContractViewSchema>
/** One transaction of a contract's lineage. */
export type ContractHistoryEntry = Parsed<typeof ContractHistoryEntrySchema>
/** One page of a contract's lineage history. */
export type ContractHistoryPage = Parsed<typeof ContractHistoryPageSchema>
/** An unconfirmed continuation of a contract's lineage. */
export type PendingContractOutput = Parsed<typeof PendingContractOutputSchema>
/** `GET /contracts?codeHash=`: the origins of the lineages of one code. */
export type ContractOrigins = Parsed<typeof ContractOriginsSchema>
