/**
 * Where a stateful contract goes when a transaction spends it: the identity rule every
 * reader of a contract follows (the indexer, the commands, the audit).
 *
 * The spend of a contract output at input i continues at output i when that output carries
 * the contract's code (every method whose preimage covers only its own output,
 * ANYONECANPAY|SINGLE: deposit, approve, and version 1's startRound, recommit and
 * setOperator), else at output 0 when it does (distribute, which pays the holders from
 * output 1 on and fixes every output), else nowhere (the contract ended). A contract is
 * identified by its origin, the output no continuation created, and is the chain of
 * continuations from there: an output that merely has the same code (a copy an attacker
 * deploys, or attaches to a genuine deposit as an extra output) is not part of it.
 *
 * `codes[v]` is the code (or its hash) of output v, undefined for an output that is no
 * stateful contract; `code` is the spent contract's.
 */
export function continuationIndex (codes: ReadonlyArray<string | undefined>, input: number, code: string): number | undefined {
  if (codes[input] === code) return input
  if (codes[0] === code) return 0
  return undefined
}

/** `<txid>_<vout>`: how an origin (and any output of a lineage) is named. */
export const OUTPOINT = /^([0-9a-f]{64})_(0|[1-9]\d{0,5})$/

export function parseOutpoint (text: string): { txid: string, vout: number } | undefined {
  const m = OUTPOINT.exec(text)
  return m === null ? undefined : { txid: m[1], vout: Number(m[2]) }
}
