import * as fs from 'fs'
import * as path from 'path'
import { Bsv21Token } from '../../contracts/bsv21Token'
import { Dividend } from '../../contracts/dividend'
import { ensureArtifacts } from '../compile/ensureArtifacts'

const ARTIFACTS = path.resolve(__dirname, '..', '..', 'artifacts')
let loaded = false

/** Loads the compiled Dividend and Bsv21Token artifacts once, compiling them first when they are missing or stale. */
export function loadContractArtifacts (log: (line: string) => void = line => console.error(line)): void {
  if (loaded) return
  ensureArtifacts(['dividend', 'bsv21Token'], log)
  for (const [cls, file] of [[Dividend, 'dividend.json'], [Bsv21Token, 'bsv21Token.json']] as const) {
    const at = path.join(ARTIFACTS, file)
    if (!fs.existsSync(at)) throw new Error(`${path.relative(process.cwd(), at)} is missing: run 'npm run compile' first`)
    cls.loadArtifact(JSON.parse(fs.readFileSync(at, 'utf8')))
  }
  loaded = true
}
