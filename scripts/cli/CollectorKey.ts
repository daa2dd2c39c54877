/**
 * The name, in a home's key file, of a token's collector key: the P2PKH key that payments to
 * the token (paymail, pay links, forwarded HandCash income, plain payments) reach before the
 * service sweeps them into the dividend contract. Made at issue, or on the first `divvy serve`
 * for a token issued before; it lives only in the home that issued the token.
 */
export function collectorKeyName (symbol: string): string {
  const name = `collector-${symbol}`
  return name.length <= 40 ? name : `col-${symbol}`
}
