import express, { type NextFunction, type Request, type Response } from 'express'
import { createServer } from 'http'
import type { AddressInfo } from 'net'
import type { z } from 'zod'
import {
  ApiErrorSchema, type FeedStatusSchema, ContractHistoryPageSchema, ContractOriginsSchema, ContractViewSchema, OwnedTokenListSchema, StatusSchema, TokenHistoryPageSchema,
  TokenHoldersPageSchema, TokenListingListSchema, TokenSnapshotSchema, TokenSummaryListSchema, TokenSummarySchema, TokenUtxoListSchema,
  UtxoListSchema, type Wire
} from '../../network/provider/IndexerApi'
import type { RpcClient } from '../../network/rpc/RpcClient'
import { checkOrigin, ContractQueries } from '../contracts/ContractQueries'
import { pendingContinuations, pendingOriginLineage } from '../contracts/PendingLineage'
import type { Indexer } from '../Indexer'
import type { MempoolView, PendingTokens } from '../mempool/MempoolView'
import { QueryError } from '../query/QueryError'
import { TokenQueries } from '../query/TokenQueries'
import { UtxoQueries } from '../query/UtxoQueries'
import { answerClientErrors, errorStatus, guardRequest, MAX_HEADER_BYTES, unmatched } from './HttpGuards'
import { parseAddress, parseHeight, parsePage, parsePending, parsePool } from './RequestParams'

export interface ApiOptions {
  /** 0 (the default) picks a free port. */
  port?: number
  host?: string
  /** The node, for /status's node height. */
  rpc?: RpcClient
  /** Pending view for /addresses/:addr/utxos, and for the token routes that take `?pending=true`. */
  mempool?: MempoolView
  /**
   * An index fed from public services instead of a node: its fields join /status
   * (`headerHeight` is then the chain height the index is measured against).
   */
  status?: () => Promise<Wire<typeof FeedStatusSchema>>
}

export interface RunningApi {
  url: string
  close: () => Promise<void>
}

const SCRIPT_HASH = /^[0-9a-f]{64}$/

/** Answers `body` as JSON, typed by the schema of the route's answer, the one IndexerClient parses it with. */
function reply<S extends z.ZodType> (res: Response, _schema: S, body: Wire<S>, status = 200): void {
  res.status(status).json(body)
}

