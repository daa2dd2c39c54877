import type { BlockHeader } from '../../network/block/RawBlock'
import type { ChainHeader } from '../../network/chain/ChainHeader'
import type { Checkpoint } from '../../network/chain/Checkpoint'
import { HeaderRuleError, RULES_WINDOW, verifyNextHeader } from '../../network/chain/HeaderRules'
import { decodeBits, workOf } from '../../network/chain/Target'
import type { IndexStore, BatchOp } from '../store/IndexStore'
import { FeedKeys } from './FeedKeys'

/** Where the headers come from (WhatsOnChain's header routes). */
export interface HeaderSource {
  chainTip: () => Promise<{ height: number, hash: string }>
  header: (height: number) => Promise<BlockHeader | undefined>
  /**
   * Many consecutive headers in one request, from height `from` on, the first meant to
   * name `parent` as its parent (WhatsOnChain's header files); undefined when the source
   * has none there.
   */
  headerRun?: (from: number, parent: string) => Promise<BlockHeader[] | undefined>
}

/**
 * Further behind than this, headers are asked for in runs (a source's header files): a
 * first sync from the checkpoint on mainnet crosses hundreds of thousands of blocks, days at
 * three requests a second one by one. Nearer the tip, one by one.
 */
export const HEADER_RUN_GAP = 20

/** What a header sync did: how far the chain goes now, and the height below which nothing changed. */
export interface HeaderSync {
  tip: ChainHeader
  /** Set when a longer branch replaced ours: headers above this height are new. */
  forkHeight?: number
  added: number
}

/**
 * The header chain the index trusts: it starts at the network's compiled-in checkpoint (the
 * header there must hash to it) and every header after it is checked against the chain's
 * proof-of-work rules (network/chain/HeaderRules) before it is stored. A branch that replaces
 * stored headers must carry more work than what it replaces. Kept in the index's LevelDB.
 */
export class VerifiedHeaders {
  /** The last RULES_WINDOW headers up to the tip. */
  private window: ChainHeader[] = []

  private constructor (private readonly store: IndexStore, private readonly checkpoint: Checkpoint) {}

  static async open (store: IndexStore, checkpoint: Checkpoint): Promise<VerifiedHeaders> {
    const chain = new VerifiedHeaders(store, checkpoint)
    const last: ChainHeader[] = []
    for await (const [, h] of store.scan<ChainHeader>(FeedKeys.headerPrefix, { reverse: true, limit: RULES_WINDOW })) last.unshift(h)
    if (last.length > 0 && last[0].height < checkpoint.height) throw new Error(`the index at hand holds headers from height ${last[0].height}, below this network's checkpoint ${checkpoint.height}: it belongs to another chain`)
    chain.window = last
    return chain
  }

  get tip (): ChainHeader | undefined {
    return this.window[this.window.length - 1]
  }

  async at (height: number): Promise<ChainHeader | undefined> {
    const tip = this.tip
    if (tip !== undefined && height <= tip.height && height > tip.height - this.window.length) return this.window[this.window.length - 1 - (tip.height - height)]
    return await this.store.get<ChainHeader>(FeedKeys.header(height))
  }

  /** The height of a header of the verified chain, by its hash. */
  async heightOf (hash: string): Promise<number | undefined> {
    const height = await this.store.get<number>(FeedKeys.headerHash(hash))
    if (height === undefined) return undefined
    return (await this.at(height))?.hash === hash ? height : undefined
  }

  /**
   * Extends the chain to the source's tip, header by header, each verified; follows a
   * re-org when the source's chain forks below our tip with more work. `progress` is told
   * the height reached now and then.
   */
  async sync (source: HeaderSource, progress?: (height: number, target: number) => void): Promise<HeaderSync> {
    if (this.tip === undefined) await this.seed(source)
    const remote = await source.chainTip()
    const runs = await this.extendByRuns(source, remote.height, progress)
    const tip = this.tip as ChainHeader
    // A shorter chain never replaces ours; one of equal height would need more work than it can have.
    if (remote.height <= tip.height) return { tip, added: runs }
    let window = this.window.slice()
    let forkHeight: number | undefined
    const batch: ChainHeader[] = []
    const verify = (header: BlockHeader): void => {
      const verified = verifyNextHeader(this.checkpoint.rules, window, header)
      batch.push(verified)
      window.push(verified)
      if (window.length > RULES_WINDOW) window.shift()
    }
    let added = 0
    for (let height = tip.height + 1; height <= remote.height; height++) {
      const header = await this.fetch(source, height)
      if (height === tip.height + 1 && header.prevHash !== tip.hash) {
        // The source's chain does not extend ours: find where they part, and check its branch from there.
        const fork = await this.findFork(source, header, height)
        forkHeight = fork.height
        window = await this.windowTo(fork.height)
        for (const h of fork.branch) verify(h)
      }
      verify(header)
      // Headers of a plain extension are stored as they come (a kill loses little); a branch only once it has won.
      if (forkHeight === undefined && batch.length >= 50) { await this.write(batch, undefined); added += batch.length; batch.length = 0; progress?.(height, remote.height) }
    }
    if (forkHeight !== undefined && BigInt(batch[batch.length - 1].chainwork) <= BigInt(tip.chainwork)) {
      throw new Error(`the header source's branch from block ${forkHeight + 1} does not carry more work than the verified chain: not following it`)
    }
    await this.write(batch, forkHeight)
    added += batch.length
    return { tip: this.tip as ChainHeader, added: runs + added, ...(forkHeight !== undefined ? { forkHeight } : {}) }
  }

