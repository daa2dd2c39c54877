import * as fs from 'fs'
import * as path from 'path'
import { Bsv21Token } from '../../contracts/bsv21Token'
import { Dividend } from '../../contracts/dividend'
import { DividendV1 } from '../../contracts/v1/dividendV1'
import { ensureArtifacts } from '../compile/ensureArtifacts'

const ARTIFACTS = path.resolve(__dirname, '..', '..', 'artifacts')
let loaded = false

/**
 * Loads the contract artifacts once: Dividend and Bsv21Token compiled first when they are
 * missing or stale, and version 1 of the dividend contract from its frozen artifact (the exact
 * script its deployed contracts carry, never recompiled).
 */
export function loadContractArtifacts (log: (line: string) => void = line => console.error(line)): void {
  if (loaded) return
  ensureArtifacts(['dividend', 'bsv21Token'], log)
  for (const [cls, file] of [[Dividend, 'dividend.json'], [Bsv21Token, 'bsv21Token.json'], [DividendV1, 'dividendV1.json']] as const) {
    const at = path.join(ARTIFACTS, file)
    if (!fs.existsSync(at)) throw new Error(`${path.relative(process.cwd(), at)} is missing: run 'npm run compile' first`)
    cls.loadArtifact(JSON.parse(fs.readFileSync(at, 'utf8')))
  }
  loaded = true
}
