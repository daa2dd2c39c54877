import type { z } from 'zod'
import { ServiceHttp, ServiceAnswer, parseJson, excerpt } from '../http/ServiceHttp'
import {
  ApiErrorSchema, ContractHistoryPageSchema, ContractOriginsSchema, ContractViewSchema, OwnedTokenListSchema, StatusSchema, TokenHistoryPageSchema,
  TokenHoldersPageSchema, TokenListingListSchema, TokenSnapshotSchema, TokenSummaryListSchema, TokenSummarySchema, TokenUtxoListSchema, UtxoListSchema,
  type ContractHistoryPage, type ContractOrigins, type ContractView, type IndexerStatus, type IndexerUtxo, type OwnedToken, type Parsed, type TokenHistoryPage,
  type TokenHolder, type TokenListing, type TokenSnapshot, type TokenSummary, type TokenUtxo
} from './IndexerApi'

export type {
  ContractHistoryEntry, ContractHistoryPage, ContractOrigins, ContractUtxo, ContractView, PendingContractOutput, IndexerStatus, IndexerUtxo, OwnedToken, SnapshotLeaf,
  TokenEvent, TokenHistoryPage, TokenHolder, TokenListing, TokenSnapshot, TokenSummary, TokenUtxo
} from './IndexerApi'

/**
 * `pending: true` lays the node's mempool on top of the confirmed index: outputs unconfirmed
 * transactions spend are left out, their token outputs added (height null). Default: confirmed only.
 */
export interface PendingOption { pending?: boolean }

/**
 * `GET /tokens/:id/holders`, every page: the payable holders, largest first, and the tokens
 * nobody can be paid for; `height` is the confirmed one (the tip the mempool is laid on when
 * pending; null while nothing is indexed).
 */
export interface TokenHolders { height: number | null, unowned: bigint, holders: TokenHolder[] }

/** Which page of a paged route: entries `offset` to `offset + limit - 1` (the indexer's default limit is 100, its maximum 1000). */
export interface PageOption { offset?: number, limit?: number }

/** Where the indexer answers, and what to call it in messages. */
export interface IndexerClientOptions {
  /** Network name for messages ("devnet", "regtest"). */
  network: string
  /** Indexer API base, e.g. http://127.0.0.1:18339 */
  url: string
  timeoutMs?: number
}

/**
 * Typed client of the indexer's API. Every answer is parsed with the API's zod schemas
 * (./IndexerApi.ts), so that amounts are bigint here and a malformed answer is a one-line
 * ServiceError naming the field; the indexer's own `{ "error": { "code", "message" } }` is
 * thrown as a one-line ServiceError with that message.
 */
export class IndexerClient {
  private readonly http: ServiceHttp

  constructor (options: IndexerClientOptions) {
    this.http = new ServiceHttp({ network: options.network, service: 'indexer', baseUrl: options.url, headers: { accept: 'application/json' }, timeoutMs: options.timeoutMs })
  }

  /** How far the index is, and the height of the node it follows. */
  async status (): Promise<IndexerStatus> {
    return await this.read('/status', StatusSchema, 'its status')
  }

  /** The spendable P2PKH outputs of an address (the mempool on top: outputs it spends left out, its outputs with height null). */
  async utxos (address: string): Promise<IndexerUtxo[]> {
    return await this.read(`/addresses/${encodeURIComponent(address)}/utxos`, UtxoListSchema, `the UTXOs of ${address}`)
  }

  /** The unspent outputs of any locking script, by the sha256 of the script (hex). */
  async scriptUtxos (scriptHash: string): Promise<IndexerUtxo[]> {
    return await this.read(`/scripts/${encodeURIComponent(scriptHash)}/utxos`, UtxoListSchema, `the UTXOs of script ${scriptHash}`)
  }

  /** The tokens `address` owns or has listed, with their outputs. */
  async tokens (address: string, options: PendingOption = {}): Promise<OwnedToken[]> {
    return await this.read(`/addresses/${encodeURIComponent(address)}/tokens${query({ pending: options.pending === true ? 'true' : undefined })}`, OwnedTokenListSchema, `the tokens of ${address}`)
  }

  /** The token outputs `address` owns (P2PKH and its OrdLock listings), with their scripts. */
  async tokenUtxos (address: string, tokenId: string, options: PendingOption = {}): Promise<TokenUtxo[]> {
    const path = `/addresses/${encodeURIComponent(address)}/tokens/${encodeURIComponent(tokenId)}/utxos${query({ pending: options.pending === true ? 'true' : undefined })}`
    return await this.read(path, TokenUtxoListSchema, `the ${tokenId} outputs of ${address}`)
  }

  /** Every token the indexer knows. */
  async tokenList (): Promise<TokenSummary[]> {
    return await this.read('/tokens', TokenSummaryListSchema, 'the tokens')
  }

  /** A token: supply, burned, holders and unowned tokens at the tip, and its deploy. */
  async token (tokenId: string): Promise<TokenSummary> {
    return await this.read(`/tokens/${encodeURIComponent(tokenId)}`, TokenSummarySchema, `the token ${tokenId}`)
  }

  /** The token's open OrdLock listings. */
  async listings (tokenId: string): Promise<TokenListing[]> {
    return await this.read(`/tokens/${encodeURIComponent(tokenId)}/listings`, TokenListingListSchema, `the listings of ${tokenId}`)
  }

