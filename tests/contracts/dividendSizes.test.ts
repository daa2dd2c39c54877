import { expect } from 'chai'
import { createHash } from 'crypto'
import { bsv, ByteString } from 'scrypt-ts'
import { Dividend } from '../../contracts/dividend'
import type { FeeWallet } from '../../contracts/offchain/contractCall'
import { distribute } from '../../contracts/offchain/dividendCalls'
import { planBatches } from '../../contracts/offchain/distributionPlan'
import { singleKeySet, operatorSetHash } from '../../contracts/offchain/operatorSet'
import { buildLeaves, commitLeaves } from '../../contracts/offchain/snapshot'
import { contractArtifact } from '../support/compiledFixtures'
import { runInput } from '../support/scriptRunner'

// The dividend contract's size and what a holder costs on chain at N = 100, pinned (as
// merkle-distributor pins its gas): a change to the contract or the compiler that makes
// either grow fails here; one that shrinks them updates the pins, and the README's figures,
// in the same commit. Sizes are deterministic: fixed keys, leaves and coins, and signatures
// with deterministic nonces.
const PINNED = {
  /** The deployed contract's locking script: code, constructor values and state. */
  lockingScript: 7_854,
  /** A distribute transaction paying one full batch of N = 100 holders, with a fee input and change. */
  fullBatch: 22_387
}

const SUPPLY = 1_000_000_000n
const fixedKey = (seed: string): bsv.PrivateKey => new bsv.PrivateKey(createHash('sha256').update(seed).digest('hex'), 'testnet')
const fixedHex = (seed: string, bytes: number): string => createHash('sha256').update(seed).digest('hex').slice(0, bytes * 2)

describe('Dividend: script size and bytes per holder at N = 100, pinned', function () {
  this.timeout(180_000)

  before(() => { Dividend.loadArtifact(contractArtifact('dividend')) })

  it(`pays a full batch of ${Dividend.N} holders in a transaction of pinned size (the bytes per holder of bench:distribute)`, () => {
    expect(Dividend.N).to.equal(100)
    const operator = fixedKey('operator')
    const deployed = new Dividend(SUPPLY, 10_000n, operatorSetHash(singleKeySet(operator.publicKey.toString())) as ByteString)
    expect(deployed.lockingScript.toBuffer().length, 'the locking script').to.equal(PINNED.lockingScript)

    // 100 holders splitting the supply, a round of 10 BSV running over them.
    const leaves = buildLeaves(Array.from({ length: Dividend.N }, (_, i) => ({ pkh: fixedHex(`holder ${i}`, 20), amount: SUPPLY / 100n + BigInt(i) - 50n })))
    const commitment = commitLeaves(leaves)
    const pool = 1_000_000_000n
    const running = deployed.next()
    Object.assign(running, { round: 1n, snapshotHeight: 100n, cursor: commitment, roundPool: pool, roundPaid: 0n })
    const utxo = { txid: fixedHex('contract', 32), vout: 0, satoshis: Number(pool) + 1 }
    const crank = fixedKey('crank')
    const wallet: FeeWallet = { key: crank, feePerKb: 1, coins: [{ txid: fixedHex('coin', 32), vout: 0, satoshis: 10_000_000, script: bsv.Script.buildPublicKeyHashOut(crank.toAddress()).toHex() }] }
    const [batch] = planBatches(leaves, commitment, Dividend.N, pool, SUPPLY)
    expect(batch.leaves).to.have.length(Dividend.N)

    const { tx } = distribute(running, utxo, batch, wallet)
    // The compiled script accepts it: the size pinned is that of a valid call.
    expect(runInput(tx.toString(), 0, { lockingScriptHex: running.lockingScript.toHex(), satoshis: BigInt(utxo.satoshis) })).to.equal(null)
    const bytes = tx.toBuffer().length
    expect(bytes, `a full batch: ${bytes} bytes, ${(bytes / Dividend.N).toFixed(2)} per holder`).to.equal(PINNED.fullBatch)
    expect(bytes / Dividend.N, 'bytes on chain per holder paid').to.be.below(250)
  })
})
