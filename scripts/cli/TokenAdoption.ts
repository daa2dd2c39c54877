import { bsv } from 'scrypt-ts'
import { Dividend } from '../../contracts/dividend'
import { CONTRACT_VOUT } from '../../contracts/offchain/issueTransaction'
import { loadContractArtifacts } from './contractArtifacts'
import type { DivvyContext } from './DivvyContext'
import { codeHashOf } from './DividendLocator'
import { checkV1Origin, checkV2Origin, findV1Origin, mintOf, type Mint } from './DividendOrigin'
import { storedSet } from './OperatorSets'
import type { TokenRecord } from './TokenRegistry'

const TOKEN_ID = /^([0-9a-f]{64})_0$/

/** Whether output 1 of the issue transaction is a version 2 contract at all (a wrong one is refused, never taken for a version 1 token). */
function hasV2Contract (tx: bsv.Transaction): boolean {
  try { Dividend.fromTx(tx, CONTRACT_VOUT); return true } catch { return false }
}

/** The record of a version 1 token whose contract starts at `origin`. */
async function v1Record (ctx: DivvyContext, mint: Mint, origin: string): Promise<TokenRecord> {
  const [txid, vout] = origin.split('_')
  const contract = checkV1Origin(await ctx.provider.getTransaction(txid), Number(vout), mint)
  const operatorKey = ctx.keys.names().find(n => ctx.key(n).publicKey.toString() === contract.operator)
  return {
    symbol: mint.symbol ?? mint.tokenId.slice(0, 8),
    handle: '',
    tokenId: mint.tokenId,
    supply: mint.supply.toString(),
    version: 1,
    origin,
    dividendCodeHash: codeHashOf(contract),
    ...(operatorKey !== undefined ? { operatorKey } : {})
  }
}

/**
 * Follows a token this home did not issue, given only its id `<txid>_0`, and finds its
 * dividend contract from the chain: version 2, output 1 of the issue transaction, checked to
 * start as the contract must with the operator set the same transaction proved; version 1,
 * the contract its issuer deployed for it (DividendOrigin.findV1Origin). The record it adds
 * lets every command (pay, distribute --crank, approve, status, audit) run here.
 */
export async function adoptToken (ctx: DivvyContext, tokenId: string): Promise<TokenRecord> {
  loadContractArtifacts()
  const m = TOKEN_ID.exec(tokenId)
  if (m === null) throw new Error(`'${tokenId}' is not a token id <txid>_0 (a token is named by output 0 of its issue transaction)`)
  const tx = await ctx.provider.getTransaction(m[1])
  const mint = mintOf(tx)
  let record: TokenRecord
  if (hasV2Contract(tx)) {
    const { origin, contract, operators } = checkV2Origin(tx, mint)
    record = {
      symbol: mint.symbol ?? tokenId.slice(0, 8),
      handle: '',
      tokenId,
      supply: mint.supply.toString(),
      version: 2,
      origin,
      dividendCodeHash: codeHashOf(contract),
      operatorSets: { [contract.operators]: storedSet(operators) }
    }
  } else {
    const origin = await findV1Origin(ctx, tx, mint)
    if (origin === undefined) throw new Error(`token ${tokenId} has no dividend contract: output ${CONTRACT_VOUT} of its issue is none, and its issuer deployed no version 1 contract for it`)
    record = await v1Record(ctx, mint, origin)
  }
  const existing = ctx.tokens.all().find(t => t.symbol === record.symbol)
  if (existing !== undefined && existing.tokenId !== tokenId) throw new Error(`this home already follows another $${record.symbol} (${existing.tokenId})`)
  ctx.tokens.add({ ...existing, ...record, handle: existing?.handle ?? '' })
  // testnet, mainnet: the home's index follows the token and its contract's lineage from now on.
  await ctx.follow(tokenId, record.origin)
  return ctx.tokens.find(tokenId)
}

/**
 * The token of `--token` (a symbol this home knows, or a token id), adopted from the chain
 * when it is an id this home does not follow yet. A record written by Divvy's first version
 * (no origin) gets its contract's origin found the same way, once.
 */
export async function tokenOf (ctx: DivvyContext, symbolOrId: string | undefined): Promise<TokenRecord> {
  if (symbolOrId !== undefined && TOKEN_ID.test(symbolOrId) && !ctx.tokens.all().some(t => t.tokenId === symbolOrId && t.issueTx === undefined)) {
    return await adoptToken(ctx, symbolOrId)
  }
  const token = ctx.tokens.find(symbolOrId)
  if (token.origin !== undefined) return token
  return await adoptToken(ctx, token.tokenId)
}
