/**
 * The proof-of-work rules of a chain, as the Bitcoin SV node defines them (chainparams.cpp,
 * pow.cpp): the easiest target allowed, the block spacing, whether the target ever changes,
 * testnet's 20-minute minimum-difficulty rule, and from which height the per-block
 * difficulty adjustment (DAA, November 2017) applies.
 */
export interface ChainRules {
  name: string
  powLimit: bigint
  /** Seconds between blocks the difficulty aims at (600). */
  targetSpacing: number
  /** regtest: the target never changes. */
  noRetargeting: boolean
  /** testnet and regtest: a block more than 2 spacings after its parent may use powLimit. */
  allowMinDifficultyBlocks: boolean
  /** The height from which each block's target follows the DAA (the block after daaHeight). */
  daaHeight: number
}

const POW_LIMIT = BigInt('0x00000000ffffffffffffffffffffffffffffffffffffffffffffffffffffffff')

export const MAINNET_RULES: ChainRules = {
  name: 'mainnet', powLimit: POW_LIMIT, targetSpacing: 600, noRetargeting: false, allowMinDifficultyBlocks: false, daaHeight: 504031
}

export const TESTNET_RULES: ChainRules = {
  name: 'testnet', powLimit: POW_LIMIT, targetSpacing: 600, noRetargeting: false, allowMinDifficultyBlocks: true, daaHeight: 1188697
}

/** regtest, the devnet and chains built like them: bits 0x207fffff for ever. */
export const REGTEST_RULES: ChainRules = {
  name: 'regtest', powLimit: BigInt('0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff'), targetSpacing: 600, noRetargeting: true, allowMinDifficultyBlocks: true, daaHeight: 0
}
