import { holderKey } from './BenchKey'
import { FEE_PER_STEP, keyOf, signTx, TRANSFER_FEE, type BenchTx, type ChainStart, type Spendable } from './ChainBuilder'
import type { TxOutputSpec } from './Sighash'
import { deployOutput, transferOutput } from './TokenScripts'

export const BENCH_SYMBOL = 'DIVVYBENCH'
/** The token's whole supply (Divvy's fixed supply per handle). */
export const BENCH_SUPPLY = 1_000_000_000n
const ISSUER = 'issuer'
const PAYER = 'payer'

export interface Genesis {
  tokenId: string
  deploy: BenchTx
  /** The first transfer: the issuer's supply fanned out to every chain's first holder. */
  fan: BenchTx
  chains: ChainStart[]
}

/**
 * The deploy+mint of the whole supply to an issuer (the same transaction funds one fee
 * output per chain and one for the fan-out), and the fan-out transfer that gives each chain
 * its first holder and share of the supply.
 */
export function buildGenesis (funding: Spendable, chainSteps: number[], holderCount: number): Genesis {
  const chainCount = chainSteps.length
  const payer = keyOf(PAYER)
  const outputs: TxOutputSpec[] = [deployOutput(BENCH_SYMBOL, BENCH_SUPPLY, keyOf(ISSUER))]
  for (const steps of chainSteps) outputs.push({ satoshis: BigInt(steps) * FEE_PER_STEP + 1000n, script: payer.p2pkh })
  outputs.push({ satoshis: BigInt(chainCount) + TRANSFER_FEE + 1000n, script: payer.p2pkh })
  const spent = outputs.reduce((sum, o) => sum + o.satoshis, 0n) + 10n * TRANSFER_FEE
  if (spent >= funding.satoshis) throw new Error(`the funding output holds ${funding.satoshis} satoshis, the benchmark needs ${spent}`)
  outputs.push({ satoshis: funding.satoshis - spent, script: keyOf(funding.owner).p2pkh })
  const deploy = signTx([funding], outputs)
  const tokenId = `${deploy.txid}_0`
  const out = (vout: number, owner: number | string): Spendable => ({ txid: deploy.txid, vout, script: outputs[vout].script, satoshis: outputs[vout].satoshis, owner })

  const fanFee = out(chainCount + 1, PAYER)
  const fanOutputs: TxOutputSpec[] = []
  const shares: bigint[] = []
  const firstHolder = (c: number): number => (c * 10) % holderCount
  for (let c = 0; c < chainCount; c++) {
    const share = BENCH_SUPPLY / BigInt(chainCount) + (BigInt(c) < BENCH_SUPPLY % BigInt(chainCount) ? 1n : 0n)
    shares.push(share)
    fanOutputs.push(transferOutput(tokenId, share, holderKey(firstHolder(c))))
  }
  fanOutputs.push({ satoshis: fanFee.satoshis + 1n - BigInt(chainCount) - TRANSFER_FEE, script: payer.p2pkh })
  const fan = signTx([out(0, ISSUER), fanFee], fanOutputs)
  const chains = shares.map((amount, c): ChainStart => ({
    chain: c,
    token: { txid: fan.txid, vout: c, script: fanOutputs[c].script, satoshis: 1n, owner: firstHolder(c) },
    amount,
    holder: firstHolder(c),
    fee: out(c + 1, PAYER),
    steps: chainSteps[c]
  }))
  return { tokenId, deploy, fan, chains }
}
