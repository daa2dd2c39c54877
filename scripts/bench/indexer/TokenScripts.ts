import { deployMintInscription, transferInscription } from '../../../contracts/offchain/bsv21'
import type { BenchKey } from './BenchKey'
import type { TxOutputSpec } from './Sighash'

/** A 1-satoshi `transfer` output to `owner`: the envelope, then P2PKH, as js-1sat-ord writes it. */
export const transferOutput = (tokenId: string, amount: bigint, owner: BenchKey): TxOutputSpec =>
  ({ satoshis: 1n, script: Buffer.concat([Buffer.from(transferInscription(tokenId, amount).toBuffer()), owner.p2pkh]) })

/** The 1-satoshi `deploy+mint` output of the whole supply to `owner`. */
export const deployOutput = (symbol: string, supply: bigint, owner: BenchKey): TxOutputSpec =>
  ({ satoshis: 1n, script: Buffer.concat([Buffer.from(deployMintInscription(symbol, supply).toBuffer()), owner.p2pkh]) })
