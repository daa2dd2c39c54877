import { merkleRootOf, type TscProof } from '../../network/chain/MerkleProof'
import type { SpendAnswer } from '../../network/woc/WhatsOnChainFeed'
import { readTransaction } from '../chain/BlockReader'
import type { ParsedTx } from '../chain/ParsedBlock'
import { candidatesOf, rootCandidates } from './Candidates'
import type { Candidate, FollowedToken, TxPosition } from './FeedKeys'
import type { FeedProgress, FeedWarnings } from './FeedLog'
import { chunks, inParallel, type FeedSource } from './FeedSource'
import type { FeedState, Outpoint } from './FeedState'
import type { VerifiedHeaders } from './VerifiedHeaders'

export interface DiscoveryOptions {
  source: FeedSource
  state: FeedState
  headers: VerifiedHeaders
  /** Items per bulk request (WhatsOnChain: 20). */
  bulkLimit: number
  /** Requests in flight at once. */
  parallel: number
  warnings: FeedWarnings
  progress: FeedProgress
}

const key = (o: Outpoint): string => `${o.txid}:${o.vout}`

/**
 * Finds the transactions of the followed tokens and contracts by following spends, from
 * their roots: asks where every followed output was spent (in bulk), fetches the spenders'
 * raw bytes (in bulk) and keeps only those that hash to their txid and really spend the
 * output, follows their candidate outputs (Candidates.ts) in turn, until no followed output
 * has an unknown spend; then positions each transaction in its block with its merkle proof,
 * checked against the verified headers. Every step is stored as it is made.
 */
export class Discovery {
  /** Transactions positioned by this run: txid → height. */
  readonly positioned = new Map<string, number>()
  /** Transactions whose proof names a block the verified chain does not have (yet). */
  readonly unknownBlocks = new Set<string>()
  private readonly unconfirmed = new Set<string>()
  private readonly asked = new Set<string>()
  /** Transactions whose merkle proof did not check out: txid → why. */
  readonly unproven = new Map<string, string>()
  private found = 0

  constructor (private readonly o: DiscoveryOptions) {}

  /** Everything findable now; positions what it can. */
  async run (roots: FollowedToken[]): Promise<void> {
    for (const root of roots) for (const txid of rootTxids(root)) if (!await this.o.state.hasTx(txid)) await this.o.state.want(txid)
    await this.o.state.flush()
    await this.fetchWanted(roots)
    for (const root of roots) await this.ensureRoot(root)
    await this.recheckPending()
    await this.fixpoint(roots)
    await this.positionPending()
  }

  /** Asks again for the positions of transactions whose proof named an unknown block (after the headers caught up). */
  async retryPositions (): Promise<void> {
    const txids = [...this.unknownBlocks]
    this.unknownBlocks.clear()
    await this.positionAll(txids)
  }

  /** Until every followed output's spend is known or it is unspent. */
  async fixpoint (roots: FollowedToken[]): Promise<void> {
    for (;;) {
      await this.fetchWanted(roots)
      const frontier = (await this.o.state.frontier()).filter(o => !this.asked.has(key(o)))
      if (frontier.length === 0) return
      await inParallel(chunks(frontier, this.o.bulkLimit), this.o.parallel, async chunk => {
        const answers = await this.o.source.spends(chunk)
        for (const a of answers) await this.learnSpend(a)
        await this.o.state.flush()
        this.o.progress.tell(() => `following spends: ${this.asked.size} outputs asked, ${this.found} transactions found`)
      })
    }
  }

  private async learnSpend (a: SpendAnswer): Promise<void> {
    this.asked.add(key(a.outpoint))
    if (a.state === 'unknown') {
      this.o.warnings.add('unknown-output', `WhatsOnChain does not know output ${a.outpoint.txid}:${a.outpoint.vout} (${a.reason}); it stays unspent in the index`)
      return
    }
    if (a.state === 'unspent') return
    if (!a.confirmed) this.unconfirmed.add(a.txid)
    this.o.state.recordSpend(a.outpoint, { txid: a.txid, vin: a.vin })
    const tx = await this.o.state.tx(a.txid)
    if (tx === undefined) { await this.o.state.want(a.txid, a.outpoint); return }
    if (!spends(tx, a.outpoint)) this.claimRefuted(a.outpoint, a.txid)
    else await this.follow(tx)
  }

