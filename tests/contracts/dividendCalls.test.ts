import { expect } from 'chai'
import { randomBytes } from 'crypto'
import { bsv } from 'scrypt-ts'
import { Dividend } from '../../contracts/dividend'
import { Bsv21Token } from '../../contracts/bsv21Token'
import { acceptanceOf, ActionKind, type DividendAction } from '../../contracts/offchain/dividendAction'
import { approve, deposit, distribute } from '../../contracts/offchain/dividendCalls'
import type { Coin, FeeWallet } from '../../contracts/offchain/contractCall'
import { planBatches } from '../../contracts/offchain/distributionPlan'
import { buildIssueTransaction, CONTRACT_VOUT } from '../../contracts/offchain/issueTransaction'
import { keyProof, verifyKeyProof } from '../../contracts/offchain/keyProof'
import { leavesDataScript } from '../../contracts/offchain/leavesData'
import { parseOperatorsData } from '../../contracts/offchain/operatorsData'
import { normalizeOperatorSet, operatorSetHash, type OperatorSet } from '../../contracts/offchain/operatorSet'
import { parseProposalData, proposalDataScript } from '../../contracts/offchain/proposalData'
import { buildLeaves, commitLeaves } from '../../contracts/offchain/snapshot'
import { contractArtifact } from '../support/compiledFixtures'
import { runInput, type ScriptFailure } from '../support/scriptRunner'

const SUPPLY = 1_000_000_000n

/** A wallet of fresh coins (never on a chain: only the contract input is run here). */
function wallet (key = bsv.PrivateKey.fromRandom('testnet'), coins = 3): FeeWallet {
  const script = bsv.Script.buildPublicKeyHashOut(key.toAddress()).toHex()
  const list: Coin[] = Array.from({ length: coins }, (_, i) => ({ txid: randomBytes(32).toString('hex'), vout: i, satoshis: 50_000_000, script }))
  return { key, coins: list, feePerKb: 1 }
}

/** The contract where it now stands, as a reader finds it: read back from the transaction. */
function at (tx: bsv.Transaction, vout: number): { contract: Dividend, utxo: { txid: string, vout: number, satoshis: number } } {
  return { contract: Dividend.fromTx(tx, vout), utxo: { txid: tx.id, vout, satoshis: tx.outputs[vout].satoshis } }
}

/** Runs the contract input (0) of `tx` against the output it spends. */
function verify (tx: bsv.Transaction, spent: bsv.Transaction, vout: number): ScriptFailure | null {
  return runInput(tx.toString(), 0, { lockingScriptHex: spent.outputs[vout].script.toHex(), satoshis: BigInt(spent.outputs[vout].satoshis) })
}

