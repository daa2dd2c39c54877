import * as fs from 'fs'
import * as path from 'path'

/** What this home knows of a token it issued or follows. */
export interface TokenRecord {
  symbol: string
  /** The payment handle (`@name`); empty for a token this home adopted from the chain by its id. */
  handle: string
  /** `<txid>_<vout>` of the deploy+mint output. */
  tokenId: string
  supply: string
  /** The dividend contract's version: 2 (absent in records written before version 2: 1). */
  version?: 1 | 2
  /** Version 2: the contract's origin, output 1 of the issue transaction (`<txid>_1`). */
  origin?: string
  /** sha256 of the dividend contract's code part: how the indexer finds its current output. */
  dividendCodeHash: string
  /** Version 1: the key name (in the key file) of the operator, when this home holds it. */
  operatorKey?: string
  /** Version 2: the operator sets this home has read, by their hash (the keys, thresholds). */
  operatorSets?: Record<string, { keys: string[], m1: number, m2: number, approvalThreshold: string }>
  /** The dividend contract's output as this home last saw it (`<txid>_<vout>`). */
  dividend?: string
  /**
   * Version 2, while issuing: the signed issue transaction (hex), recorded before it is
   * broadcast, so that a run killed at any point adopts it instead of minting again.
   */
  issueTx?: string
}

/** The version of a token's dividend contract. */
export function versionOf (token: TokenRecord): 1 | 2 {
  return token.version ?? 1
}

/** The tokens of a Divvy home, in `tokens.json`, keyed by symbol. */
export class TokenRegistry {
  constructor (readonly file: string) {}

  all (): TokenRecord[] {
    if (!fs.existsSync(this.file)) return []
    try {
      return JSON.parse(fs.readFileSync(this.file, 'utf8')).tokens as TokenRecord[]
    } catch {
      throw new Error(`${this.file} is not a Divvy token registry (bad JSON); it was left untouched`)
    }
  }

  /** The token by symbol (or token id), or the only one when none is given. Tokens still being issued are not found. */
  find (symbol?: string): TokenRecord {
    const tokens = this.all().filter(t => t.issueTx === undefined)
    if (symbol !== undefined) {
      const t = tokens.find(x => x.symbol === symbol.replace(/^\$/, '').toUpperCase() || x.tokenId === symbol)
      if (t === undefined) throw new Error(`no token ${symbol.toUpperCase()} in ${this.file}: issue it first, or pass --token`)
      return t
    }
    if (tokens.length === 0) throw new Error(`no token issued yet in ${path.dirname(this.file)}: run 'divvy issue --handle <name>' first`)
    if (tokens.length > 1) throw new Error(`several tokens here (${tokens.map(t => t.symbol).join(', ')}): choose one with --token`)
    return tokens[0]
  }

  /** Adds or replaces the record of `record.symbol`. */
  add (record: TokenRecord): void {
    const tokens = this.all()
    const at = tokens.findIndex(t => t.symbol === record.symbol)
    if (at >= 0) tokens[at] = record
    else tokens.push(record)
    fs.mkdirSync(path.dirname(this.file), { recursive: true })
    const tmp = `${this.file}.${process.pid}.tmp`
    fs.writeFileSync(tmp, JSON.stringify({ tokens }, null, 2) + '\n')
    fs.renameSync(tmp, this.file)
  }
}
