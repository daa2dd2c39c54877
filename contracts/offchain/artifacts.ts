import { readFileSync } from 'fs'
import * as path from 'path'
import type { Artifact } from 'scrypt-ts'
import { packageRoot } from '../../runtime/packageFiles'
import { Bsv21Token } from '../bsv21Token'
import { Dividend } from '../dividend'
import { DividendV1 } from '../v1/dividendV1'

/**
 * The package's contract classes and the compiled artifact of each (`artifacts/<name>.json`,
 * shipped in the package, so a consumer needs no compiler). A new contract is one line here.
 * A frozen artifact is the exact script deployed contracts of an earlier version carry: it is
 * committed and never recompiled.
 */
export const CONTRACT_ARTIFACTS = [
  { name: 'dividend', contract: Dividend, frozen: false },
  { name: 'bsv21Token', contract: Bsv21Token, frozen: false },
  { name: 'dividendV1', contract: DividendV1, frozen: true }
] as const

/** The name of one of the package's contracts, which is also its artifact's file name. */
export type ContractName = typeof CONTRACT_ARTIFACTS[number]['name']

/** Where the compiled artifact of one of the package's contracts is. */
export function artifactFile (name: ContractName): string {
  return path.join(packageRoot(__dirname), 'artifacts', `${name}.json`)
}

/** The compiled artifact of one of the package's contracts, as `SmartContract.loadArtifact` takes it. */
export function readArtifact (name: ContractName): Artifact {
  const file = artifactFile(name)
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Artifact
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT'
    throw new Error(missing ? `${file} is missing: in a clone of Divvy, run 'npm run compile'` : `${file} is not an artifact: ${(e as Error).message}`)
  }
}

let loaded = false

/**
 * Loads the compiled artifacts into the contract classes (Dividend, Bsv21Token, DividendV1),
 * once per process: call it before constructing a contract.
 */
export function loadArtifacts (): void {
  if (loaded) return
  for (const { name, contract } of CONTRACT_ARTIFACTS) contract.loadArtifact(readArtifact(name))
  loaded = true
}
