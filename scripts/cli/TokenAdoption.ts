import { Dividend } from '../../contracts/dividend'
import { CONTRACT_VOUT } from '../../contracts/offchain/issueTransaction'
import { parseOperatorsData } from '../../contracts/offchain/operatorsData'
import { operatorSetHash } from '../../contracts/offchain/operatorSet'
import { parseBsv21 } from '../../indexer/bsv21/Bsv21Inscription'
import { parseEnvelope } from '../../indexer/inscription/Envelope'
import { loadContractArtifacts } from './contractArtifacts'
import type { DivvyContext } from './DivvyContext'
import { codeHashOf } from './DividendLocator'
import { storedSet } from './OperatorSets'
import type { TokenRecord } from './TokenRegistry'

const TOKEN_ID = /^([0-9a-f]{64})_0$/

/**
 * Follows a version 2 token this home did not issue, given only its id `<txid>_0`: the
 * issue transaction holds the deploy+mint at output 0, the dividend contract at output 1
 * (its origin) and the operator set published at output 2. The record it adds lets every
 * command (approve, distribute --crank, status, pay) run here.
 */
export async function adoptToken (ctx: DivvyContext, tokenId: string): Promise<TokenRecord> {
  loadContractArtifacts()
  const m = TOKEN_ID.exec(tokenId)
  if (m === null) throw new Error(`'${tokenId}' is not a token id <txid>_0 (a version 2 token is named by output 0 of its issue transaction)`)
  const tx = await ctx.provider.getTransaction(m[1])
  const envelope = tx.outputs[0] !== undefined ? parseEnvelope(tx.outputs[0].script.toBuffer()) : undefined
  const mint = envelope !== undefined ? parseBsv21(envelope.contentType, envelope.content) : undefined
  if (mint?.ok !== true || mint.value.op !== 'deploy+mint' || tx.outputs[0].satoshis !== 1) throw new Error(`${tokenId} is not a BSV-21 deploy+mint`)
  let contract: Dividend
  try {
    contract = Dividend.fromTx(tx, CONTRACT_VOUT)
  } catch {
    throw new Error(`token ${tokenId} has no version 2 dividend contract at ${m[1]}_${CONTRACT_VOUT} (a version 1 contract is followed from the home that issued it)`)
  }
  if (contract.round !== 0n || contract.cursor !== Dividend.EMPTY_CHAIN || contract.supply !== mint.value.amt) throw new Error(`output ${m[1]}_${CONTRACT_VOUT} does not start as ${tokenId}'s dividend contract`)
  const published = tx.outputs.map(o => parseOperatorsData(o.script)).find(p => p !== undefined && operatorSetHash(p.set) === contract.operators)
  const symbol = mint.value.sym ?? tokenId.slice(0, 8)
  const existing = ctx.tokens.all().find(t => t.symbol === symbol)
  if (existing !== undefined && existing.tokenId !== tokenId) throw new Error(`this home already follows another $${symbol} (${existing.tokenId})`)
  const record: TokenRecord = {
    symbol,
    handle: '',
    tokenId,
    supply: mint.value.amt.toString(),
    version: 2,
    origin: `${m[1]}_${CONTRACT_VOUT}`,
    dividendCodeHash: codeHashOf(contract),
    ...(published !== undefined ? { operatorSets: { [contract.operators]: storedSet(published.set) } } : {})
  }
  ctx.tokens.add(record)
  await ctx.follow(tokenId, record.origin)
  return record
}

/** The token of `--token` (symbol or id), adopted from the chain when it is a version 2 token id this home does not know yet. */
export async function tokenOf (ctx: DivvyContext, symbolOrId: string | undefined): Promise<TokenRecord> {
  if (symbolOrId !== undefined && TOKEN_ID.test(symbolOrId) && !ctx.tokens.all().some(t => t.tokenId === symbolOrId && t.issueTx === undefined)) {
    return await adoptToken(ctx, symbolOrId)
  }
  return ctx.tokens.find(symbolOrId)
}