describe('Dividend version 2 off-chain calls (built by contracts/offchain, run in @bsv/sdk)', function () {
  this.timeout(300_000)
  const keys = [0, 1, 2].map(() => bsv.PrivateKey.fromRandom('testnet'))
  const set: OperatorSet = normalizeOperatorSet({ keys: keys.map(k => k.publicKey.toString()), m1: 1, m2: 2, approvalThreshold: 5_000_000n })
  const keyOf = (slot: number): bsv.PrivateKey => keys.find(k => k.publicKey.toString() === set.keys[slot])!
  const proofs = set.keys.map((_, i) => keyProof(keyOf(i)))
  const issuer = bsv.PrivateKey.fromRandom('testnet')

  before(() => {
    Dividend.loadArtifact(contractArtifact('dividend'))
    Bsv21Token.loadArtifact(contractArtifact('bsv21Token'))
  })

  it('proves keys: a proof verifies for its key only', () => {
    expect(verifyKeyProof(set.keys[0], proofs[0])).to.equal(true)
    expect(verifyKeyProof(set.keys[1], proofs[0])).to.equal(false)
    expect(verifyKeyProof('02' + 'ff'.repeat(32), proofs[0])).to.equal(false)
  })

  it('issues in one transaction: the token at output 0, the contract at 1, the proven set published at 2', () => {
    const { tx, contract } = buildIssueTransaction({ symbol: 'TEST', supply: SUPPLY, ownerPkh: issuer.toAddress().hashBuffer.toString('hex'), operators: set, proofs, minDeposit: 1_000n, wallet: wallet(issuer) })
    expect(tx.outputs[0].satoshis).to.equal(1)
    expect(tx.outputs[0].script.toHex()).to.contain(Buffer.from('deploy+mint').toString('hex'))
    expect(tx.outputs[CONTRACT_VOUT].script.toHex()).to.equal(contract.lockingScript.toHex())
    const origin = Dividend.fromTx(tx, CONTRACT_VOUT)
    expect([origin.round, origin.cursor, origin.operators, origin.proposal, origin.minDeposit]).to.deep.equal([0n, '00'.repeat(32), operatorSetHash(set), '', 1_000n])
    const published = parseOperatorsData(tx.outputs[2].script)
    expect(published?.set).to.deep.equal(set)
    expect(published?.proofs).to.deep.equal(proofs)
    expect(() => buildIssueTransaction({ symbol: 'TEST', supply: SUPPLY, ownerPkh: issuer.toAddress().hashBuffer.toString('hex'), operators: set, proofs: [proofs[1], proofs[0], proofs[2]], minDeposit: 1_000n, wallet: wallet(issuer) }))
      .to.throw(/does not verify/)
  })

  it('publishes proposals and reads them back', () => {
    const start: DividendAction = { kind: ActionKind.StartRound, commitment: 'ab'.repeat(32), height: 812n, pool: 7_000_000n }
    expect(parseProposalData(proposalDataScript(start))).to.deep.equal({ action: start })
    const next = normalizeOperatorSet({ keys: [keys[0].publicKey.toString()], m1: 1, m2: 1, approvalThreshold: 0n })
    const handover: DividendAction = { kind: ActionKind.SetOperators, commitment: operatorSetHash(next), height: 0n, pool: 0n }
    expect(parseProposalData(proposalDataScript(handover, next))).to.deep.equal({ action: handover, newSet: next })
    expect(() => proposalDataScript(handover, set)).to.throw(/does not hash/)
  })

  it('runs a whole life: deposits, a large round approved in two calls with a deposit between, every batch paid, a handover', () => {
    const { tx: issueTx } = buildIssueTransaction({ symbol: 'TEST', supply: SUPPLY, ownerPkh: issuer.toAddress().hashBuffer.toString('hex'), operators: set, proofs, minDeposit: 1_000n, wallet: wallet(issuer) })
    let prev = issueTx
    let vout = CONTRACT_VOUT
    const step = (tx: bsv.Transaction): void => {
      expect(verify(tx, prev, vout), `the ${prev === issueTx ? 'first' : 'next'} call's contract input`).to.equal(null)
      prev = tx
      vout = 0
    }
    const payer = wallet()
    step(deposit(at(prev, vout).contract, at(prev, vout).utxo, 9_000_000n, payer).tx)
    expect(() => deposit(at(prev, vout).contract, at(prev, vout).utxo, 999n, payer)).to.throw(/at least 1000/)

    const leaves = buildLeaves(Array.from({ length: 7 }, (_, i) => ({ pkh: randomBytes(20).toString('hex'), amount: BigInt(100_000_000 + i) })).concat([{ pkh: randomBytes(20).toString('hex'), amount: SUPPLY - 700_000_021n }]))
    const commitment = commitLeaves(leaves)
    const round: DividendAction = { kind: ActionKind.StartRound, commitment, height: 120n, pool: 8_000_000n }
    const data = [leavesDataScript('t', 120, leaves), proposalDataScript(round)]
    const first = approve(at(prev, vout).contract, at(prev, vout).utxo, { action: round, signingSet: set, signers: [keyOf(0)], data }, wallet(keyOf(0)))
    expect(first.outcome.executes).to.equal(false)
    step(first.tx)
    // a deposit lands between the two approvals
    step(deposit(at(prev, vout).contract, at(prev, vout).utxo, 2_000_000n, payer).tx)
    const again = (): unknown => approve(at(prev, vout).contract, at(prev, vout).utxo, { action: round, signingSet: set, signers: [keyOf(0)] }, wallet(keyOf(0)))
    expect(again).to.throw(/approved this action already/)
    const second = approve(at(prev, vout).contract, at(prev, vout).utxo, { action: round, signingSet: set, signers: [keyOf(2)], data: [leavesDataScript('t', 120, leaves)] }, wallet(keyOf(2)))
    expect(second.outcome.executes).to.equal(true)
    step(second.tx)
    const running = at(prev, vout).contract
    expect([running.round, running.roundPool, running.cursor, BigInt(prev.outputs[0].satoshis)]).to.deep.equal([1n, 8_000_000n, commitment, 11_000_001n])

    const crank = wallet()
    for (const batch of planBatches(leaves, running.cursor, 3, running.roundPool, SUPPLY)) {
      const { contract, utxo } = at(prev, vout)
      step(distribute(contract, utxo, batch, crank).tx)
      batch.leaves.forEach((leaf, i) => {
        expect(prev.outputs[1 + i].satoshis).to.equal(Number(8_000_000n * leaf.amount / SUPPLY))
      })
    }
    const done = at(prev, vout).contract
    expect(done.cursor).to.equal('00'.repeat(32))
    const paid = leaves.reduce((s, l) => s + 8_000_000n * l.amount / SUPPLY, 0n)
    expect([done.roundPaid, BigInt(prev.outputs[0].satoshis)]).to.deep.equal([paid, 11_000_001n - paid])

    // the role to a single new key: two operators approve, the new key accepts
    const heir = bsv.PrivateKey.fromRandom('testnet')
    const heirs = normalizeOperatorSet({ keys: [heir.publicKey.toString()], m1: 1, m2: 1, approvalThreshold: 0n })
    const handover: DividendAction = { kind: ActionKind.SetOperators, commitment: operatorSetHash(heirs), height: 0n, pool: 0n }
    const handed = approve(at(prev, vout).contract, at(prev, vout).utxo, { action: handover, signingSet: set, signers: [keyOf(1), keyOf(2)], data: [proposalDataScript(handover, heirs)] }, wallet(keyOf(1)))
    expect(handed.outcome.executes).to.equal(true)
    step(handed.tx)
    expect(at(prev, vout).contract.operators).to.equal(operatorSetHash(set))
    const accepted = approve(at(prev, vout).contract, at(prev, vout).utxo, { action: acceptanceOf(handover), signingSet: heirs, signers: [heir] }, wallet(heir))
    step(accepted.tx)
    expect(at(prev, vout).contract.operators).to.equal(operatorSetHash(heirs))
  })
})
