import * as fs from 'fs'
import * as path from 'path'
import { Bsv21Token } from '../../contracts/bsv21Token'
import { Dividend } from '../../contracts/dividend'

const ARTIFACTS = path.resolve(__dirname, '..', '..', 'artifacts')
let loaded = false

/** Loads the compiled Dividend and Bsv21Token artifacts once; a clear error when they are missing. */
export function loadContractArtifacts (): void {
  if (loaded) return
  for (const [cls, file] of [[Dividend, 'dividend.json'], [Bsv21Token, 'bsv21Token.json']] as const) {
    const at = path.join(ARTIFACTS, file)
    if (!fs.existsSync(at)) throw new Error(`${path.relative(process.cwd(), at)} is missing: run 'npm run compile' first`)
    cls.loadArtifact(JSON.parse(fs.readFileSync(at, 'utf8')))
  }
  loaded = true
}
