import { bsv, ByteString } from 'scrypt-ts'
import { Dividend } from '../dividend'
import { deployMintInscription, tokenOutputScript } from './bsv21'
import type { FeeWallet } from './contractCall'
import { verifyKeyProof } from './keyProof'
import { operatorsDataScript } from './operatorsData'
import { normalizeOperatorSet, operatorSetHash, type OperatorSet } from './operatorSet'
import { buildWalletPayment } from './walletPayment'

/** The smallest deposit when the issuer sets none: 10,000 satoshis (griefing the contract's one output costs real money, and it goes to the holders). */
export const DEFAULT_MIN_DEPOSIT = 10_000n

/** What `buildIssueTransaction` issues: the token, its owner, its contract's operator set and minimum deposit, and who pays. */
export interface IssueSpec {
  symbol: string
  supply: bigint
  /** pkh (hex) of the owner of the whole supply. */
  ownerPkh: string
  operators: OperatorSet
  /** One proof of possession per key, in the set's slot order (keyProof.ts). */
  proofs: readonly string[]
  minDeposit: bigint
  wallet: FeeWallet
}

/** The output of the issue transaction that holds the dividend contract (the token's origin is output 0). */
export const CONTRACT_VOUT = 1

/**
 * The one transaction that issues a token: output 0 the BSV-21 deploy+mint of the whole
 * supply on 1 satoshi to the owner, output 1 the dividend contract (1 satoshi, round 0,
 * cursor C_n, the operator set), output 2 the published set with each key's proof, then the
 * wallet's change. The token id `<txid>_0` names the contract's origin `<txid>_1`. No script
 * checks the deploy output, so every key's proof is checked here first.
 */
export function buildIssueTransaction (spec: IssueSpec): { tx: bsv.Transaction, contract: Dividend } {
  const set = normalizeOperatorSet(spec.operators)
  if (spec.proofs.length !== set.keys.length) throw new Error(`one proof per operator key: ${set.keys.length} keys, ${spec.proofs.length} proofs`)
  set.keys.forEach((key, i) => {
    if (!verifyKeyProof(key, spec.proofs[i])) throw new Error(`the proof for operator key ${key} does not verify: its holder must sign it`)
  })
  if (spec.minDeposit < 1n) throw new Error('the minimum deposit is at least 1 satoshi')
  const contract = new Dividend(spec.supply, spec.minDeposit, operatorSetHash(set) as ByteString)
  const tx = buildWalletPayment([
    { script: tokenOutputScript(spec.ownerPkh, deployMintInscription(spec.symbol, spec.supply)), satoshis: 1 },
    { script: contract.lockingScript, satoshis: 1 },
    { script: operatorsDataScript(set, spec.proofs), satoshis: 0 }
  ], spec.wallet)
  return { tx, contract }
}
