// npm run bench:distribute — a whole dividend round on the embedded devnet: bytes on chain
// per holder paid (and where they go), fee per holder at 1 and 100 sat/kB, the bytes of one
// deposit, and the wall time to build, sign, broadcast and confirm every batch.
import * as fs from 'fs'
import * as os from 'os'
import * as path from 'path'
import { randomBytes } from 'crypto'
import { PrivateKey } from '@bsv/sdk'
import { bsv } from 'scrypt-ts'
import { Dividend } from '../../contracts/dividend'
import { DIVVY_SUPPLY } from '../../contracts/offchain/bsv21'
import { ActionKind, type DividendAction } from '../../contracts/offchain/dividendAction'
import { approve, deposit, distribute } from '../../contracts/offchain/dividendCalls'
import { planBatches, type DistributionBatch } from '../../contracts/offchain/distributionPlan'
import { buildIssueTransaction, CONTRACT_VOUT, DEFAULT_MIN_DEPOSIT } from '../../contracts/offchain/issueTransaction'
import { keyProof } from '../../contracts/offchain/keyProof'
import { leavesDataScript } from '../../contracts/offchain/leavesData'
import { singleKeySet } from '../../contracts/offchain/operatorSet'
import { buildLeaves, commitLeaves, type Leaf } from '../../contracts/offchain/snapshot'
import { DividendV1 } from '../../contracts/v1/dividendV1'
import { deployDividendV1, deposit as depositV1, distribute as distributeV1, startRound as startRoundV1 } from '../../contracts/v1/dividendV1Calls'
import { feeWallet } from '../cli/CallSubmission'
import { loadContractArtifacts } from '../cli/contractArtifacts'
import { fundKey } from '../../network/devnet/fundedKey'
import { resolveNetwork } from '../../network/networks'
import { DivvyContext } from '../cli/DivvyContext'
import { parseOptions, scriptHelp, UsageError, type OptionSpecs } from '../cli/options'

const OPTIONS = {
  holders: { kind: 'integer', value: 'n', help: 'holders in the round (default 5000)' },
  'mine-every': { kind: 'integer', value: 'k', help: 'mine a block after every k batches (default 25)' },
  version: { kind: 'integer', value: '1|2', help: 'the contract version (default 2; 1 is the frozen first version, for comparison)' },
  help: { kind: 'flag', short: 'h', help: 'this text' }
} as const satisfies OptionSpecs

const HELP = scriptHelp('npm run bench:distribute --', `Runs one dividend round over N holders on a fresh embedded devnet and prints bytes on
chain per holder paid, fee per holder at 1 and 100 sat/kB, the bytes of a deposit, and the
wall time to build, sign, broadcast and confirm all batches. The holders are random public
key hashes with a random split of the supply: the contract only sees the snapshot
commitment, so the round costs the same as one over real token holders.`, OPTIONS)

function positive (value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback
  if (value < 1) throw new UsageError(`bench:distribute: --${name} must be a positive whole number`)
  return value
}

/** N holders splitting the supply, every one with a payable share of a 10 BSV pool. */
function randomHoldings (n: number): Leaf[] {
  const weights = Array.from({ length: n }, () => BigInt(1 + randomBytes(2).readUInt16LE(0)))
  const total = weights.reduce((s, w) => s + w, 0n)
  return buildLeaves(weights.map(w => ({ pkh: randomBytes(20).toString('hex'), amount: (DIVVY_SUPPLY * w) / total })))
}

const bytesOf = (tx: bsv.Transaction): number => tx.toBuffer().length

