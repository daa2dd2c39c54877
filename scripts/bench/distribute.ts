// npm run bench:distribute — a whole dividend round on the embedded devnet: bytes on chain
// per holder paid, fee per holder at 1 and 100 sat/kB, the bytes of one deposit, and the
// wall time to build, sign, broadcast and confirm every batch.
import * as fs from 'fs'
import * as os from 'os'
import * as path from 'path'
import { randomBytes } from 'crypto'
import { PrivateKey } from '@bsv/sdk'
import { bsv } from 'scrypt-ts'
import { DividendV1 } from '../../contracts/v1/dividendV1'
import { loadContractArtifacts } from '../cli/contractArtifacts'
import { DIVVY_SUPPLY } from '../../contracts/offchain/bsv21'
import { planBatches } from '../../contracts/offchain/distributionPlan'
import { deployDividendV1, deposit, distribute, startRound } from '../../contracts/v1/dividendV1Calls'
import { buildLeaves, commitLeaves, type Leaf } from '../../contracts/offchain/snapshot'
import { fundKey } from '../../network/devnet/fundedKey'
import { resolveNetwork } from '../../network/networks'
import { DivvyContext } from '../cli/DivvyContext'
import { parseOptions, scriptHelp, UsageError, type OptionSpecs } from '../cli/options'

const OPTIONS = {
  holders: { kind: 'integer', value: 'n', help: 'holders in the round (default 5000)' },
  'mine-every': { kind: 'integer', value: 'k', help: 'mine a block after every k batches (default 25)' },
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

async function main (): Promise<void> {
  const args = parseOptions('bench:distribute', process.argv.slice(2), OPTIONS)
  if (args.help === true) { console.log(HELP); return }
  const holders = positive(args.holders, 'holders', 5000)
  const mineEvery = positive(args['mine-every'], 'mine-every', 25)
  loadContractArtifacts()
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'divvy-bench-'))
  const ctx = await DivvyContext.open({ settings: resolveNetwork({}), home, embedded: true })
  try {
    const operator = ctx.key('operator')
    await fundKey(ctx.rpc!, PrivateKey.fromWif(operator.toWIF()), 110)
    await ctx.sync()
    const signer = await ctx.signer('operator')
    const { contract } = await deployDividendV1(signer, `${'ab'.repeat(32)}_0`, DIVVY_SUPPLY, operator.publicKey)
    await ctx.sync()
    const pay = await deposit(contract, 1_000_000_000n)
    const depositBytes = bytesOf(pay.tx)
    await ctx.mine(1)

    const leaves = randomHoldings(holders)
    const commitment = commitLeaves(leaves)
    const height = await ctx.rpc!.getBlockCount()
    const started = await startRound(pay.next, operator.publicKey, `${'ab'.repeat(32)}_0`, height, leaves, commitment)
    await ctx.mine(1)
    let current: DividendV1 = started.next
    const batches = planBatches(leaves, commitment, DividendV1.N, current.roundPool, DIVVY_SUPPLY)
    console.log(`round over ${leaves.length} holders in ${batches.length} batches of up to ${DividendV1.N}`)

    const t0 = Date.now()
    let distributeBytes = 0
    let paidHolders = 0
    for (const [i, batch] of batches.entries()) {
      const step = await distribute(current, batch)
      distributeBytes += bytesOf(step.tx)
      paidHolders += batch.leaves.length
      current = step.next
      if ((i + 1) % mineEvery === 0 || i === batches.length - 1) await ctx.mine(1)
      else await ctx.sync()
      if ((i + 1) % 20 === 0 || i === batches.length - 1) process.stdout.write(`\r  batch ${i + 1}/${batches.length}, ${paidHolders} holders paid`)
    }
    const seconds = (Date.now() - t0) / 1000
    console.log('')
    const perHolder = distributeBytes / paidHolders
    const scriptBytes = current.lockingScript.toBuffer().length
    console.log(`dividend contract locking script: ${scriptBytes} bytes (batch size N = ${DividendV1.N})`)
    console.log(`bytes on chain per holder paid:    ${perHolder.toFixed(1)} (target <= 250)`)
    console.log(`fee per holder at 1 sat/kB:        ${(perHolder / 1000).toFixed(3)} sat`)
    console.log(`fee per holder at 100 sat/kB:      ${(perHolder / 10).toFixed(2)} sat`)
    console.log(`bytes of one deposit:              ${depositBytes}`)
    console.log(`start-round transaction:           ${bytesOf(started.tx)} bytes (publishes ${leaves.length} leaves)`)
    console.log(`build, sign, broadcast, confirm:   ${seconds.toFixed(1)} s for ${batches.length} batches (target < 60 s)`)
    if (current.cursor !== '00'.repeat(32)) throw new Error('the round did not finish: the cursor is not the empty chain')
  } finally {
    await ctx.close()
    fs.rmSync(home, { recursive: true, force: true })
  }
}

main().catch(e => { console.error(e instanceof UsageError ? e.message : `bench:distribute: ${(e as Error).message}`); process.exitCode = e instanceof UsageError ? 2 : 1 })
