import { continuationIndex } from '../../contracts/offchain/lineage'
import type { ParsedTx } from '../chain/ParsedBlock'
import { readStatefulScript } from './StatefulScript'

/** The part of the mempool a pending lineage is read from. */
export interface MempoolSpends {
  spender: (txid: string, vout: number) => { tx: ParsedTx, input: number } | undefined
  transaction: (txid: string) => ParsedTx | undefined
}

/** An unconfirmed output of a lineage. */
export interface PendingContractOutput { txid: string, vout: number, satoshis: string, state: string }

/** The most unconfirmed continuations followed (the node's ancestor limit is far below). */
const MAX_PENDING = 100_000

function contractOutput (tx: ParsedTx, vout: number): { code: string, out: PendingContractOutput } | undefined {
  const output = tx.outputs[vout]
  const contract = output !== undefined ? readStatefulScript(output.script) : undefined
  return contract !== undefined ? { code: contract.codeHash, out: { txid: tx.txid, vout, satoshis: output.satoshis.toString(), state: contract.state.toString('hex') } } : undefined
}

/**
 * A lineage's unconfirmed continuations, from its output `txid:vout` (of code `code`) on, in
 * order: each spend in the mempool continues where the identity rule says
 * (contracts/offchain/lineage.ts), never at another output of the same code.
 */
export function pendingContinuations (mempool: MempoolSpends, txid: string, vout: number, code: string): PendingContractOutput[] {
  const chain: PendingContractOutput[] = []
  let at = { txid, vout }
  for (let n = 0; n < MAX_PENDING; n++) {
    const spend = mempool.spender(at.txid, at.vout)
    if (spend === undefined) break
    const codes = spend.tx.outputs.map(o => readStatefulScript(o.script)?.codeHash)
    const next = continuationIndex(codes, spend.input, code)
    if (next === undefined) break
    const out = contractOutput(spend.tx, next)
    if (out === undefined) break
    chain.push(out.out)
    at = { txid: spend.tx.txid, vout: next }
  }
  return chain
}

/**
 * A lineage whose origin waits in the mempool: the origin output (when the mempool
 * transaction has a stateful contract there that continues nothing: no input of the
 * transaction spends an output whose continuation it is), then its continuations.
 */
export function pendingOriginLineage (mempool: MempoolSpends, txid: string, vout: number): { code: string, chain: PendingContractOutput[] } | undefined {
  const tx = mempool.transaction(txid)
  const origin = tx !== undefined ? contractOutput(tx, vout) : undefined
  if (tx === undefined || origin === undefined) return undefined
  const codes = tx.outputs.map(o => readStatefulScript(o.script)?.codeHash)
  for (let i = 0; i < tx.inputs.length; i++) {
    const parent = mempool.transaction(tx.inputs[i].txid)
    const spentCode = parent !== undefined ? contractOutput(parent, tx.inputs[i].vout)?.code : undefined
    // An unconfirmed continuation of another output: no origin (its lineage starts further back).
    if (spentCode !== undefined && continuationIndex(codes, i, spentCode) === vout) return undefined
  }
  return { code: origin.code, chain: [origin.out, ...pendingContinuations(mempool, txid, vout, origin.code)] }
}
