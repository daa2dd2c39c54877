import { bsv } from 'scrypt-ts'
import type { DivvyContext } from './DivvyContext'

/** One output of a contract's lineage: the transaction that created it and its index. */
export interface LineageStep {
  tx: bsv.Transaction
  vout: number
}

/** How far back a walk goes before it gives up (a contract's whole life, many rounds). */
export const MAX_LINEAGE = 100_000

/**
 * Walks a contract's outputs back from `tx`'s output `vout`: each step is the transaction
 * whose input spent the previous contract output (one with the same code part), newest first,
 * down to the output no contract input created (the origin: for version 2 the issue
 * transaction's output 1). `visit` answers true to stop early. Needs nothing but
 * transactions, so anyone can read a contract's history.
 */
export async function walkLineage (ctx: DivvyContext, tx: bsv.Transaction, vout: number, codePart: string, visit: (step: LineageStep) => boolean | Promise<boolean>): Promise<void> {
  let step: LineageStep | undefined = { tx, vout }
  for (let n = 0; step !== undefined && n < MAX_LINEAGE; n++) {
    if (await visit(step)) return
    step = await previousStep(ctx, step.tx, codePart)
  }
}

/** The contract output an input of `tx` spends, when one of its inputs spends one. */
async function previousStep (ctx: DivvyContext, tx: bsv.Transaction, codePart: string): Promise<LineageStep | undefined> {
  // Divvy's calls spend the contract at input 0; other spenders may place it elsewhere.
  for (const input of tx.inputs) {
    const txid = input.prevTxId.toString('hex')
    if (/^0+$/.test(txid)) continue
    let prev: bsv.Transaction
    try { prev = await ctx.provider.getTransaction(txid) } catch (e) {
      if (input === tx.inputs[0]) throw e
      continue // a fee coin whose parent this network does not serve
    }
    const spent = prev.outputs[input.outputIndex]
    if (spent !== undefined && spent.script.toHex().startsWith(codePart)) return { tx: prev, vout: input.outputIndex }
  }
  return undefined
}
