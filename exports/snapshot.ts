/**
 * `divvy/snapshot`: the snapshot rules every reader of a round agrees on, byte for byte: the
 * leaves `(pkh, amount)` of the payable holders, ordered by amount descending then pkh, the
 * ones a pool would pay nothing cut, and the commitment, the reverse hash chain
 * `C_n = 32 zero bytes, C_i = sha256(pkh_i || num2bin(amount_i, 8) || C_(i+1))`.
 * @packageDocumentation
 */
export {
  num2bin, buildLeaves, compareLeaves, EMPTY_COMMITMENT, linkLeaf, commitLeaves, commitmentChain, payoutOf, cutUnpayable, buildSnapshot,
  type Leaf, type Holding, type Snapshot
} from '../contracts/offchain/snapshot'
