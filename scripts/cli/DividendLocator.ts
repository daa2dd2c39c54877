import { createHash } from 'crypto'
import { bsv, SmartContract } from 'scrypt-ts'
import { Dividend } from '../../contracts/dividend'
import { DividendV1 } from '../../contracts/v1/dividendV1'
import { readStatefulScript } from '../../indexer/contracts/StatefulScript'
import { walkLineage } from './ContractLineage'
import { loadContractArtifacts } from './contractArtifacts'
import type { DivvyContext } from './DivvyContext'
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

/**
 * Finds the dividend contract's current output: the one this home saw last when it is still
 * unspent (the node's `gettxout`, or WhatsOnChain's spent route: both count the mempool), else the indexer's contract watcher
 * (`/contracts/:codeHash`, confirmed outputs not spent in the mempool). When that output's
 * spend waits in the mempool (a run killed before it could record it), devnet and regtest
 * mine a block first unless `mine` is false.
 */
export async function locateDividend (ctx: DivvyContext, token: TokenRecord, mine = true): Promise<LocatedDividend> {
  loadContractArtifacts()
  let at: { txid: string, vout: number } | undefined
  const last = token.dividend ?? token.origin
  if (last !== undefined) {
    const [txid, vout] = last.split('_')
    if (await ctx.provider.isUnspent(txid, Number(vout))) at = { txid, vout: Number(vout) }
  }
  if (at === undefined) {
    let utxos = (await ctx.indexerClient().contract(token.dividendCodeHash))?.utxos
    // The code hash names no instance (two tokens of one set and minimum share it; anyone may
    // copy the code): a version 2 contract is the output that descends from its origin.
    if (utxos !== undefined && versionOf(token) === 2) {
      const ours = []
      for (const u of utxos) if (await descendsFromOrigin(ctx, token, u)) ours.push(u)
      utxos = ours
    }
    if (utxos !== undefined) {
      const live = utxos.filter(u => !u.spentInMempool)
      if (live.length === 0 && utxos.length > 0 && ctx.rpc !== undefined && mine) {
        // A call of ours (an interrupted run) waits in the mempool: confirm it and look again.
        await ctx.mine(1)
        return await locateDividend(ctx, token, false)
      }
      if (live.length === 0 && utxos.length > 0) at = await pendingContinuation(ctx, utxos[0], token.dividendCodeHash)
      if (at === undefined && live.length === 0 && utxos.length > 0) throw new Error(`the ${token.symbol} dividend contract has an unconfirmed spend: mine a block (or wait for one) and try again`)
      if (live.length > 1) throw new Error(`the indexer knows ${live.length} outputs of the ${token.symbol} dividend contract; expected one`)
      if (live.length === 1) at = live[0]
    }
  }
  if (at === undefined) throw new Error(`cannot find the ${token.symbol} dividend contract's current output: this home last saw it at ${last ?? '(never)'}, since spent, and the indexer has no contract watcher`)
  const tx = await ctx.provider.getTransaction(at.txid)
  const located = dividendAt(tx, at.vout, versionOf(token))
  if (codeHashOf(located.contract) !== token.dividendCodeHash) throw new Error(`output ${at.txid}_${at.vout} is not the ${token.symbol} dividend contract (code hash differs)`)
  return located
}

/** How many unconfirmed calls a walk to the contract's pending output follows. */
const MAX_PENDING_STEPS = 1000

/**
 * Where the network can tell who spent an output (testnet, mainnet: WhatsOnChain), the
 * contract's unconfirmed output: its lineage followed forward from the confirmed output
 * through the unconfirmed calls, each continuing at the output of the input that spent the
 * contract or at output 0 (distribute), with the contract's code. Undefined where the
 * network cannot tell.
 */
async function pendingContinuation (ctx: DivvyContext, from: { txid: string, vout: number }, codeHash: string): Promise<{ txid: string, vout: number } | undefined> {
  let at = from
  for (let step = 0; step < MAX_PENDING_STEPS; step++) {
    const spend = await ctx.provider.spenderOf(at.txid, at.vout)
    if (spend === undefined) return undefined
    if (spend === null) return step === 0 ? undefined : at
    const tx = await ctx.provider.getTransaction(spend.txid)
    if (tx.inputs[spend.vin]?.prevTxId.toString('hex') !== at.txid || tx.inputs[spend.vin].outputIndex !== at.vout) throw new Error(`${spend.txid} is said to spend the contract output ${at.txid}_${at.vout}, but does not`)
    const next = [spend.vin, 0].find(vout => {
      const output = tx.outputs[vout]
      return output !== undefined && readStatefulScript(output.script.toBuffer())?.codeHash === codeHash
    })
    if (next === undefined) return undefined
    at = { txid: spend.txid, vout: next }
  }
  throw new Error(`the dividend contract moved more than ${MAX_PENDING_STEPS} times without a block: try again once some are mined`)
}

/**
 * Version 2: whether the contract output `at` descends from the token's origin (output 1 of
 * its issue transaction), walking its lineage back to an output this home knows to be the
 * token's (the origin, or where it saw the contract last).
 */
async function descendsFromOrigin (ctx: DivvyContext, token: TokenRecord, at: { txid: string, vout: number }): Promise<boolean> {
  const known = new Set([token.origin, token.dividend].filter(o => o !== undefined))
  if (known.has(`${at.txid}_${at.vout}`)) return true
  const tx = await ctx.provider.getTransaction(at.txid)
  let ours = false
  await walkLineage(ctx, tx, at.vout, dividendAt(tx, at.vout, 2).contract.codePart, step => {
    ours = known.has(`${step.tx.id}_${step.vout}`)
    return ours
  })
  return ours
}

/** Records where the contract now is (output 0 of `tx`), so that the next command finds it at once. */
export function rememberDividend (ctx: DivvyContext, token: TokenRecord, tx: bsv.Transaction): TokenRecord {
  const latest = ctx.tokens.all().find(t => t.tokenId === token.tokenId) ?? token
  const updated = { ...latest, dividend: `${tx.id}_0` }
  ctx.tokens.add(updated)
  return updated
}

/** The contract's output as the calls spend it. */
export function utxoOf (located: LocatedDividend): { txid: string, vout: number, satoshis: number } {
  return { txid: located.txid, vout: located.vout, satoshis: located.tx.outputs[located.vout].satoshis }
}
