import type { Checkpoint } from '../../network/chain/Checkpoint'
import type { FeedStatusSchema, Wire } from '../../network/provider/IndexerApi'
import { readTransaction } from '../chain/BlockReader'
import type { ParsedTx } from '../chain/ParsedBlock'
import { rootCandidates } from './Candidates'
import type { Indexer } from '../Indexer'
import type { MempoolView } from '../mempool/MempoolView'
import { CrossCheck, type CrossCheckState, type SpendWitness } from './CrossCheck'
import { Discovery } from './Discovery'
import type { Disagreement, FollowedToken } from './FeedKeys'
import { FeedProgress, FeedWarnings } from './FeedLog'
import type { FeedSource } from './FeedSource'
import { FeedState } from './FeedState'
import { missingParent, partialBlock } from './PartialBlocks'
import { VerifiedHeaders } from './VerifiedHeaders'

export interface PublicFeederOptions {
  indexer: Indexer
  /** The chain service (WhatsOnChainFeed). */
  source: FeedSource
  /** Where the verified header chain starts (network/chain/Checkpoint). */
  checkpoint: Checkpoint
  /** Items per bulk request of the source (WhatsOnChain: 20). */
  bulkLimit?: number
  /** Requests in flight at once (the source's pacer keeps them within its rate). */
  parallel?: number
  /** Unconfirmed transactions of the followed tokens land here (pending views of the API). */
  mempool?: MempoolView
  /** A second service to cross-check spends with (the 1Sat API), and its batch size. */
  witness?: SpendWitness
  witnessBatch?: number
  /** Requests made so far, for progress lines. */
  requests?: () => number
  pollMs?: number
  log?: (line: string) => void
}

/** What one sync did. */
export interface FeedReport {
  headerHeight: number
  indexedHeight: number | null
  blocksApplied: number
  rolledBack: number
  pending: number
}

/**
 * Feeds the index from public services instead of a node: verifies
 * the header chain from the checkpoint, discovers the followed tokens' and contracts'
 * transactions by following spends (Discovery), positions them with merkle proofs, and
 * applies them through the same block pipeline as a node's blocks, as partial blocks in
 * chain order with their undo data; re-orgs of the header chain and proofs that arrive late
 * roll the index back and forward again. Unconfirmed ones form the pending view. All it
 * learns is stored in the index's LevelDB, so a killed run resumes where it was.
 */
export class PublicFeeder {
  readonly warnings: FeedWarnings
  private readonly state: FeedState
  private readonly crossCheck: CrossCheck | undefined
  private queue: Promise<unknown> = Promise.resolve()
  private running: Promise<void> | undefined
  private stopping = false
  private wake: (() => void) | undefined
  private lastReport: FeedReport | undefined

  private constructor (private readonly o: PublicFeederOptions, readonly headers: VerifiedHeaders) {
    this.warnings = new FeedWarnings(o.log)
    this.state = new FeedState(o.indexer.store)
    this.crossCheck = o.witness !== undefined ? new CrossCheck(o.witness, o.witnessBatch ?? 100, o.log) : undefined
  }

  static async open (options: PublicFeederOptions): Promise<PublicFeeder> {
    return new PublicFeeder(options, await VerifiedHeaders.open(options.indexer.store, options.checkpoint))
  }

  /** Follows a token (and its contract) from now on; stored, so later runs follow it too. */
  async follow (root: FollowedToken): Promise<void> {
    const known = (await this.state.roots()).find(r => r.tokenId === root.tokenId)
    // A contract origin, once known, stays: it is where the lineage starts.
    if (known !== undefined && (root.contractOrigin === undefined || known.contractOrigin !== undefined)) return
    this.state.addRoot({ ...known, ...root })
    await this.state.flush()
  }

  async roots (): Promise<FollowedToken[]> {
    return await this.state.roots()
  }

