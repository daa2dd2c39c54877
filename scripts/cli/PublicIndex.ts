import { IndexedPublic } from '../../indexer/IndexedPublic'
import { RequestPacer } from '../../network/http/RequestPacer'
import type { NetworkSettings } from '../../network/networks'
import { OneSatApi, ONESAT_SPENDS_BATCH } from '../../network/ordinals/OneSatApi'
import { WhatsOnChainFeed, WOC_BULK_LIMIT } from '../../network/woc/WhatsOnChainFeed'

export interface PublicIndexOptions {
  settings: NetworkSettings
  indexDir: string
  /** The API's port on 127.0.0.1 (default 0: a free port). */
  port?: number
  log?: (line: string) => void
}

/**
 * The index of a public network (testnet, mainnet) as the commands, `npm run indexer` and the
 * benchmark open it: fed from the network's WhatsOnChain within its rate limit, spends
 * cross-checked with the 1Sat API, headers verified from the network's checkpoint.
 */
export async function openPublicIndex (options: PublicIndexOptions): Promise<{ index: IndexedPublic, pacer: RequestPacer }> {
  const s = options.settings
  if (s.kind !== 'public' || s.wocUrl === undefined || s.checkpoint === undefined) throw new Error(`${s.name}: the public-network index needs WhatsOnChain and a checkpoint`)
  const log = options.log
  const pacer = new RequestPacer({
    perSecond: s.wocRequestsPerSecond ?? 3,
    onBackoff: (route, ms, attempt) => log?.(`public index: WhatsOnChain answered 429 to ${route}; waiting ${Math.ceil(ms / 1000)} s (attempt ${attempt})`)
  })
  const source = new WhatsOnChainFeed({ network: s.name, url: s.wocUrl, apiKey: s.wocApiKey, pacer })
  // The 1Sat API documents no rate limit: its 429s are waited out all the same.
  const oneSatPacer = new RequestPacer({
    perSecond: 1000,
    onBackoff: (route, ms, attempt) => log?.(`public index: the 1Sat API answered 429 to ${route}; waiting ${Math.ceil(ms / 1000)} s (attempt ${attempt})`)
  })
  const witness = s.oneSatUrl !== undefined ? new OneSatApi({ network: s.name, url: s.oneSatUrl, pacer: oneSatPacer }) : undefined
  const index = await IndexedPublic.open({
    indexDir: options.indexDir,
    network: s.addressFormat,
    checkpoint: s.checkpoint,
    source,
    bulkLimit: WOC_BULK_LIMIT,
    witness,
    witnessBatch: ONESAT_SPENDS_BATCH,
    requests: () => pacer.total,
    port: options.port,
    log
  })
  return { index, pacer }
}