  private claimRefuted (o: Outpoint, txid: string): void {
    this.o.warnings.add('false-spend', `WhatsOnChain named ${txid} as the spender of ${o.txid}:${o.vout}, but that transaction does not spend it`)
    this.o.state.reopen(o)
  }

  /** Fetches every wanted transaction, keeping those whose bytes hash to their txid. */
  private async fetchWanted (roots: FollowedToken[]): Promise<void> {
    const wanted = await this.o.state.wanted()
    const claims = new Map(wanted.map(w => [w.txid, w.claimed]))
    await inParallel(chunks(wanted.map(w => w.txid), this.o.bulkLimit), this.o.parallel, async chunk => {
      const answers = await this.o.source.rawTransactions(chunk)
      for (const txid of chunk) {
        const hex = answers.get(txid)
        if (hex === undefined) {
          this.o.warnings.add('missing-tx', `WhatsOnChain has no bytes for transaction ${txid}, which it named; asking again next time`)
          continue
        }
        const tx = this.checkedTx(txid, hex)
        if (tx === undefined) continue
        this.o.state.recordTx(tx, hex)
        this.found++
        for (const o of claims.get(txid) ?? []) if (!spends(tx, o)) this.claimRefuted(o, txid)
        for (const root of roots) for (const [vout, c] of rootCandidates(tx, root)) this.o.state.addCandidate(txid, vout, c)
        await this.follow(tx)
      }
      await this.o.state.flush()
    })
  }

  /** The transaction `hex` encodes, when it hashes to `txid`; else a warning. */
  checkedTx (txid: string, hex: string): ParsedTx | undefined {
    let tx: ParsedTx
    try { tx = readTransaction(Buffer.from(hex, 'hex')) } catch (e) {
      this.o.warnings.add('bad-tx', `WhatsOnChain answered bytes for ${txid} that are not a transaction (${(e as Error).message})`)
      return undefined
    }
    if (tx.txid !== txid) {
      this.o.warnings.add('tx-hash', `WhatsOnChain answered bytes for transaction ${txid} that hash to ${tx.txid}: not taken`)
      return undefined
    }
    return tx
  }

  /** Records what `tx` spends of the followed outputs and follows its own candidate outputs. */
  async follow (tx: ParsedTx): Promise<void> {
    const spentCandidates = await this.o.state.candidates(tx.inputs)
    const spent = new Map<number, Candidate>()
    for (let i = 0; i < tx.inputs.length; i++) {
      const c = spentCandidates[i]
      if (c === undefined) continue
      spent.set(i, c)
      const known = await this.o.state.spendOf(tx.inputs[i])
      if (known === undefined) this.o.state.recordSpend(tx.inputs[i], { txid: tx.txid, vin: i })
    }
    if (spent.size === 0) return
    const existing = await this.o.state.candidates(tx.outputs.map((_, vout) => ({ txid: tx.txid, vout })))
    for (const [vout, c] of candidatesOf(tx, spent)) {
      if (existing[vout] === undefined) this.o.state.addCandidate(tx.txid, vout, c)
    }
  }

  private async ensureRoot (root: FollowedToken): Promise<void> {
    for (const txid of rootTxids(root)) {
      const tx = await this.o.state.tx(txid)
      if (tx === undefined) continue
      const existing = await this.o.state.candidates(tx.outputs.map((_, vout) => ({ txid, vout })))
      for (const [vout, c] of rootCandidates(tx, root)) if (existing[vout] === undefined) this.o.state.addCandidate(txid, vout, c)
    }
    await this.o.state.flush()
  }

