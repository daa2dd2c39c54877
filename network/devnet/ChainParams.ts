/** Bitcoin SV regtest consensus constants, as the node defines them for `-regtest`. */
export const Regtest = {
  /** The regtest genesis block (hash 0f9188f1...2206), serialized. */
  genesisBlockHex:
    '0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4adae5494dffff7f2002000000' +
    '0101000000010000000000000000000000000000000000000000000000000000000000000000ffffffff4d04ffff001d0104455468652054696d65732030332f4a616e2f32303039204368616e63656c6c6f72206f6e206272696e6b206f66207365636f6e64206261696c6f757420666f722062616e6b73ffffffff0100f2052a01000000434104678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5fac00000000',
  genesisHash: '0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206',
  /** Compact proof-of-work target: regtest's powLimit, never retargeted. */
  bits: 0x207fffff,
  subsidyHalvingInterval: 150,
  initialSubsidy: 5_000_000_000n,
  coinbaseMaturity: 100,
  /** Base58 prefix of P2PKH addresses on regtest and testnet. */
  addressPrefix: 0x6f,
  blockVersion: 0x20000000,
  /** The node's default JSON-RPC port for regtest. */
  rpcPort: 18332
} as const

/** The coinbase subsidy at a height: 50 BSV halving every 150 blocks on regtest. */
export function blockSubsidy (height: number): bigint {
  const halvings = Math.floor(height / Regtest.subsidyHalvingInterval)
  if (halvings >= 64) return 0n
  return Regtest.initialSubsidy >> BigInt(halvings)
}

/** The 256-bit target a block hash must not exceed, from its compact `bits`. */
export function targetFromBits (bits: number): bigint {
  const exponent = bits >>> 24
  const mantissa = BigInt(bits & 0x007fffff)
  return exponent <= 3 ? mantissa >> BigInt(8 * (3 - exponent)) : mantissa << BigInt(8 * (exponent - 3))
}

/** Difficulty as bitcoind reports it: the difficulty-1 target divided by this one. */
export function difficultyFromBits (bits: number): number {
  let shift = (bits >>> 24) & 0xff
  let diff = 0x0000ffff / (bits & 0x00ffffff)
  while (shift < 29) { diff *= 256; shift++ }
  while (shift > 29) { diff /= 256; shift-- }
  return diff
}
