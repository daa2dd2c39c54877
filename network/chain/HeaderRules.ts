import type { BlockHeader } from '../block/RawBlock'
import type { ChainHeader } from './ChainHeader'
import type { ChainRules } from './ChainRules'
import { decodeBits, encodeBits, hashNumber, workOf } from './Target'

/** A header that breaks the chain's rules; the message says which rule, for the user. */
export class HeaderRuleError extends Error {
  constructor (readonly height: number, readonly hash: string, reason: string) {
    super(`block header ${height} ${hash} ${reason}`)
    this.name = 'HeaderRuleError'
  }
}

/** Headers before the parent that the rules look at: 146 for the DAA, 10 for the median time. */
export const RULES_WINDOW = 147
/** A header may be at most two hours ahead of the local clock (the node's MAX_FUTURE_BLOCK_TIME). */
const MAX_FUTURE_SECONDS = 2 * 60 * 60

/**
 * Checks that `header` may follow `window[window.length - 1]` (the verified tip; earlier
 * entries are its ancestors in order, as many as are known up to RULES_WINDOW): it links to
 * the tip, its hash meets the target of its bits, and its bits are the ones the chain's
 * rules ask for (regtest: unchanged; testnet's 20-minute rule; the DAA once the 147 headers
 * it reads are known); its time is after the median of the last 11. Answers the header
 * with its height and chainwork.
 */
export function verifyNextHeader (rules: ChainRules, window: readonly ChainHeader[], header: BlockHeader, now = Date.now() / 1000): ChainHeader {
  const tip = window[window.length - 1]
  const height = tip.height + 1
  const fail = (reason: string): never => { throw new HeaderRuleError(height, header.hash, reason) }
  if (header.prevHash !== tip.hash) fail(`does not extend block ${tip.height} ${tip.hash} (its parent is ${header.prevHash})`)
  const { target, negative, overflow } = decodeBits(header.bits)
  if (negative || overflow || target === 0n || target > rules.powLimit) fail(`has bits ${hex8(header.bits)}, which is not a valid ${rules.name} target`)
  if (hashNumber(header.hash) > target) fail(`has no proof of work: its hash is above the target of its bits ${hex8(header.bits)}`)
  const expected = expectedBits(rules, window, header)
  if (expected !== undefined && expected !== header.bits) fail(`has bits ${hex8(header.bits)} where the ${rules.name} difficulty rules ask for ${hex8(expected)}`)
  const mtp = medianTimePast(window)
  if (mtp !== undefined && header.time <= mtp) fail(`has time ${header.time}, not after the median time ${mtp} of the 11 blocks before it`)
  if (header.time > now + MAX_FUTURE_SECONDS) fail(`has time ${header.time}, more than two hours ahead of this machine's clock`)
  return { ...header, height, chainwork: (BigInt(tip.chainwork) + workOf(target)).toString() }
}

/**
 * The bits the rules require of a block with time `header.time` after the window's tip;
 * undefined when the window is too short to tell.
 */
export function expectedBits (rules: ChainRules, window: readonly ChainHeader[], header: Pick<BlockHeader, 'time'>): number | undefined {
  const tip = window[window.length - 1]
  if (rules.noRetargeting) return tip.bits
  const powLimitBits = encodeBits(rules.powLimit)
  if (rules.allowMinDifficultyBlocks && header.time > tip.time + 2 * rules.targetSpacing) return powLimitBits
  if (tip.height < rules.daaHeight || window.length < RULES_WINDOW) return undefined
  const last = suitable(window, window.length - 1)
  const first = suitable(window, window.length - 1 - 144)
  let work = (BigInt(last.chainwork) - BigInt(first.chainwork)) * BigInt(rules.targetSpacing)
  let timespan = last.time - first.time
  timespan = Math.min(Math.max(timespan, 72 * rules.targetSpacing), 288 * rules.targetSpacing)
  work /= BigInt(timespan)
  const next = ((1n << 256n) - work) / work
  return next > rules.powLimit ? powLimitBits : encodeBits(next)
}

/** The median-time one of the three headers ending at `at` (the DAA's guard against skewed timestamps). */
function suitable (window: readonly ChainHeader[], at: number): ChainHeader {
  const three = [window[at - 2], window[at - 1], window[at]]
  three.sort((a, b) => a.time - b.time)
  return three[1]
}

function medianTimePast (window: readonly ChainHeader[]): number | undefined {
  if (window.length < 11) return undefined
  const times = window.slice(-11).map(h => h.time).sort((a, b) => a - b)
  return times[5]
}

const hex8 = (bits: number): string => bits.toString(16).padStart(8, '0')
