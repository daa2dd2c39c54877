/**
 * `divvy/contracts`: the scrypt-ts contract classes, their compiled artifacts (shipped in the
 * package: no compiler needed), and the typed helpers that build every call of the dividend
 * contract from the compiled script (no TypeScript body decides anything).
 *
 * ```ts
 * import { loadArtifacts, buildIssueTransaction, deposit, approve, distribute } from 'divvy/contracts'
 * loadArtifacts()
 * ```
 * @packageDocumentation
 */

// The contract classes and their artifacts.
export { Dividend } from '../contracts/dividend'
export { Bsv21Token } from '../contracts/bsv21Token'
export { DividendV1 } from '../contracts/v1/dividendV1'
export { loadArtifacts, readArtifact, artifactFile, CONTRACT_ARTIFACTS, type ContractName } from '../contracts/offchain/artifacts'

// Issuing: the one transaction with the token, its contract and the proven operator set.
export { buildIssueTransaction, CONTRACT_VOUT, DEFAULT_MIN_DEPOSIT, type IssueSpec } from '../contracts/offchain/issueTransaction'
export { keyProof, verifyKeyProof } from '../contracts/offchain/keyProof'

// Calls: deposit, distribute, and the operators' approvals (start a round, recommit, end a round, hand over the role).
export { deposit, distribute, approve, batchBytes, type Approval, type DividendStep } from '../contracts/offchain/dividendCalls'
export { dividendState, type DividendState } from '../contracts/offchain/dividendState'
export { partialDeposit, type PartialDeposit, type PartialDepositOptions, type UnlockedInput, type ActionOutput } from '../contracts/offchain/partialDeposit'
export { ActionKind, actionHash, acceptanceOf, describeAction, type DividendAction } from '../contracts/offchain/dividendAction'
export { approvalOutcome, approvalsNeeded, slotsOf, type ApprovalOutcome } from '../contracts/offchain/approvalTally'
export {
  MAX_OPERATOR_KEYS, OPERATOR_SET_BYTES, singleKeySet, normalizeOperatorSet, encodeOperatorSet, decodeOperatorSet, operatorSetHash, slotOf,
  type OperatorSet
} from '../contracts/offchain/operatorSet'
export { planBatches, paidSoFar, type DistributionBatch } from '../contracts/offchain/distributionPlan'

// What calls publish beside the contract: a round's leaves, the operator set, a proposal.
export { leavesDataScript, parseLeavesData, LEAVES_TAG } from '../contracts/offchain/leavesData'
export { operatorsDataScript, parseOperatorsData, OPERATORS_TAG } from '../contracts/offchain/operatorsData'
export { proposalDataScript, parseProposalData, PROPOSAL_TAG } from '../contracts/offchain/proposalData'

// The fee wallet of a call, and the call and payment builders under the helpers above.
export {
  buildContractCall, unlockingScriptOf, pinnedSignature,
  type Coin, type FeeWallet, type ContractUtxo, type ContractCallSpec, type ChangeArgument
} from '../contracts/offchain/contractCall'
export { buildWalletPayment } from '../contracts/offchain/walletPayment'

/** The first version of the dividend contract (one operator key, a `tokenId` prop): its calls, for contracts deployed by it. */
export * as v1 from '../contracts/v1/dividendV1Calls'