  /**
   * A transaction this process broadcast (and the network accepted): taken into the pending
   * view at once, with the followed outputs it spends and creates, without asking any
   * service; its position comes with the next sync's merkle proofs like any other's.
   */
  async learn (rawHex: string): Promise<void> {
    const run = this.queue.then(async () => {
      const tx = readTransaction(Buffer.from(rawHex, 'hex'))
      if (await this.state.hasTx(tx.txid)) return
      const roots = await this.state.roots()
      this.state.recordTx(tx, rawHex)
      for (const root of roots) for (const [vout, c] of rootCandidates(tx, root)) this.state.addCandidate(tx.txid, vout, c)
      const discovery = new Discovery({ source: this.o.source, state: this.state, headers: this.headers, bulkLimit: this.o.bulkLimit ?? 20, parallel: 1, warnings: this.warnings, progress: new FeedProgress(undefined, () => 0) })
      await discovery.follow(tx)
      await this.state.flush()
      await this.refreshPending()
    })
    this.queue = run.catch(() => {})
    await run
  }

  /** Brings the index up to the services' tip once. */
  async sync (): Promise<FeedReport> {
    const run = this.queue.then(async () => await this.syncOnce())
    this.queue = run.catch(() => {})
    return await run
  }

  private async syncOnce (): Promise<FeedReport> {
    const { indexer, source } = this.o
    const progress = new FeedProgress(this.o.log, this.o.requests ?? (() => 0))
    const headerSync = await this.headers.sync(source, (h, target) => progress.tell(() => `headers ${h}/${target}`))
    let rolledBack = 0
    if (headerSync.forkHeight !== undefined) rolledBack += await this.reorg(headerSync.forkHeight)
    // Every block up to here existed before the spends were asked for: discovery covers them.
    const through = headerSync.tip.height
    const roots = await this.state.roots()
    const discovery = new Discovery({ source, state: this.state, headers: this.headers, bulkLimit: this.o.bulkLimit ?? 20, parallel: this.o.parallel ?? 8, warnings: this.warnings, progress })
    if (roots.length > 0) {
      await discovery.run(roots)
      if (discovery.unknownBlocks.size > 0) {
        const again = await this.headers.sync(source)
        if (again.forkHeight !== undefined) rolledBack += await this.reorg(again.forkHeight)
        await discovery.retryPositions()
        for (const txid of discovery.unknownBlocks) this.warnings.add('proof-block', `WhatsOnChain's merkle proof of ${txid} names a block that is not on the verified header chain: left unconfirmed`)
      }
      if (this.crossCheck !== undefined && await this.crossCheck.run(roots, this.state, source, discovery, this.o.bulkLimit ?? 20)) {
        await discovery.fixpoint(roots)
        await discovery.positionPending()
      }
    }
    const applied = await this.apply(Math.min(through, await this.cap(discovery)), discovery.positioned)
    rolledBack += applied.rolledBack
    const pending = await this.refreshPending()
    progress.tell(() => `at height ${indexer.tip?.height ?? '-'} of ${through}, ${pending} pending`, applied.blocks > 0)
    this.lastReport = { headerHeight: through, indexedHeight: indexer.tip?.height ?? null, blocksApplied: applied.blocks, rolledBack, pending }
    return this.lastReport
  }

  /**
   * The highest block the index may hold now: below the block of any followed output whose
   * spender is named but not verified (its bytes never came, or did not hash to its id; its
   * proof did not check out), since that spender sits in that block or a later one.
   */
  private async cap (discovery: Discovery): Promise<number> {
    let cap = Infinity
    const below = async (o: { txid: string }): Promise<void> => {
      const at = await this.state.position(o.txid)
      if (at !== undefined) cap = Math.min(cap, at.height - 1)
    }
    for (const w of await this.state.wanted()) for (const o of w.claimed) await below(o)
    for (const txid of [...discovery.unproven.keys(), ...discovery.unknownBlocks]) {
      const tx = await this.state.tx(txid)
      if (tx === undefined) continue
      const cands = await this.state.candidates(tx.inputs)
      for (let i = 0; i < tx.inputs.length; i++) if (cands[i] !== undefined) await below(tx.inputs[i])
    }
    return cap
  }

  /** The header chain left block `forkHeight + 1` and above: unwinds the index and re-asks what they held. */
  private async reorg (forkHeight: number): Promise<number> {
    this.o.log?.(`public index: re-org: the chain changed above block ${forkHeight}`)
    for (const { txid, at } of await this.state.positionedAbove(forkHeight)) {
      this.state.unposition(txid, at)
      // What it spent may be spent by another transaction on the new branch.
      const tx = await this.state.tx(txid)
      if (tx === undefined) continue
      const cands = await this.state.candidates(tx.inputs)
      tx.inputs.forEach((input, i) => { if (cands[i] !== undefined) this.state.reopen(input) })
    }
    await this.state.flush()
    return await this.rollbackTo(forkHeight)
  }