/** The indexer's HTTP API: JSON answers, errors as { error: { code, message } }. */
export function createApi (indexer: Indexer, options: ApiOptions = {}): express.Express {
  const app = express()
  const tokens = new TokenQueries(indexer.store, indexer.network)
  const utxos = new UtxoQueries(indexer.store)
  const contracts = new ContractQueries(indexer.store)
  const tipHeight = (): number => indexer.tip?.height ?? -1
  const query = (req: Request): Record<string, unknown> => req.query as Record<string, unknown>
  /** The mempool's tokens when the request asks for `?pending=true`, else undefined (confirmed state). */
  const pendingOf = (req: Request): PendingTokens | undefined => {
    if (!parsePending(query(req))) return undefined
    if (options.mempool === undefined) throw new QueryError(400, 'NO_PENDING_VIEW', 'this indexer does not follow a mempool: pending=true is not available')
    return options.mempool
  }

  app.use(guardRequest)

  app.get('/status', async (_req, res) => {
    let nodeHeight: number | null = null
    let nodeError: string | undefined
    if (options.rpc !== undefined) {
      try { nodeHeight = await options.rpc.getBlockCount() } catch (e) { nodeError = (e as Error).message }
    }
    const feed = options.status !== undefined ? await options.status() : undefined
    if (feed !== undefined) nodeHeight = feed.headerHeight
    const indexed = indexer.tip?.height ?? null
    reply(res, StatusSchema, {
      indexedHeight: indexed,
      indexedHash: indexer.tip?.hash ?? null,
      startHeight: await indexer.startHeight() ?? null,
      nodeHeight,
      lag: nodeHeight !== null ? nodeHeight - (indexed ?? ((await indexer.startHeight()) ?? 0) - 1) : null,
      mempoolSize: options.mempool?.size ?? null,
      ...(nodeError !== undefined ? { nodeError } : {}),
      ...(feed !== undefined ? { feed } : {})
    })
  })

  app.get('/addresses/:addr/utxos', async (req, res) => {
    const pkh = parseAddress(req.params.addr)
    const confirmed = await utxos.ofPkh(pkh, tipHeight())
    const pool = options.mempool
    reply(res, UtxoListSchema, pool === undefined ? confirmed : [...confirmed.filter(u => !pool.isSpent(u.txid, u.vout)), ...pool.utxosOf(pkh)])
  })

  app.get('/addresses/:addr/tokens', async (req, res) => {
    const pkh = parseAddress(req.params.addr)
    reply(res, OwnedTokenListSchema, await tokens.ofOwner(pkh, pendingOf(req)))
  })

  app.get('/addresses/:addr/tokens/:id/utxos', async (req, res) => {
    const pkh = parseAddress(req.params.addr)
    reply(res, TokenUtxoListSchema, await tokens.utxosOf(pkh, req.params.id, pendingOf(req)))
  })

  app.get('/scripts/:hash/utxos', async (req, res) => {
    const hash = req.params.hash
    if (!SCRIPT_HASH.test(hash)) throw new QueryError(400, 'BAD_SCRIPT_HASH', 'a script hash is the sha256 of the locking script, 64 lower-case hex characters')
    const pool = options.mempool
    const confirmed = await utxos.ofScriptHash(hash, tipHeight())
    reply(res, UtxoListSchema, pool === undefined ? confirmed : confirmed.filter(u => !pool.isSpent(u.txid, u.vout)))
  })

  app.get('/tokens', async (_req, res) => { reply(res, TokenSummaryListSchema, await tokens.list()) })

  app.get('/tokens/:id', async (req, res) => { reply(res, TokenSummarySchema, await tokens.summary(req.params.id)) })

  app.get('/tokens/:id/holders', async (req, res) => {
    const pending = pendingOf(req)
    await tokens.info(req.params.id, pending)
    const page = parsePage(query(req))
    const height = parseHeight(query(req), indexer.tip?.height, await indexer.startHeight(), false)
    if (pending !== undefined && height !== undefined) throw new QueryError(400, 'PENDING_WITH_HEIGHT', 'pending=true is the tip with the mempool on top; it cannot be combined with a height')
    // With pending=true, height is the confirmed tip the mempool is laid on.
    reply(res, TokenHoldersPageSchema, { tokenId: req.params.id, height: height ?? indexer.tip?.height ?? null, ...(pending !== undefined ? { pending: true as const } : {}), ...page, ...await tokens.holders(req.params.id, height, page, pending) })
  })

  app.get('/tokens/:id/snapshot', async (req, res) => {
    await tokens.info(req.params.id)
    const height = parseHeight(query(req), indexer.tip?.height, await indexer.startHeight(), true) as number
    reply(res, TokenSnapshotSchema, await tokens.snapshot(req.params.id, height, parsePool(query(req))))
  })

  app.get('/tokens/:id/listings', async (req, res) => { reply(res, TokenListingListSchema, await tokens.listings(req.params.id)) })

  app.get('/tokens/:id/history', async (req, res) => {
    await tokens.info(req.params.id)
    const page = parsePage(query(req))
    reply(res, TokenHistoryPageSchema, { tokenId: req.params.id, ...page, ...await tokens.history(req.params.id, page) })
  })

  app.get('/contracts', async (req, res) => {
    const codeHash = query(req).codeHash
    if (typeof codeHash !== 'string') throw new QueryError(400, 'BAD_CODE_HASH', 'list contracts by their code: /contracts?codeHash=<sha256 of the code part>')
    reply(res, ContractOriginsSchema, await contracts.origins(codeHash))
  })

  app.get('/contracts/:origin', async (req, res) => {
    const origin = req.params.origin
    checkOrigin(origin)
    const pending = pendingOf(req) !== undefined ? options.mempool : undefined
    const summary = await contracts.summary(origin)
    if (summary === undefined) {
      const [txid, vout] = origin.split('_')
      const waiting = pending !== undefined ? pendingOriginLineage(pending, txid, Number(vout)) : undefined
      if (waiting === undefined) throw new QueryError(404, 'UNKNOWN_CONTRACT', `no stateful contract output ${origin} started a lineage${pending !== undefined ? ' (confirmed or in the mempool)' : ' (confirmed; pending=true looks in the mempool too)'}`)
      reply(res, ContractViewSchema, { origin, codeHash: waiting.code, utxo: null, historyCount: 0, pending: waiting.chain })
      return
    }
    const u = summary.utxo
    const utxo = u === null ? null : { ...u, spentInMempool: options.mempool?.isSpent(u.txid, u.vout) ?? false }
    const chain = pending !== undefined && u !== null ? pendingContinuations(pending, u.txid, u.vout, summary.codeHash) : undefined
    reply(res, ContractViewSchema, { ...summary, utxo, ...(chain !== undefined ? { pending: chain } : {}) })
  })

  app.get('/contracts/:origin/history', async (req, res) => {
    const page = parsePage(query(req))
    reply(res, ContractHistoryPageSchema, { origin: req.params.origin, ...page, ...await contracts.history(req.params.origin, page) })
  })

  app.use(unmatched(app))

  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof QueryError) {
      reply(res, ApiErrorSchema, { error: { code: err.code, message: err.message } }, err.status)
      return
    }
    const known = errorStatus(err)
    if (known !== undefined) {
      reply(res, ApiErrorSchema, known.body, known.status)
      return
    }
    console.error('indexer api:', err)
    reply(res, ApiErrorSchema, { error: { code: 'INTERNAL', message: 'the indexer failed to answer; see its log' } }, 500)
  })
  return app
}

/** Starts the API on 127.0.0.1 (port 0 = a free port) and returns its URL and a close(). */
export async function startApi (indexer: Indexer, options: ApiOptions = {}): Promise<RunningApi> {
  const app = createApi(indexer, options)
  const host = options.host ?? '127.0.0.1'
  return await new Promise((resolve, reject) => {
    const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, app)
    answerClientErrors(server)
    server.listen(options.port ?? 0, host, () => {
      const { port } = server.address() as AddressInfo
      resolve({
        url: `http://${host}:${port}`,
        close: async () => await new Promise<void>((resolve, reject) => {
          server.close(e => { if (e !== undefined) reject(e); else resolve() })
          server.closeAllConnections()
        })
      })
    })
    server.on('error', reject)
  })
}
