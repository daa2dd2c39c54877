import { createHash } from 'crypto'
import { HD } from '@bsv/sdk'

/**
 * The public key the 1Sat indexer derives every BSV-21 token's indexing-fund address from
 * (shruggr/1sat-indexer, `idxHdKey`).
 */
export const ONESAT_FUND_XPUB = 'xpub661MyMwAqRbcF221R74MPqdipLsgUevAAX4hZP2rywyEeShpbe3v2r9ciAvSGT6FB22TEmFLdUyeEDJL4ekG8s9H5WXbzDQPr6eW1zEYYy9'

/** The 1Sat indexer starts indexing a token once its fund has received this much (its `includeThreshold`; 0.1 BSV). */
export const ONESAT_FUND_THRESHOLD = 10_000_000n
/** What the indexer takes from the fund per output it indexes. */
export const ONESAT_FEE_PER_OUTPUT = 1_000n

/**
 * The 36-byte outpoint the fund path is hashed from. The reference indexers disagree: the
 * 1sat-indexer `v4` line and b-open-io's 1sat-stack take the txid as it is written (display
 * order) followed by the vout big-endian; the 1sat-indexer `main` line takes the wire order
 * (reversed txid, little-endian vout). Divvy uses the former, which the indexer behind the
 * public API was built from; `divvy list` prefers the address the API itself reports.
 */
export function fundOutpointBytes (tokenId: string): Buffer {
  const [txid, vout] = tokenId.split('_')
  const b = Buffer.alloc(36)
  Buffer.from(txid, 'hex').copy(b, 0)
  b.writeUInt32BE(Number(vout), 32)
  return b
}

/** The unhardened path `21/(BE32(h[0:4])>>1)/(BE32(h[24:28])>>1)` with h = sha256 of the outpoint bytes. */
export function fundPath (tokenId: string): string {
  const h = createHash('sha256').update(fundOutpointBytes(tokenId)).digest()
  return `m/21/${h.readUInt32BE(0) >>> 1}/${h.readUInt32BE(24) >>> 1}`
}

/** The address 1Sat's indexer expects a token's indexing fund to be paid to. */
export function fundAddress (tokenId: string, network: 'mainnet' | 'testnet', xpub = ONESAT_FUND_XPUB): string {
  const key = HD.fromString(xpub).derive(fundPath(tokenId))
  return key.pubKey.toAddress(network === 'mainnet' ? [0x00] : [0x6f])
}
