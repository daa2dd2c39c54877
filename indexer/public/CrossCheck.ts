import type { OneSatToken } from '../../network/ordinals/OneSatApi'
import type { Discovery } from './Discovery'
import type { FollowedToken } from './FeedKeys'
import { chunks, type FeedSource } from './FeedSource'
import type { FeedState, Outpoint } from './FeedState'

/** What the second service answers (the 1Sat API). */
export interface SpendWitness {
  token: (id: string) => Promise<OneSatToken | undefined>
  /** The spending txid of each outpoint (`<txid>_<vout>`), '' when unspent; at most `spendsBatch`. */
  spends: (outpoints: string[]) => Promise<string[]>
}

/** Whether a followed token was cross-checked, and why not. */
export interface CrossCheckState { tokenId: string, checked: boolean, note: string }

/**
 * Cross-checks the outputs WhatsOnChain calls unspent with a second service that indexes the
 * token (the 1Sat API does once the token's indexing fund is paid). Every disagreement is
 * recorded and reported; a spend the other service names is followed only when WhatsOnChain
 * itself gives bytes of that transaction which hash to its id and spend the output (and its
 * position needs a merkle proof like any other). What cannot be proven stays unresolved.
 */
export class CrossCheck {
  readonly states = new Map<string, CrossCheckState>()

  constructor (private readonly witness: SpendWitness, private readonly spendsBatch: number, private readonly log?: (line: string) => void) {}

  /** Checks every followed token; answers whether anything new is to be followed. */
  async run (roots: FollowedToken[], state: FeedState, source: FeedSource, discovery: Discovery, bulkLimit: number): Promise<boolean> {
    let followed = false
    for (const root of roots) {
      const info = await this.witness.token(root.tokenId)
      if (info?.included !== true) {
        this.states.set(root.tokenId, { tokenId: root.tokenId, checked: false, note: `the 1Sat API does not index ${root.tokenId} (its indexing fund is not paid): spends are not cross-checked` })
        continue
      }
      const frontier: Outpoint[] = []
      const all = await state.frontier()
      const cands = await state.candidates(all)
      all.forEach((o, i) => { const c = cands[i]; if (c !== undefined && 't' in c && c.t === root.tokenId) frontier.push(o) })
      const claimed = new Map<string, Outpoint[]>()
      for (const chunk of chunks(frontier, this.spendsBatch)) {
        const answers = await this.witness.spends(chunk.map(o => `${o.txid}_${o.vout}`))
        answers.forEach((spender, i) => {
          if (spender === '') return
          claimed.set(spender, [...(claimed.get(spender) ?? []), chunk[i]])
        })
      }
      let disagreements = 0
      for (const group of chunks([...claimed.keys()], bulkLimit)) {
        const raw = await source.rawTransactions(group)
        for (const spender of group) {
          const hex = raw.get(spender)
          const tx = hex !== undefined ? discovery.checkedTx(spender, hex) : undefined
          for (const o of claimed.get(spender) ?? []) {
            const outpoint = `${o.txid}_${o.vout}`
            const previous = await state.disagreement(o)
            const proven = tx !== undefined && tx.inputs.some(input => input.txid === o.txid && input.vout === o.vout)
            if (previous?.outcome === 'proven' || (previous !== undefined && !proven)) continue
            disagreements++
            const detail = proven
              ? `WhatsOnChain reports ${outpoint} unspent, the 1Sat API says ${spender} spent it; WhatsOnChain's own bytes of ${spender} hash to it and spend the output: the index follows it`
              : `WhatsOnChain reports ${outpoint} unspent, the 1Sat API says ${spender} spent it; no bytes of ${spender} that spend it could be had: unresolved, the index keeps it unspent`
            state.recordDisagreement({ outpoint, woc: '', oneSat: spender, outcome: proven ? 'proven' : 'unresolved', detail })
            this.log?.(`public index: disagreement: ${detail}`)
            if (proven && tx !== undefined && hex !== undefined) {
              const vin = tx.inputs.findIndex(input => input.txid === o.txid && input.vout === o.vout)
              if (!await state.hasTx(spender)) state.recordTx(tx, hex)
              state.recordSpend(o, { txid: spender, vin })
              followed = true
            }
          }
          if (tx !== undefined && followed) await discovery.follow(tx)
        }
        await state.flush()
      }
      this.states.set(root.tokenId, { tokenId: root.tokenId, checked: true, note: `${frontier.length} unspent outputs cross-checked with the 1Sat API, ${disagreements} new disagreements` })
    }
    return followed
  }
}