  /**
   * Asks again who spent what the still-unconfirmed transactions spend: one that lost to a
   * double spend, or left the mempool, is dropped with its descendants, and the winner followed.
   */
  private async recheckPending (): Promise<void> {
    const pending = await this.o.state.pending()
    const spentBy = new Map<string, { o: Outpoint, txid: string }>()
    for (const txid of pending) {
      const tx = await this.o.state.tx(txid)
      if (tx === undefined) continue
      const cands = await this.o.state.candidates(tx.inputs)
      tx.inputs.forEach((input, i) => { if (cands[i] !== undefined) spentBy.set(key(input), { o: input, txid }) })
    }
    const outpoints = [...spentBy.values()].map(v => v.o)
    await inParallel(chunks(outpoints, this.o.bulkLimit), this.o.parallel, async chunk => {
      for (const a of await this.o.source.spends(chunk)) {
        this.asked.add(key(a.outpoint))
        const was = spentBy.get(key(a.outpoint))?.txid as string
        if (a.state === 'unknown' || (a.state === 'spent' && a.txid === was)) {
          if (a.state === 'spent' && !a.confirmed) this.unconfirmed.add(a.txid)
          continue
        }
        await this.dropCascade(was)
        if (a.state === 'unspent') this.o.state.reopen(a.outpoint)
        else await this.learnSpend(a)
      }
      await this.o.state.flush()
    })
  }

  /** Forgets an unconfirmed transaction and those built on its followed outputs. */
  private async dropCascade (txid: string): Promise<void> {
    const tx = await this.o.state.tx(txid)
    this.o.state.drop(txid)
    if (tx === undefined) return
    this.o.warnings.add('dropped', `transaction ${txid} left the mempool or lost to a double spend: dropped from the pending view`)
    const outs = tx.outputs.map((_, vout) => ({ txid, vout }))
    const cands = await this.o.state.candidates(outs)
    for (const o of outs) {
      if (cands[o.vout] === undefined) continue
      const spend = await this.o.state.spendOf(o)
      if (spend !== undefined && await this.o.state.position(spend.txid) === undefined) await this.dropCascade(spend.txid)
      this.o.state.forget(o)
    }
  }

  /** Asks for the merkle proof of every transaction not positioned yet (except those WhatsOnChain just called unconfirmed). */
  async positionPending (): Promise<void> {
    const pending = (await this.o.state.pending()).filter(txid => !this.unconfirmed.has(txid))
    await this.positionAll(pending)
  }

  private async positionAll (txids: string[]): Promise<void> {
    let done = 0
    await inParallel(txids, this.o.parallel, async txid => {
      const proof = await this.o.source.merkleProof(txid)
      if (proof !== undefined) {
        const at = await this.checkProof(txid, proof)
        if (at !== undefined) {
          this.o.state.setPosition(txid, at)
          this.positioned.set(txid, at.height)
        }
      }
      if (++done % 200 === 0) await this.o.state.flush()
      this.o.progress.tell(() => `merkle proofs: ${done}/${txids.length}`)
    })
    await this.o.state.flush()
  }

  /** The position a proof gives, when it leads to the merkle root of a verified header; else a warning. */
  private async checkProof (txid: string, proof: TscProof): Promise<TxPosition | undefined> {
    if (proof.txOrId !== txid && /^[0-9a-f]{64}$/.test(proof.txOrId)) {
      this.o.warnings.add('proof-tx', `WhatsOnChain answered the merkle proof of ${proof.txOrId} when asked for ${txid}`)
      this.unproven.set(txid, 'its proof is of another transaction')
      return undefined
    }
    const height = await this.o.headers.heightOf(proof.target)
    if (height === undefined) { this.unknownBlocks.add(txid); return undefined }
    const header = await this.o.headers.at(height)
    const result = merkleRootOf(txid, proof)
    if ('error' in result) {
      this.o.warnings.add('proof-bad', `WhatsOnChain's merkle proof of ${txid} is not a proof: ${result.error}`)
      this.unproven.set(txid, result.error)
      return undefined
    }
    if (header === undefined || result.root !== header.merkleRoot) {
      this.o.warnings.add('proof-root', `WhatsOnChain's merkle proof puts ${txid} in block ${height} ${proof.target}, but it does not lead to that block's merkle root: height not taken`)
      this.unproven.set(txid, 'its proof does not lead to the block\'s merkle root')
      return undefined
    }
    return { block: proof.target, height, index: proof.index }
  }
}

export function rootTxids (root: FollowedToken): string[] {
  const ids = new Set([root.tokenId.split('_')[0]])
  if (root.contractOrigin !== undefined) ids.add(root.contractOrigin.split('_')[0])
  return [...ids]
}

function spends (tx: ParsedTx, o: Outpoint): boolean {
  return tx.inputs.some(i => i.txid === o.txid && i.vout === o.vout)
}
