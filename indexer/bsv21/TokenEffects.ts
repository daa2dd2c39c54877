import type { ParsedTx } from '../chain/ParsedBlock'
import { ownerOf } from '../script/OutputOwner'
import type { TokenOnOutput } from '../store/Records'
import { applyBsv21, type Bsv21Effects, type TokenAmount } from './Bsv21Transaction'

/** The bytes 03 'o' 'r' 'd': every inscription envelope contains them (a cheap pre-filter). */
const ORD_PUSH = Buffer.from('036f7264', 'hex')

/**
 * The BSV-21 effects of one transaction given the tokens its inputs carry (undefined for
 * an input without tokens); undefined when it neither moves nor deploys a token. Used for
 * blocks and for the mempool alike.
 */
export function tokenEffectsOf (tx: ParsedTx, inputs: Array<TokenAmount | undefined>): Bsv21Effects | undefined {
  const carriesTokens = inputs.some(t => t !== undefined)
  const mayInscribe = tx.outputs.some(o => o.script.includes(ORD_PUSH))
  if (!carriesTokens && !mayInscribe) return undefined
  const effects = applyBsv21(tx.txid, inputs, tx.outputs)
  if (effects.deploys.length === 0 && effects.movements.length === 0) return undefined
  return effects
}

/** The token each output of the transaction carries, with its owner, by vout. */
export function tokensOnOutputs (effects: Bsv21Effects | undefined): Map<number, TokenOnOutput> {
  const tokenByVout = new Map<number, TokenOnOutput>()
  for (const out of effects?.outputs ?? []) {
    const owner = ownerOf(out.lock)
    const t: TokenOnOutput = { id: out.id, amt: out.amt.toString(), own: owner.kind }
    if (owner.kind !== 'other') t.pkh = owner.pkh.toString('hex')
    if (owner.kind === 'ordlock') { t.price = owner.listing.price.toString(); t.pay = owner.listing.payScript.toString('hex') }
    tokenByVout.set(out.vout, t)
  }
  return tokenByVout
}
