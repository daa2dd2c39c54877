import { CONTRACT_ARTIFACTS, loadArtifacts } from '../../contracts/offchain/artifacts'
import { ensureArtifacts } from '../compile/ensureArtifacts'

/**
 * Loads the contract artifacts once; in a clone of Divvy the ones compiled from contracts/ are
 * compiled first when missing or older than their sources (an installed package ships them
 * compiled), and the frozen ones are used as committed.
 */
export function loadContractArtifacts (log: (line: string) => void = line => console.error(line)): void {
  ensureArtifacts(CONTRACT_ARTIFACTS.filter(c => !c.frozen).map(c => c.name), log)
  loadArtifacts()
}
