import type { DivvyContext } from './DivvyContext'

/** What a command that trades or reads a token needs of it: its id, symbol and supply. */
export interface TokenRef {
  tokenId: string
  symbol: string
  supply: bigint
}

const TOKEN_ID = /^[0-9a-f]{64}_[0-9]+$/

/**
 * The token `--token` names (a symbol or a `<txid>_<vout>` id), or the only one there is:
 * the home's own record when it has one (it issued or follows the token), else what the
 * indexer knows, so that a buyer's home, which issued nothing, can list, buy and count.
 * A symbol several tokens share is refused: the id then says which.
 */
export async function lookupToken (ctx: DivvyContext, given: string | undefined): Promise<TokenRef> {
  const own = ctx.tokens.all().map(t => ({ tokenId: t.tokenId, symbol: t.symbol, supply: BigInt(t.supply) }))
  if (given === undefined && own.length === 1) return own[0]
  if (given !== undefined) {
    const symbol = given.replace(/^\$/, '').toUpperCase()
    const mine = own.find(t => t.tokenId === given || t.symbol === symbol)
    if (mine !== undefined) return mine
  }
  if (given === undefined && own.length > 1) throw new Error(`several tokens here (${own.map(t => t.symbol).join(', ')}): choose one with --token`)
  const indexer = ctx.indexerClient()
  if (given !== undefined && TOKEN_ID.test(given)) {
    // On testnet and mainnet the home's index follows only the tokens it is told about.
    await ctx.follow(given)
    const token = await indexer.token(given).catch(e => {
      if ((e as { kind?: string }).kind === 'not-found') throw new Error(`--token ${given}: no such token on this chain (or not confirmed yet)`)
      throw e
    })
    return { tokenId: token.id, symbol: token.symbol ?? token.id, supply: token.supply }
  }
  const all = await indexer.tokenList()
  const symbol = given?.replace(/^\$/, '').toUpperCase()
  const found = symbol === undefined ? all : all.filter(t => t.symbol?.toUpperCase() === symbol)
  if (found.length === 1) return { tokenId: found[0].id, symbol: found[0].symbol ?? found[0].id, supply: found[0].supply }
  if (found.length === 0) throw new Error(given === undefined ? 'no token on this chain yet: issue one first' : `--token ${given}: no token with that symbol on this chain`)
  throw new Error(`${given === undefined ? '' : `--token ${given}: `}${found.length} tokens could be meant (${found.slice(0, 5).map(t => `$${t.symbol ?? '?'} ${t.id}`).join(', ')}${found.length > 5 ? ', ...' : ''}): pass --token <id>`)
}