  private async rollbackTo (height: number): Promise<number> {
    let n = 0
    for (let tip = this.o.indexer.tip; tip !== undefined && tip.height > height; tip = this.o.indexer.tip) {
      await this.o.indexer.rollback()
      n++
    }
    return n
  }

  /**
   * Applies every verified block up to `through`, from the lowest height that changed: a
   * transaction positioned at or below the applied tip (a proof that came late, a token
   * followed later) rolls the index back to its block first.
   */
  private async apply (through: number, positioned: Map<string, number>): Promise<{ blocks: number, rolledBack: number }> {
    const { indexer } = this.o
    let rolledBack = 0
    const lowest = await this.state.lowestPositioned()
    if (lowest === undefined) return { blocks: 0, rolledBack }
    // What the index holds above the cap is no longer known to be all there is.
    if (indexer.tip !== undefined && indexer.tip.height > through) rolledBack += await this.rollbackTo(through)
    const start = await indexer.startHeight()
    let late = Math.min(...[...positioned.values()].filter(h => indexer.tip !== undefined && h <= indexer.tip.height))
    if (start !== undefined && lowest < start) late = -1
    if (Number.isFinite(late)) rolledBack = await this.rollbackTo(late - 1)
    let blocks = 0
    const from = indexer.tip !== undefined ? indexer.tip.height + 1 : lowest
    const progress = new FeedProgress(this.o.log, this.o.requests ?? (() => 0))
    for (let height = from; height <= through; height++) {
      const block = await partialBlock(height, this.headers, this.state)
      const missing = await missingParent(block, height, this.state)
      if (missing !== undefined) {
        this.warnings.add(`wait-${missing.parent}`, `block ${height} holds ${missing.txid}, which spends an output of ${missing.parent}, whose position is not verified: the index waits at block ${height - 1}`)
        break
      }
      await indexer.applyBlock(block, height)
      blocks++
      progress.tell(() => `applied block ${height}/${through}`)
    }
    return { blocks, rolledBack }
  }

  /** The unconfirmed transactions (and any positioned above the applied tip) become the pending view. */
  private async refreshPending (): Promise<number> {
    const txs = new Map<string, ParsedTx>()
    for (const txid of await this.state.pending()) {
      const tx = await this.state.tx(txid)
      if (tx !== undefined) txs.set(txid, tx)
    }
    for (const { txid } of await this.state.positionedAbove(this.o.indexer.tip?.height ?? -1)) {
      const tx = await this.state.tx(txid)
      if (tx !== undefined) txs.set(txid, tx)
    }
    await this.o.mempool?.replace(txs)
    return txs.size
  }

  async disagreements (): Promise<Disagreement[]> {
    return await this.state.disagreements()
  }

  /** For the API's /status. */
  async status (): Promise<Wire<typeof FeedStatusSchema>> {
    const crossChecks: CrossCheckState[] = [...(this.crossCheck?.states.values() ?? [])]
    return {
      source: 'public' as const,
      headerHeight: this.headers.tip?.height ?? null,
      checkpoint: { height: this.o.checkpoint.height, hash: this.o.checkpoint.hash },
      followed: await this.state.roots(),
      pending: this.lastReport?.pending ?? null,
      crossChecks,
      disagreements: await this.state.disagreements(),
      warnings: this.warnings.list
    }
  }

  /** Syncs in a loop until stop(); errors are logged and retried. */
  start (): void {
    if (this.running !== undefined) return
    this.stopping = false
    this.running = (async () => {
      while (!this.stopping) {
        try { await this.sync() } catch (e) { this.o.log?.(`public index: ${(e as Error).message}; retrying`) }
        if (this.stopping) break
        await new Promise<void>(resolve => {
          const timer = setTimeout(resolve, this.o.pollMs ?? 30_000)
          this.wake = () => { clearTimeout(timer); resolve() }
        })
      }
    })()
  }

  async stop (): Promise<void> {
    this.stopping = true
    this.wake?.()
    await this.running
    this.running = undefined
    await this.queue
  }
}