/** Where the bytes of one full distribute call go, per holder it pays. */
function breakdown (tx: bsv.Transaction, holders: number): string {
  const script = tx.outputs[0].script.toBuffer().length
  const unlocking = tx.inputs[0].script.toBuffer().length
  const leaves = tx.inputs[0].script.chunks.find(c => c.buf !== undefined && c.buf.length === holders * 28) !== undefined ? holders * 28 : 0
  const preimage = tx.inputs[0].script.chunks.reduce((max, c) => Math.max(max, c.buf?.length ?? 0), 0)
  const payouts = tx.outputs.slice(1, 1 + holders).reduce((s, o) => s + o.toBufferWriter().toBuffer().length, 0)
  const total = tx.toBuffer().length
  const per = (n: number): string => (n / holders).toFixed(1).padStart(6)
  return [
    `  the contract's script in its next output: ${per(script)}`,
    `  the same script in the preimage:          ${per(preimage)}  (preimage ${preimage} bytes)`,
    leaves > 0 ? `  the leaves (28 bytes each):               ${per(leaves)}` : '  the leaves: version 1 pushes each pkh and amount, counted in the rest',
    `  the P2PKH payouts (34 bytes each):        ${per(payouts)}`,
    `  the rest (other arguments, fee input, change, framing): ${per(total - script - preimage - leaves - payouts)}  (unlocking script ${unlocking} bytes)`
  ].join('\n')
}

async function main (): Promise<void> {
  const args = parseOptions('bench:distribute', process.argv.slice(2), OPTIONS)
  if (args.help === true) { console.log(HELP); return }
  const holders = positive(args.holders, 'holders', 5000)
  const mineEvery = positive(args['mine-every'], 'mine-every', 25)
  const version = args.version ?? 2
  if (version !== 1 && version !== 2) throw new UsageError('bench:distribute: --version is 1 or 2')
  loadContractArtifacts()
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'divvy-bench-'))
  const ctx = await DivvyContext.open({ settings: resolveNetwork({}), home, embedded: true })
  try {
    const operator = ctx.key('operator')
    await fundKey(ctx.rpc!, PrivateKey.fromWif(operator.toWIF()), 110)
    await ctx.sync()
    const leaves = randomHoldings(holders)
    const commitment = commitLeaves(leaves)
    const round = version === 2 ? await roundV2(ctx, operator, leaves, commitment) : await roundV1(ctx, operator, leaves, commitment)
    const batches = planBatches(leaves, commitment, Dividend.N, round.pool, DIVVY_SUPPLY)
    console.log(`version ${version}: round over ${leaves.length} holders in ${batches.length} batches of up to ${Dividend.N}`)

    const t0 = Date.now()
    let distributeBytes = 0
    let paidHolders = 0
    let full: bsv.Transaction | undefined
    let last = ''
    for (const [i, batch] of batches.entries()) {
      const tx = await round.pay(batch)
      if (full === undefined && batch.leaves.length === Dividend.N) full = tx
      distributeBytes += bytesOf(tx)
      paidHolders += batch.leaves.length
      if ((i + 1) % mineEvery === 0 || i === batches.length - 1) await ctx.mine(1)
      else await ctx.sync()
      if ((i + 1) % 20 === 0 || i === batches.length - 1) process.stdout.write(`\r  batch ${i + 1}/${batches.length}, ${paidHolders} holders paid`)
      last = tx.id
    }
    const seconds = (Date.now() - t0) / 1000
    console.log('')
    const perHolder = distributeBytes / paidHolders
    const lastTx = await ctx.provider.getTransaction(last)
    console.log(`dividend contract locking script: ${lastTx.outputs[0].script.toBuffer().length} bytes (version ${version}, batch size N = ${Dividend.N})`)
    console.log(`bytes on chain per holder paid:    ${perHolder.toFixed(1)} (budget <= 240)`)
    console.log(`fee per holder at 1 sat/kB:        ${(perHolder / 1000).toFixed(3)} sat`)
    console.log(`fee per holder at 100 sat/kB:      ${(perHolder / 10).toFixed(2)} sat`)
    console.log(`bytes of one deposit:              ${round.depositBytes}`)
    console.log(`start-round transaction:           ${round.startBytes} bytes (publishes ${leaves.length} leaves)`)
    console.log(`build, sign, broadcast, confirm:   ${seconds.toFixed(1)} s for ${batches.length} batches (target < 60 s)`)
    if (full !== undefined) console.log(`one distribute of ${Dividend.N} holders, bytes per holder paid:\n${breakdown(full, Dividend.N)}`)
    const end = version === 2 ? Dividend.fromTx(lastTx, 0).cursor : DividendV1.fromTx(lastTx, 0).cursor
    if (end !== '00'.repeat(32)) throw new Error('the round did not finish: the cursor is not the empty chain')
  } finally {
    await ctx.close()
    fs.rmSync(home, { recursive: true, force: true })
  }
}

