import { createHash } from 'crypto'
import { bsv } from 'scrypt-ts'
import { DividendV1 } from '../../contracts/v1/dividendV1'
import { loadContractArtifacts } from './contractArtifacts'
import type { DivvyContext } from './DivvyContext'
import type { TokenRecord } from './TokenRegistry'

/** sha256 of a contract's code part (up to and including its OP_RETURN): the indexer's code hash. */
export function codeHashOf (contract: DividendV1): string {
  return createHash('sha256').update(Buffer.from(contract.codePart, 'hex')).digest('hex')
}

/** The dividend contract where it stands now, ready for a method call. */
export interface LocatedDividend {
  contract: DividendV1
  txid: string
  vout: number
  tx: bsv.Transaction
}

/**
 * Finds the dividend contract's current output: the one this home saw last when it is still
 * unspent (the node's `gettxout` counts the mempool), else the indexer's contract watcher
 * (`/contracts/:codeHash`, confirmed outputs not spent in the mempool). When that output's
 * spend waits in the mempool (a run killed before it could record it), devnet and regtest
 * mine a block first unless `mine` is false.
 */
export async function locateDividend (ctx: DivvyContext, token: TokenRecord, mine = true): Promise<LocatedDividend> {
  loadContractArtifacts()
  let at: { txid: string, vout: number } | undefined
  if (token.dividend !== undefined && ctx.rpc !== undefined) {
    const [txid, vout] = token.dividend.split('_')
    if (await ctx.rpc.getTxOut(txid, Number(vout), true) !== null) at = { txid, vout: Number(vout) }
  }
  if (at === undefined && ctx.isNode) {
    const utxos = (await ctx.indexerClient().contract(token.dividendCodeHash))?.utxos
    if (utxos !== undefined) {
      const live = utxos.filter(u => !u.spentInMempool)
      if (live.length === 0 && utxos.length > 0 && ctx.rpc !== undefined && mine) {
        // A call of ours (an interrupted run) waits in the mempool: confirm it and look again.
        await ctx.mine(1)
        return await locateDividend(ctx, token, false)
      }
      if (live.length === 0 && utxos.length > 0) throw new Error(`the ${token.symbol} dividend contract has an unconfirmed spend: mine a block (or wait for one) and try again`)
      if (live.length > 1) throw new Error(`the indexer knows ${live.length} outputs of the ${token.symbol} dividend contract; expected one`)
      if (live.length === 1) at = live[0]
    }
  }
  if (at === undefined && !ctx.isNode && token.dividend !== undefined) {
    const [txid, vout] = token.dividend.split('_')
    at = { txid, vout: Number(vout) }
  }
  if (at === undefined) throw new Error(`cannot find the ${token.symbol} dividend contract's current output: this home last saw it at ${token.dividend ?? '(never)'}, since spent, and the indexer has no contract watcher`)
  const tx = await ctx.provider.getTransaction(at.txid)
  const contract = DividendV1.fromTx(tx, at.vout)
  if (codeHashOf(contract) !== token.dividendCodeHash) throw new Error(`output ${at.txid}_${at.vout} is not the ${token.symbol} dividend contract (code hash differs)`)
  return { contract, txid: at.txid, vout: at.vout, tx }
}

/** Records where the contract now is (output 0 of `tx`), so that the next command finds it at once. */
export function rememberDividend (ctx: DivvyContext, token: TokenRecord, tx: bsv.Transaction): TokenRecord {
  const updated = { ...token, dividend: `${tx.id}_0` }
  ctx.tokens.add(updated)
  return updated
}
