import { parseBsv21 } from '../bsv21/Bsv21Inscription'
import type { ParsedTx } from '../chain/ParsedBlock'
import { readStatefulScript } from '../contracts/StatefulScript'
import { parseEnvelope } from '../inscription/Envelope'
import type { Candidate, FollowedToken } from './FeedKeys'

/**
 * The outputs of `tx` the feeder follows, given the followed outputs it spends (by input
 * index). Found from the bytes alone, before any rule is applied:
 * - a token can only ever ride on a 1-satoshi output whose inscription is a BSV-21
 *   `transfer` of its id (or its deploy+mint), so every such output of a transaction that
 *   spends a followed token output is followed; whether it really carries tokens is for the
 *   BSV-21 rules of the block pipeline to say, when the block is applied;
 * - a contract's lineage continues at output i of a transaction that spends it at input i,
 *   or at output 0 (distribute): whichever of them has the contract's code.
 * Following a superset costs requests, never correctness.
 */
export function candidatesOf (tx: ParsedTx, spent: Map<number, Candidate>): Map<number, Candidate> {
  const out = new Map<number, Candidate>()
  const tokens = new Set<string>()
  for (const [vin, c] of spent) {
    if ('t' in c) { tokens.add(c.t); continue }
    for (const vout of new Set([vin, 0])) {
      const output = tx.outputs[vout]
      if (output !== undefined && readStatefulScript(output.script)?.codeHash === c.c) out.set(vout, c)
    }
  }
  if (tokens.size > 0) {
    tx.outputs.forEach((output, vout) => {
      const id = transferredToken(output.satoshis, output.script)
      if (id !== undefined && tokens.has(id)) out.set(vout, { t: id })
    })
  }
  return out
}

/** The token id a 1-satoshi output's inscription transfers, if it is a well-formed BSV-21 transfer. */
export function transferredToken (satoshis: bigint, script: Buffer): string | undefined {
  if (satoshis !== 1n) return undefined
  const envelope = parseEnvelope(script)
  if (envelope === undefined) return undefined
  const parsed = parseBsv21(envelope.contentType, envelope.content)
  return parsed?.ok === true && parsed.value.op === 'transfer' ? parsed.value.id : undefined
}

/**
 * The outputs of `tx` where a followed token starts: its deploy+mint, and its contract's
 * origin (in the same transaction for contracts born with their token, else in their own).
 */
export function rootCandidates (tx: ParsedTx, { tokenId, contractOrigin }: FollowedToken): Map<number, Candidate> {
  const out = new Map<number, Candidate>()
  const [txid, vout] = tokenId.split('_')
  if (txid === tx.txid && tx.outputs[Number(vout)] !== undefined) out.set(Number(vout), { t: tokenId })
  if (contractOrigin !== undefined) {
    const [otxid, ovout] = contractOrigin.split('_')
    const output = otxid === tx.txid ? tx.outputs[Number(ovout)] : undefined
    const contract = output !== undefined ? readStatefulScript(output.script) : undefined
    if (contract !== undefined) out.set(Number(ovout), { c: contract.codeHash })
  }
  return out
}
