import { createHash } from 'crypto'
import { bsv, SmartContract } from 'scrypt-ts'
import { Dividend } from '../../contracts/dividend'
import { DividendV1 } from '../../contracts/v1/dividendV1'
import { loadContractArtifacts } from './contractArtifacts'
import { continuationIndex } from '../../contracts/offchain/lineage'
import { codeHashOf as codeHashOfPart, lineageOf, outputCodes, type LineageStep } from './ContractLineage'
import type { DivvyContext } from './DivvyContext'
import { checkOriginState } from './DividendOrigin'
import { versionOf, type TokenRecord } from './TokenRegistry'

/** sha256 of a contract's code part (up to and including its OP_RETURN): the indexer's code hash. */
export function codeHashOf (contract: SmartContract): string {
  return createHash('sha256').update(Buffer.from(contract.codePart, 'hex')).digest('hex')
}

interface Where { txid: string, vout: number, tx: bsv.Transaction }

/** The dividend contract where it stands now, ready for a call: version 2, or a version 1 contract. */
export type LocatedDividend =
  | (Where & { version: 2, contract: Dividend })
  | (Where & { version: 1, contract: DividendV1 })

/** A located contract with its lineage from its origin (the last step is where it stands). */
export type FollowedDividend = LocatedDividend & {
  origin: string
  lineage: LineageStep[]
  /** Its output is in a block (else it waits in the mempool, and calls build on it). */
  confirmed: boolean
}

/** A followed version 2 contract. */
export type FollowedV2 = FollowedDividend & { version: 2 }

/** The contract of `version` at `tx`'s output `vout`. */
export function dividendAt (tx: bsv.Transaction, vout: number, version: 1 | 2): LocatedDividend {
  loadContractArtifacts()
  const where = { txid: tx.id, vout, tx }
  return version === 2 ? { ...where, version, contract: Dividend.fromTx(tx, vout) } : { ...where, version, contract: DividendV1.fromTx(tx, vout) }
}

/** The output as `<txid>_<vout>`. */
export function outpointOf (located: { txid: string, vout: number }): string {
  return `${located.txid}_${located.vout}`
}

/** The token's contract origin: output 1 of its issue transaction (version 2), or the output its first version deployed the contract at. */
export function originOf (token: TokenRecord): string {
  if (token.origin === undefined) throw new Error(`this home does not know where the $${token.symbol} dividend contract starts: run the command again with --token ${token.tokenId}`)
  return token.origin
}

/**
 * The token's dividend contract where it stands now: the end of its lineage from its origin
 * (ContractLineage: the continuations of the origin's output and nothing else, checked from
 * the raw transactions), its continuations waiting in the mempool included, so that a call
 * builds on the newest state (paying for a low-fee parent where it must: CallSubmission).
 * The origin's first state is checked again (round 0, no round running, the operator set the
 * issue proved). Another output with the contract's code, whoever made it and wherever, is
 * never taken for it.
 */
export async function locateDividend (ctx: DivvyContext, token: TokenRecord): Promise<FollowedDividend> {
  loadContractArtifacts()
  const origin = originOf(token)
  const [txid, vout] = origin.split('_')
  const version = versionOf(token)
  const first = dividendAt(await ctx.provider.getTransaction(txid), Number(vout), version)
  const lineage = await lineageOf(ctx, origin, first.contract.codePart)
  await checkOriginState(ctx, token, lineage[0])
  const tip = lineage[lineage.length - 1]
  return { ...dividendAt(tip.tx, tip.vout, version), origin, lineage, confirmed: tip.height !== null }
}

/**
 * The contract after this home's own call `tx` spent it: the lineage with `tx` appended where
 * the identity rule continues it (checked), waiting in the mempool until it is mined.
 */
export function followOn (followed: FollowedDividend, tx: bsv.Transaction): FollowedDividend {
  const input = tx.inputs.findIndex(i => i.prevTxId.toString('hex') === followed.txid && i.outputIndex === followed.vout)
  const vout = input < 0 ? undefined : continuationIndex(outputCodes(tx), input, codeHashOfPart(followed.contract.codePart))
  if (vout === undefined) throw new Error(`internal: ${tx.id} does not continue the contract ${outpointOf(followed)}`)
  return { ...dividendAt(tx, vout, followed.version), origin: followed.origin, lineage: [...followed.lineage, { tx, vout, input, height: null }], confirmed: false } as FollowedDividend
}

/** Records where the contract now is (output `vout` of `tx`), so that status can say what this home did last. */
export function rememberDividend (ctx: DivvyContext, token: TokenRecord, tx: bsv.Transaction, vout = 0): TokenRecord {
  const latest = ctx.tokens.all().find(t => t.tokenId === token.tokenId) ?? token
  const updated = { ...latest, dividend: `${tx.id}_${vout}` }
  ctx.tokens.add(updated)
  return updated
}

/** The contract's output as the calls spend it. */
export function utxoOf (located: LocatedDividend): { txid: string, vout: number, satoshis: number } {
  return { txid: located.txid, vout: located.vout, satoshis: located.tx.outputs[located.vout].satoshis }
}
