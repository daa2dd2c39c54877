import { deployDividendV1 } from '../../../contracts/v1/dividendV1Calls'
import { deployMintInscription, DIVVY_SUPPLY, tokenOutputScript } from '../../../contracts/offchain/bsv21'
import { defineCommand } from '../Command'
import { loadContractArtifacts } from '../contractArtifacts'
import type { DivvyContext } from '../DivvyContext'
import { codeHashOf } from '../DividendLocator'
import { UsageError } from '../options'
import { sendOutputs } from '../walletTransaction'
import type { TokenRecord } from '../TokenRegistry'

/** The token symbol of a handle: `@NinjaPunkGirls` → `NINJAPUNKGIRLS`. */
export function symbolOf (handle: string): string {
  const name = handle.replace(/^[@$]/, '')
  if (!/^[A-Za-z0-9_]{1,32}$/.test(name)) throw new UsageError(`issue: --handle '${handle}' must be 1 to 32 letters, digits or '_' (an optional leading @)`)
  return name.toUpperCase()
}

/**
 * Issues a handle's token: the BSV-21 deploy+mint of the whole supply on a 1-satoshi output
 * to the wallet, then its dividend contract with the wallet's key as operator.
 */
export async function issue (ctx: DivvyContext, handle: string, wallet: string, mine: boolean): Promise<TokenRecord> {
  loadContractArtifacts()
  const symbol = symbolOf(handle)
  if (ctx.tokens.all().some(t => t.symbol === symbol)) throw new Error(`$${symbol} was already issued from this home (${ctx.tokens.find(symbol).tokenId})`)
  const signer = await ctx.signer(wallet)
  const key = ctx.key(wallet)
  // The compiled Bsv21Token (a standard P2PKH script) behind the deploy+mint inscription:
  // byte-identical to js-1sat-ord's output, so every 1Sat wallet and indexer reads the owner.
  const tokenScript = tokenOutputScript(key.toAddress().hashBuffer.toString('hex'), deployMintInscription(symbol, DIVVY_SUPPLY))
  const mint = await sendOutputs(ctx, wallet, [{ script: tokenScript, satoshis: 1n }])
  const tokenId = `${mint.id}_0`
  await ctx.settle(mine)
  const { tx, contract } = await deployDividendV1(signer, tokenId, DIVVY_SUPPLY, key.publicKey)
  await ctx.settle(mine)
  const record: TokenRecord = {
    symbol,
    handle: handle.replace(/^@?/, '@'),
    tokenId,
    supply: DIVVY_SUPPLY.toString(),
    dividendCodeHash: codeHashOf(contract),
    operatorKey: wallet,
    dividend: `${tx.id}_0`
  }
  ctx.tokens.add(record)
  return record
}

export const issueCommand = defineCommand({
  name: 'issue',
  description: `Deploys $<NAME>: a BSV-21 deploy+mint of ${DIVVY_SUPPLY} tokens on a 1-satoshi output to the
wallet, and the token's dividend contract with the wallet's key as operator.`,
  options: { handle: { kind: 'string', value: 'name', required: true, help: 'the payment handle, e.g. NinjaPunkGirls or @NinjaPunkGirls' } },
  check: options => { symbolOf(options.handle) },
  run: async (ctx, options, common, out) => {
    const t = await issue(ctx, options.handle, common.wallet, common.mine)
    out(`issued $${t.symbol} for ${t.handle}: ${t.supply} tokens to wallet '${common.wallet}' (${ctx.address(common.wallet)})`)
    out(`token id ${t.tokenId}`)
    out(`dividend contract ${t.dividend} (code hash ${t.dividendCodeHash}), operator '${common.wallet}'`)
  }
})
