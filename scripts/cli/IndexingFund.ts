import { fundAddress, fundPath, ONESAT_FEE_PER_OUTPUT, ONESAT_FUND_THRESHOLD } from '../../network/ordinals/FundAddress'
import { OneSatApi } from '../../network/ordinals/OneSatApi'
import { oneLineError } from './oneLineError'
import type { DivvyContext } from './DivvyContext'

const bsv = (sats: bigint | number): string => `${(Number(sats) / 1e8).toFixed(8).replace(/0+$/, '').replace(/\.$/, '')} BSV`

/**
 * What a seller must know about 1sat.market: it shows a BSV-21 token's listings only once the
 * token's indexing fund is paid, and where that fund is. The address is derived as the 1Sat
 * indexer derives it (network/ordinals/FundAddress.ts); when the 1Sat API answers, the
 * address it reports and the fund's state are told too, and a difference said plainly.
 */
export async function indexingFundNotice (ctx: DivvyContext, tokenId: string): Promise<string[]> {
  const network = ctx.settings.addressFormat
  const derived = fundAddress(tokenId, network)
  const lines = [
    `1sat.market shows the listings of a BSV-21 token only once the token's indexing fund is paid (at least ${bsv(ONESAT_FUND_THRESHOLD)}; the indexer takes ${ONESAT_FEE_PER_OUTPUT} satoshis per output it indexes):`,
    `  pay it to ${derived} (${fundPath(tokenId)} of the 1Sat indexer's key)`
  ]
  const url = ctx.settings.oneSatUrl
  if (ctx.settings.kind !== 'public' || url === undefined) return lines
  try {
    const info = await new OneSatApi({ network: ctx.settings.name, url, timeoutMs: 10_000 }).token(tokenId)
    if (info === undefined) lines.push('  the 1Sat API does not know the token yet (it may not have seen its issue)')
    else {
      if (info.fundAddress !== undefined && info.fundAddress !== derived) lines.push(`  the 1Sat API names ${info.fundAddress} as the fund address instead: pay the one it names`)
      lines.push(info.included
        ? `  the fund is paid (${bsv(info.fundTotal)} received, ${bsv(info.fundBalance)} left): 1sat.market lists the token`
        : `  the fund holds ${bsv(info.fundTotal)} so far: 1sat.market does not list the token yet`)
    }
  } catch (e) {
    lines.push(`  (the 1Sat API could not say how far the fund is: ${oneLineError(e)})`)
  }
  return lines
}