interface BenchRound { pool: bigint, depositBytes: number, startBytes: number, pay: (batch: DistributionBatch) => Promise<bsv.Transaction> }

/** Version 2: issued in one transaction, a deposit, a round started by its one operator key. */
async function roundV2 (ctx: DivvyContext, operator: bsv.PrivateKey, leaves: Leaf[], commitment: string): Promise<BenchRound> {
  const set = singleKeySet(operator.publicKey.toString())
  const issued = buildIssueTransaction({ symbol: 'BENCH', supply: DIVVY_SUPPLY, ownerPkh: operator.toAddress().hashBuffer.toString('hex'), operators: set, proofs: [keyProof(operator)], minDeposit: DEFAULT_MIN_DEPOSIT, wallet: await feeWallet(ctx, 'operator') })
  await ctx.provider.sendTransaction(issued.tx)
  await ctx.sync()
  let at = { contract: Dividend.fromTx(issued.tx, CONTRACT_VOUT), utxo: { txid: issued.tx.id, vout: CONTRACT_VOUT, satoshis: 1 } }
  const moveTo = async (tx: bsv.Transaction): Promise<void> => {
    await ctx.provider.sendTransaction(tx)
    at = { contract: Dividend.fromTx(tx, 0), utxo: { txid: tx.id, vout: 0, satoshis: tx.outputs[0].satoshis } }
  }
  const pay = deposit(at.contract, at.utxo, 1_000_000_000n, await feeWallet(ctx, 'operator'))
  await moveTo(pay.tx)
  await ctx.mine(1)
  const height = await ctx.rpc!.getBlockCount()
  const action: DividendAction = { kind: ActionKind.StartRound, commitment, height: BigInt(height), pool: BigInt(at.utxo.satoshis) - 1n }
  const started = approve(at.contract, at.utxo, { action, signingSet: set, signers: [operator], data: [leavesDataScript('bench', height, leaves)] }, await feeWallet(ctx, 'operator'))
  await moveTo(started.tx)
  await ctx.mine(1)
  return {
    pool: action.pool,
    depositBytes: bytesOf(pay.tx),
    startBytes: bytesOf(started.tx),
    pay: async batch => {
      const { tx } = distribute(at.contract, at.utxo, batch, await feeWallet(ctx, 'operator'))
      await moveTo(tx)
      return tx
    }
  }
}

/** Version 1 (its frozen artifact), for comparison: deployed alone, a deposit, a round started by the operator. */
async function roundV1 (ctx: DivvyContext, operator: bsv.PrivateKey, leaves: Leaf[], commitment: string): Promise<BenchRound> {
  const signer = await ctx.signer('operator')
  const { contract } = await deployDividendV1(signer, `${'ab'.repeat(32)}_0`, DIVVY_SUPPLY, operator.publicKey)
  await ctx.sync()
  const pay = await depositV1(contract, 1_000_000_000n)
  await ctx.mine(1)
  const height = await ctx.rpc!.getBlockCount()
  const started = await startRoundV1(pay.next, operator.publicKey, `${'ab'.repeat(32)}_0`, height, leaves, commitment)
  await ctx.mine(1)
  let current: DividendV1 = started.next
  return {
    pool: current.roundPool,
    depositBytes: bytesOf(pay.tx),
    startBytes: bytesOf(started.tx),
    pay: async batch => {
      const step = await distributeV1(current, batch)
      current = step.next
      return step.tx
    }
  }
}

main().catch(e => { console.error(e instanceof UsageError ? e.message : `bench:distribute: ${(e as Error).message}`); process.exitCode = e instanceof UsageError ? 2 : 1 })