  /**
   * Every payable holder of the token, largest first, at a confirmed `height` (default: the
   * indexed tip), or with `pending` at the tip with the mempool on top (no height then).
   */
  async holders (tokenId: string, height?: number, options: PendingOption = {}): Promise<TokenHolders> {
    const what = `the ${options.pending === true ? 'pending ' : ''}holders of ${tokenId}`
    const holders: TokenHolder[] = []
    for (let offset = 0; ; offset += MAX_PAGE) {
      const params = { limit: String(MAX_PAGE), offset: String(offset), height: height?.toString(), pending: options.pending === true ? 'true' : undefined }
      const page = await this.read(`/tokens/${encodeURIComponent(tokenId)}/holders${query(params)}`, TokenHoldersPageSchema, what)
      holders.push(...page.holders)
      if (holders.length >= page.total || page.holders.length === 0) return { height: page.height, unowned: page.unowned, holders }
    }
  }

  /** The snapshot of the token's payable holders after block `height`, with each leaf's payout from `pool` satoshis. */
  async snapshot (tokenId: string, height: number, pool: bigint): Promise<TokenSnapshot> {
    const what = `the snapshot of ${tokenId} at height ${height}`
    const snapshot = await this.read(`/tokens/${encodeURIComponent(tokenId)}/snapshot${query({ height: String(height), pool: pool.toString() })}`, TokenSnapshotSchema, what)
    if (snapshot.tokenId !== tokenId) throw this.http.error('malformed', `answered ${what} with the snapshot of ${snapshot.tokenId}`)
    return snapshot
  }

  /** One page of the token's transactions (deploy, transfers, burns) in chain order. */
  async tokenHistory (tokenId: string, page: PageOption = {}): Promise<TokenHistoryPage> {
    return await this.read(`/tokens/${encodeURIComponent(tokenId)}/history${query(pageParams(page))}`, TokenHistoryPageSchema, `the history of ${tokenId}`)
  }

  /**
   * The stateful contract whose lineage starts at `origin` (`<txid>_<vout>`): where it stands
   * confirmed, and with `pending` its continuations waiting in the mempool; undefined when no
   * lineage starts there. Only the lineage's continuations are ever answered, never another
   * output with the same code.
   */
  async contract (origin: string, options: PendingOption = {}): Promise<ContractView | undefined> {
    const what = `the contract ${origin}`
    const answer = await this.http.get(`/contracts/${encodeURIComponent(origin)}${query({ pending: options.pending === true ? 'true' : undefined })}`)
    if (answer.status === 404 && this.apiError(answer)?.error.code === 'UNKNOWN_CONTRACT') return undefined
    const view = this.parse(answer, ContractViewSchema, what)
    if (view.origin !== origin) throw this.http.error('malformed', `answered ${what} with the contract ${view.origin}`)
    return view
  }

  /** One page of the lineage's confirmed history in chain order (entries offset .. offset + limit - 1), its origin first. */
  async contractHistory (origin: string, page: PageOption = {}): Promise<ContractHistoryPage> {
    const what = `the history of contract ${origin}`
    const history = await this.read(`/contracts/${encodeURIComponent(origin)}/history${query(pageParams(page))}`, ContractHistoryPageSchema, what)
    if (history.origin !== origin) throw this.http.error('malformed', `answered ${what} with the history of ${history.origin}`)
    return history
  }

  /** The origins of every lineage whose code part hashes to `codeHash` (sha256, hex), oldest first. */
  async contractOrigins (codeHash: string): Promise<ContractOrigins> {
    const what = `the contracts of code ${codeHash}`
    const answer = await this.read(`/contracts${query({ codeHash })}`, ContractOriginsSchema, what)
    if (answer.codeHash !== codeHash) throw this.http.error('malformed', `answered ${what} with those of ${answer.codeHash}`)
    return answer
  }

  /** A GET that must answer 200 with a body `schema` accepts: the body parsed. */
  private async read<S extends z.ZodType> (path: string, schema: S, what: string): Promise<Parsed<S>> {
    return this.parse(await this.http.get(path), schema, what)
  }

  private parse<S extends z.ZodType> (answer: ServiceAnswer, schema: S, what: string): Parsed<S> {
    if (answer.status !== 200) throw this.failure(answer, what)
    const parsed = schema.safeParse(parseJson(this.http, answer, what))
    if (parsed.success) return parsed.data
    const issue = parsed.error.issues[0]
    const at = issue.path.length > 0 ? ` at ${issue.path.map(p => typeof p === 'number' ? `[${p}]` : `.${String(p)}`).join('').replace(/^\./, '')}` : ''
    throw this.http.error('malformed', `answered ${what} with an unexpected body${at}: ${issue.message}: ${excerpt(answer.text, 100)}`)
  }

  /** The indexer's own error body, when the answer is one. */
  private apiError (answer: ServiceAnswer): z.output<typeof ApiErrorSchema> | undefined {
    try {
      const parsed = ApiErrorSchema.safeParse(JSON.parse(answer.text))
      return parsed.success ? parsed.data : undefined
    } catch { return undefined }
  }

  /** The indexer's own `{ error: { code, message } }`, else the HTTP status and body. */
  private failure (answer: ServiceAnswer, what: string): Error {
    const error = this.apiError(answer)?.error
    const said = error !== undefined ? `${error.message} (${error.code})` : `HTTP ${answer.status} ${excerpt(answer.text)}`
    return this.http.error(answer.status === 400 ? 'rejected' : answer.status === 404 ? 'not-found' : 'failed', `could not return ${what}: ${said}`, answer.status)
  }
}

/** The most entries a paged route answers at once. */
const MAX_PAGE = 1000

function query (params: Record<string, string | undefined>): string {
  const defined = Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined)
  return defined.length > 0 ? `?${new URLSearchParams(defined).toString()}` : ''
}

function pageParams (page: PageOption): Record<string, string | undefined> {
  return { offset: page.offset?.toString(), limit: page.limit?.toString() }
}