  /**
   * While the tip is more than HEADER_RUN_GAP behind `target`, extends it by the source's runs
   * of headers, each header verified as one asked for alone and stored run by run. Stops at the
   * first run that does not extend the tip (a fork, or no run there): the header-by-header path
   * takes over from there. Answers how many headers it added.
   */
  private async extendByRuns (source: HeaderSource, target: number, progress?: (height: number, target: number) => void): Promise<number> {
    let added = 0
    while (source.headerRun !== undefined) {
      const tip = this.tip as ChainHeader
      if (target - tip.height <= HEADER_RUN_GAP) break
      const run = await source.headerRun(tip.height + 1, tip.hash)
      if (run === undefined || run.length === 0 || run[0].prevHash !== tip.hash) break
      const window = this.window.slice()
      const batch: ChainHeader[] = []
      for (const header of run.slice(0, target - tip.height)) {
        const verified = verifyNextHeader(this.checkpoint.rules, window, header)
        batch.push(verified)
        window.push(verified)
        if (window.length > RULES_WINDOW) window.shift()
      }
      await this.write(batch, undefined)
      added += batch.length
      progress?.(batch[batch.length - 1].height, target)
    }
    return added
  }

  /** The checkpoint's own header, which must hash to the compiled-in hash. */
  private async seed (source: HeaderSource): Promise<void> {
    const { height, hash } = this.checkpoint
    const header = await source.header(height)
    if (header === undefined) throw new Error(`the header source has no block at the checkpoint height ${height}`)
    if (header.hash !== hash) throw new Error(`the header source's block ${height} is ${header.hash}, not the checkpoint ${hash}: it follows another chain`)
    const first: ChainHeader = { ...header, height, chainwork: workOf(decodeBits(header.bits).target).toString() }
    await this.store.batch([{ type: 'put', key: FeedKeys.header(height), value: first }, { type: 'put', key: FeedKeys.headerHash(hash), value: height }])
    this.window = [first]
  }

  private async fetch (source: HeaderSource, height: number): Promise<BlockHeader> {
    const header = await source.header(height)
    if (header === undefined) throw new Error(`the header source lists its tip above ${height - 1} but has no block at height ${height}`)
    return header
  }

  /**
   * Walks back from `height` until the source's headers meet ours; answers the fork height
   * and the source's headers between the fork and `height`, in chain order.
   */
  private async findFork (source: HeaderSource, first: BlockHeader, height: number): Promise<{ height: number, branch: BlockHeader[] }> {
    const branch: BlockHeader[] = []
    let wanted = first.prevHash
    for (let h = height - 1; h >= this.checkpoint.height; h--) {
      const ours = await this.at(h)
      if (ours?.hash === wanted) return { height: h, branch: branch.reverse() }
      if (h === this.checkpoint.height) break
      const theirs = await this.fetch(source, h)
      if (theirs.hash !== wanted) throw new Error(`the header source's block ${h} is ${theirs.hash}, but its block ${h + 1} names ${wanted} as its parent`)
      branch.push(theirs)
      wanted = theirs.prevHash
    }
    throw new Error(`the header source's chain does not meet the verified chain above the checkpoint ${this.checkpoint.height}`)
  }

  private async windowTo (height: number): Promise<ChainHeader[]> {
    const out: ChainHeader[] = []
    for (let h = Math.max(this.checkpoint.height, height - RULES_WINDOW + 1); h <= height; h++) {
      const header = await this.at(h)
      if (header !== undefined) out.push(header)
    }
    return out
  }

  /** Stores verified headers (replacing those above a fork) and moves the window. */
  private async write (headers: ChainHeader[], forkHeight: number | undefined): Promise<void> {
    if (headers.length === 0) return
    const ops: BatchOp[] = []
    const tip = this.tip
    if (forkHeight !== undefined && tip !== undefined && headers[0].height === forkHeight + 1) {
      for (let h = forkHeight + 1; h <= tip.height; h++) {
        const old = await this.at(h)
        ops.push({ type: 'del', key: FeedKeys.header(h) })
        if (old !== undefined) ops.push({ type: 'del', key: FeedKeys.headerHash(old.hash) })
      }
    }
    for (const h of headers) {
      ops.push({ type: 'put', key: FeedKeys.header(h.height), value: h })
      ops.push({ type: 'put', key: FeedKeys.headerHash(h.hash), value: h.height })
    }
    await this.store.batch(ops)
    const last = headers[headers.length - 1]
    // Read the new window from the store, not from the window it replaces.
    this.window = []
    this.window = await this.windowTo(last.height)
  }
}

export { HeaderRuleError }
