import { bsv, ByteString, PubKey, toByteString } from 'scrypt-ts'
import { Dividend } from '../../contracts/dividend'
import { CONTRACT_VOUT } from '../../contracts/offchain/issueTransaction'
import { verifyKeyProof } from '../../contracts/offchain/keyProof'
import { parseOperatorsData } from '../../contracts/offchain/operatorsData'
import { operatorSetHash, type OperatorSet } from '../../contracts/offchain/operatorSet'
import { EMPTY_COMMITMENT } from '../../contracts/offchain/snapshot'
import { DividendV1 } from '../../contracts/v1/dividendV1'
import { parseBsv21 } from '../../indexer/bsv21/Bsv21Inscription'
import { parseEnvelope } from '../../indexer/inscription/Envelope'
import { p2pkhWithData } from '../../indexer/script/P2pkh'
import { loadContractArtifacts } from './contractArtifacts'
import type { LineageStep } from './ContractLineage'
import type { DivvyContext } from './DivvyContext'
import type { TokenRecord } from './TokenRegistry'

const TOKEN_ID = /^([0-9a-f]{64})_0$/

/** A token's deploy+mint, as its issue transaction holds it at output 0. */
export interface Mint {
  tokenId: string
  symbol: string | undefined
  supply: bigint
  /** The pkh the whole supply was minted to. */
  ownerPkh: string
}

/** The deploy+mint at output 0 of `tx` (a token id names output 0 of its issue transaction); throws when there is none. */
export function mintOf (tx: bsv.Transaction): Mint {
  const tokenId = `${tx.id}_0`
  const out = tx.outputs[0]
  const envelope = out !== undefined ? parseEnvelope(out.script.toBuffer()) : undefined
  const mint = envelope !== undefined ? parseBsv21(envelope.contentType, envelope.content) : undefined
  const owner = envelope !== undefined ? p2pkhWithData(Buffer.concat([envelope.prefix, envelope.suffix])) : undefined
  if (mint?.ok !== true || mint.value.op !== 'deploy+mint' || out.satoshis !== 1 || owner === undefined) throw new Error(`${tokenId} is not a BSV-21 deploy+mint to a key`)
  return { tokenId, symbol: mint.value.sym, supply: mint.value.amt, ownerPkh: owner.toString('hex') }
}

/** The operator set the issue transaction published and proved (every key's proof of possession verifies), by its hash. */
function provenSets (tx: bsv.Transaction): Map<string, OperatorSet> {
  const sets = new Map<string, OperatorSet>()
  for (const o of tx.outputs) {
    const published = parseOperatorsData(o.script)
    if (published === undefined) continue
    if (!published.set.keys.every((key, i) => verifyKeyProof(key, published.proofs[i]))) continue
    sets.set(operatorSetHash(published.set), published.set)
  }
  return sets
}

/** What a version 2 token's origin is: its contract as issued, and the operator set the issue proved. */
export interface V2Origin { origin: string, contract: Dividend, operators: OperatorSet }

/**
 * Checks that output 1 of a token's issue transaction is its version 2 dividend contract as
 * it must start: the code of Divvy's compiled contract for the token's supply, round 0, no
 * round running, nothing paid or proposed, and an operator set the same transaction
 * published with every key's proof. Throws, saying what is wrong, otherwise.
 */
export function checkV2Origin (tx: bsv.Transaction, mint: Mint): V2Origin {
  loadContractArtifacts()
  const origin = `${tx.id}_${CONTRACT_VOUT}`
  let c: Dividend
  try {
    c = Dividend.fromTx(tx, CONTRACT_VOUT)
  } catch {
    throw new Error(`token ${mint.tokenId} has no version 2 dividend contract at ${origin}`)
  }
  if (new Dividend(c.supply, c.minDeposit, c.operators).codePart !== c.codePart) throw new Error(`${origin} is not Divvy's dividend contract (its code differs)`)
  if (c.supply !== mint.supply) throw new Error(`${origin} is a dividend contract for a supply of ${c.supply}, not ${mint.tokenId}'s ${mint.supply}`)
  if (c.round !== 0n || c.snapshotHeight !== 0n || c.cursor !== EMPTY_COMMITMENT || c.roundPool !== 0n || c.roundPaid !== 0n || c.proposal !== '' || c.approvals !== 0n) {
    throw new Error(`${origin} does not start as a dividend contract must (round 0, no round running, nothing paid or proposed): it is not ${mint.tokenId}'s`)
  }
  const operators = provenSets(tx).get(c.operators)
  if (operators === undefined) throw new Error(`the issue of ${mint.tokenId} does not prove its contract's operator set (no published set with every key's proof hashes to ${c.operators})`)
  return { origin, contract: c, operators }
}

/** The compiled version 1 contract of a token id: its code (the id and supply are in it), for finding its lineages by code hash. */
export function v1ContractOf (tokenId: string, supply: bigint, operator: string): DividendV1 {
  loadContractArtifacts()
  // The constructor's arguments are in the code part (the operator's too, as it was deployed).
  return new DividendV1(toByteString(tokenId, true), supply, PubKey(operator))
}

