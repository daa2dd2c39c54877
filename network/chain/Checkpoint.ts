import { MAINNET_RULES, REGTEST_RULES, TESTNET_RULES, type ChainRules } from './ChainRules'

/**
 * A block every header chain of a network must pass through, compiled into the project:
 * headers are trusted only when they link back to it, each with its proof of work.
 */
export interface Checkpoint {
  height: number
  hash: string
  rules: ChainRules
}

/**
 * The Bitcoin SV node's own last checkpoints (src/chainparams.cpp, checkpointData): mainnet's
 * Monolith activation block and testnet's DAA activation block.
 */
export const MAINNET_CHECKPOINT: Checkpoint = {
  height: 530359,
  hash: '0000000000000000011ada8bd08f46074f44a8f155396f43e38acf9501c49103',
  rules: MAINNET_RULES
}

export const TESTNET_CHECKPOINT: Checkpoint = {
  height: 1188697,
  hash: '0000000000170ed0918077bde7b4d36cc4c91be69fa09211f748240dabe047fb',
  rules: TESTNET_RULES
}

/** The genesis of a regtest-rules chain (the devnet's, or any chain built like it). */
export function regtestCheckpoint (genesisHash: string): Checkpoint {
  return { height: 0, hash: genesisHash, rules: REGTEST_RULES }
}
