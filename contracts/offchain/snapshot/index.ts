// The pure snapshot rules of docs/design.md "Snapshots and their commitment", with no storage dependency:
// the dividend contract's off-chain helpers and the indexer's snapshot route both import them from here.
export { num2bin } from './Num2bin'
export { buildLeaves, compareLeaves, type Leaf, type Holding } from './Leaf'
export { EMPTY_COMMITMENT, linkLeaf, commitLeaves, commitmentChain } from './Commitment'
export { payoutOf, cutUnpayable } from './Payout'
export { buildSnapshot, type Snapshot } from './Snapshot'