/** The public key an input's unlocking script shows when it spends a P2PKH output (`<sig> <pubkey>`). */
function inputKey (input: bsv.Transaction.Input): string | undefined {
  const chunks = input.script.chunks
  if (chunks.length !== 2 || chunks[1].buf === undefined || chunks[1].buf.length !== 33) return undefined
  return chunks[1].buf.toString('hex')
}

const hash160 = (hex: string): string => bsv.crypto.Hash.sha256ripemd160(Buffer.from(hex, 'hex')).toString('hex')

/**
 * Checks that output `vout` of `tx` is the first version dividend contract of a token as
 * Divvy's first version deployed it: its code for the token id and supply, round 0, no
 * round running, its operator the key the supply was minted to, in a transaction that key
 * signed (an input of it spends a coin of that key). Nobody but the issuer can make one,
 * while anyone can copy the code (the token id is only a prop).
 */
export function checkV1Origin (tx: bsv.Transaction, vout: number, mint: Mint): DividendV1 {
  loadContractArtifacts()
  const origin = `${tx.id}_${vout}`
  let c: DividendV1
  try {
    c = DividendV1.fromTx(tx, vout)
  } catch {
    throw new Error(`${origin} is no version 1 dividend contract`)
  }
  if (v1ContractOf(mint.tokenId, mint.supply, c.operator).codePart !== c.codePart) throw new Error(`${origin} is not ${mint.tokenId}'s version 1 dividend contract (its code differs)`)
  if (c.round !== 0n || c.snapshotHeight !== 0n || c.cursor !== EMPTY_COMMITMENT || c.roundPool !== 0n || c.roundTokens !== 0n) throw new Error(`${origin} does not start as a dividend contract must (round 0, no round running)`)
  if (hash160(c.operator) !== mint.ownerPkh) throw new Error(`${origin}'s operator is not the key ${mint.tokenId} was minted to`)
  if (!tx.inputs.some(i => { const k = inputKey(i); return k !== undefined && hash160(k) === mint.ownerPkh })) throw new Error(`${origin} was not deployed by the key ${mint.tokenId} was minted to`)
  return c
}

/**
 * The origin of a version 1 token's dividend contract, found from the token id alone. Its
 * code holds the token id, the supply and the operator's key as deployed, and Divvy's first
 * version made the key the supply was minted to the operator, so the key is the one that
 * signed the mint (an input of the mint transaction shows it). Of the lineages with that
 * code (the indexer lists them by code hash), the oldest whose origin checkV1Origin accepts
 * is the token's; two such origins in the same block make it ambiguous: refused.
 */
export async function findV1Origin (ctx: DivvyContext, mintTx: bsv.Transaction, mint: Mint): Promise<string | undefined> {
  const keys = [...new Set(mintTx.inputs.map(inputKey).filter((k): k is string => k !== undefined && hash160(k) === mint.ownerPkh))]
  const good: Array<{ origin: string, height: number }> = []
  for (const key of keys) {
    const code = v1ContractOf(mint.tokenId, mint.supply, key)
    const codeHash = bsv.crypto.Hash.sha256(Buffer.from(code.codePart, 'hex')).toString('hex')
    const { origins } = await ctx.indexerClient().contractOrigins(codeHash)
    for (const o of origins) {
      const [txid, vout] = o.origin.split('_')
      try {
        checkV1Origin(await ctx.provider.getTransaction(txid), Number(vout), mint)
        good.push(o)
      } catch { /* a copy of the code: not the token's contract */ }
    }
  }
  good.sort((a, b) => a.height - b.height)
  const first = good.filter(g => g.height === good[0]?.height)
  if (first.length > 1) throw new Error(`${mint.tokenId} has ${first.length} version 1 dividend contracts deployed by its issuer in one block (${first.map(g => g.origin).join(', ')}): which one is the token's cannot be told`)
  return first[0]?.origin
}

/**
 * Checks, in every reader, that a token's contract lineage starts where it must: at the
 * output the token's record names as its origin, with the first state the checks above
 * accept (version 2: output 1 of the issue transaction; version 1: the issuer's deploy).
 */
export async function checkOriginState (ctx: DivvyContext, token: TokenRecord, first: LineageStep): Promise<void> {
  const m = TOKEN_ID.exec(token.tokenId)
  if (m === null) throw new Error(`${token.tokenId} is not a token id <txid>_0`)
  const mintTx = token.version === 2 && first.tx.id === m[1] ? first.tx : await ctx.provider.getTransaction(m[1])
  const mint = mintOf(mintTx)
  if (token.version === 2) {
    if (first.tx.id !== m[1] || first.vout !== CONTRACT_VOUT) throw new Error(`the $${token.symbol} dividend contract must start at output ${CONTRACT_VOUT} of its issue transaction ${m[1]}`)
    const { contract } = checkV2Origin(first.tx, mint)
    if (token.dividendCodeHash !== bsv.crypto.Hash.sha256(Buffer.from(contract.codePart, 'hex')).toString('hex')) throw new Error(`this home's record of $${token.symbol} names another contract code than its issue`)
    return
  }
  checkV1Origin(first.tx, first.vout, mint)
}

/** The operator set (hash, set) a version 2 origin starts with, as the issue proved it. */
export function originOperators (tx: bsv.Transaction): { hash: string, set: OperatorSet } {
  const mint = mintOf(tx)
  const { contract, operators } = checkV2Origin(tx, mint)
  return { hash: contract.operators as ByteString, set: operators }
}
