import { expect } from 'chai'
import { bsv, type ByteString } from 'scrypt-ts'
import { Dividend } from '../../contracts/dividend'
import { loadArtifacts } from '../../contracts/offchain/artifacts'
import { keyProof } from '../../contracts/offchain/keyProof'
import { leavesDataScript } from '../../contracts/offchain/leavesData'
import { operatorsDataScript } from '../../contracts/offchain/operatorsData'
import { operatorSetHash, singleKeySet } from '../../contracts/offchain/operatorSet'
import type { Leaf } from '../../contracts/offchain/snapshot'
import { IndexerClient } from '../../network/provider/IndexerClient'
import { distribute } from '../../scripts/cli/commands/distribute'
import { issue, type IssuedToken } from '../../scripts/cli/commands/issue'
import { pay } from '../../scripts/cli/commands/pay'
import { send } from '../../scripts/cli/commands/send'
import { status } from '../../scripts/cli/commands/status'
import type { DivvyContext } from '../../scripts/cli/DivvyContext'
import { locateDividend } from '../../scripts/cli/DividendLocator'
import { type Attacker, SINGLE_FORKID } from '../support/attacker'
import { DevnetHomes } from '../support/devnetHomes'

/**
 * The audit's attacks on the code around the dividend contract, each played on the devnet by
 * an attacker whose wallet sends hand-built raw transactions beside the real commands: a
 * counterfeit contract (the genuine code, the attacker's operators) born alone or as an extra
 * output of a genuine deposit, a deposit with the contract at input 1, forged leaves. Every
 * test adds up where the satoshis went: the genuine contract gets every deposit, the
 * attacker gets nothing.
 */
describe('the contract is its lineage: counterfeits and odd deposits by an attacker beside the commands', function () {
  this.timeout(300_000)
  let h: DevnetHomes
  let issuer: DivvyContext
  let attacker: Attacker

  before(async () => {
    loadArtifacts();
    ({ h, issuer, attacker } = await DevnetHomes.withAttacker(200_000_000n, 50_000_000))
  })
  after(async () => { await h?.stop() })

  /** The genuine contract where it stands, as a home that follows the token sees it now. */
  const genuine = async (ctx: DivvyContext, token: IssuedToken): Promise<{ txid: string, vout: number, value: number, contract: Dividend }> => {
    await ctx.sync()
    const at = await locateDividend(ctx, token)
    if (at.version !== 2) throw new Error('expected version 2')
    return { txid: at.txid, vout: at.vout, value: at.tx.outputs[at.vout].satoshis, contract: at.contract }
  }

  /**
   * The counterfeit: the genuine code, byte for byte (the same constructor arguments, so the
   * same code hash), in a state of round 0 naming the attacker's own operator set.
   */
  const counterfeitOf = (real: Dividend): { copy: Dividend, data: bsv.Script } => {
    const set = singleKeySet(attacker.key.publicKey.toString())
    const copy = new Dividend(real.supply, real.minDeposit, real.operators).next()
    copy.operators = operatorSetHash(set) as ByteString
    return { copy, data: operatorsDataScript(set, [keyProof(attacker.key)]) }
  }

  /** The attacker's deposit call into a contract output: the contract's next state with `amount` more. */
  const depositSpend = (at: { txid: string, vout: number, value: number, contract: Dividend }, amount: bigint): { spend: any, next: bsv.Script } => ({
    spend: { contract: at.contract, txid: at.txid, vout: at.vout, satoshis: at.value, method: 'deposit', args: [amount], sighash: SINGLE_FORKID },
    next: at.contract.next().lockingScript
  })

  it('a counterfeit beside an unconfirmed deposit into the genuine contract: pay builds on the pending deposit (paying for it) and the counterfeit gets nothing', async () => {
    const token = await issue(issuer, 'Victim', 'default', true)
    const origin = await genuine(issuer, token)
    const { copy, data } = counterfeitOf(origin.contract)
    expect(copy.codePart).to.equal(origin.contract.codePart)
    const copyTx = attacker.build({ outputs: [{ script: copy.lockingScript, satoshis: 1 }, { script: data, satoshis: 0 }], fee: 500 })
    await attacker.send(copyTx)
    await h.mine()
    // A deposit into the genuine contract paying no fee for its ~8 kB: the node keeps it unmined.
    const { spend, next } = depositSpend(origin, 10_000n)
    const lowFee = attacker.build({ spend, outputs: [{ script: next, satoshis: origin.value + 10_000 }], fee: 0 })
    await attacker.send(lowFee)

    // A payer's home that follows the token by its id, on a network where the command does not mine.
    const payer = await h.open('payer-1')
    await h.fund(payer, 'default', 20_000_000n)
    const before = (await payer.provider.getBalance(payer.key().toAddress())).confirmed
    const paid = await pay(payer, token.tokenId, 'default', 5_000_000n, false)
    const payTx = await payer.provider.getTransaction(paid.txid)
    expect(payTx.inputs[0].prevTxId.toString('hex'), 'built on the pending deposit').to.equal(lowFee.id)
    await h.mine()
    for (const txid of [lowFee.id, paid.txid]) expect((await payer.provider.txStatus(txid)).state, `${txid} mined (the payment paid for its parent)`).to.equal('mined')

    // Where every satoshi went: all deposits in the genuine contract, the counterfeit as the attacker made it.
    const now = await genuine(payer, token)
    expect(now).to.deep.include({ txid: paid.txid, vout: 0, value: 1 + 10_000 + 5_000_000 })
    expect(await h.valueOf(copyTx.id, 0)).to.equal(1)
    const after = (await payer.provider.getBalance(payer.key().toAddress())).confirmed
    const fee = await h.feeOf(payTx)
    expect(before - after).to.equal(5_000_000 + fee)
    expect(fee, 'its own fee and the pending deposit\'s').to.be.at.least(Math.ceil((payTx.toBuffer().length + lowFee.toBuffer().length) / 1000))
    // The indexer keys the contract by its origin: the counterfeit is a lineage of its own.
    const index = new IndexerClient({ network: 'devnet', url: payer.settings.indexerUrl! })
    expect((await index.contract(token.origin!))?.utxo).to.deep.include({ txid: paid.txid, vout: 0, satoshis: 5_010_001n })
    expect((await index.contract(`${copyTx.id}_0`))?.utxo).to.deep.include({ satoshis: 1n })
  })

  it('a counterfeit born as an extra output of a genuine deposit is not followed: payments and status stay on the genuine output', async () => {
    const token = await issue(issuer, 'Victim2', 'default', true)
    const origin = await genuine(issuer, token)
    const { copy } = counterfeitOf(origin.contract)
    const { spend, next } = depositSpend(origin, 10_000n)
    // The genuine deposit at input 0 continues at output 0; output 1 is the counterfeit, which "descends from" the issue too.
    const twin = attacker.build({ spend, outputs: [{ script: next, satoshis: origin.value + 10_000 }, { script: copy.lockingScript, satoshis: 1 }], fee: 1000 })
    await attacker.send(twin)
    await h.mine()
    const payer = await h.open('payer-2')
    await h.fund(payer, 'default', 20_000_000n)
    const paid = await pay(payer, token.tokenId, 'default', 5_000_000n, true)
    const payTx = await payer.provider.getTransaction(paid.txid)
    expect(`${payTx.inputs[0].prevTxId.toString('hex')}_${payTx.inputs[0].outputIndex}`).to.equal(`${twin.id}_0`)
    expect(await h.valueOf(twin.id, 1), 'the counterfeit is untouched').to.equal(1)
    const s = await status(await h.open('observer-2'), token.tokenId)
    expect([s.outpoint, s.balance]).to.deep.equal([`${paid.txid}_0`, 1n + 10_000n + 5_000_000n])
  })

  /** A token with three holders and a running round that paid its first holder. */
  async function runningRound (symbol: string): Promise<{ token: IssuedToken, pool: bigint }> {
    const token = await issue(issuer, symbol, 'default', true)
    for (const [who, amount] of [['alice', 300_000_000n], ['bob', 200_000_000n]] as const) await send(issuer, token.tokenId, 'default', issuer.address(who), amount, true)
    await pay(issuer, token.tokenId, 'default', 1_000_000n, true)
    const first = await distribute(issuer, token.tokenId, 'default', { batchSize: 1, maxBatches: 1 })
    expect([first.paid.length, first.remaining]).to.deep.equal([1, 2])
    return { token, pool: first.roundPool }
  }

  it('a deposit with the contract at input 1 and a counterfeit of the same state at output 0, mid-round: the crank and status follow output 1', async () => {
    const { token, pool } = await runningRound('Victim3')
    const at = await genuine(issuer, token)
    const { spend, next } = depositSpend(at, 10_000n)
    // Output 0 is byte for byte the genuine next state: only the lineage tells them apart.
    const odd = attacker.build({ spend, contractAt: 1, outputs: [{ script: next, satoshis: 1 }, { script: next, satoshis: at.value + 10_000 }], fee: 1000 })
    await attacker.send(odd)
    await h.mine()
    const cranker = await h.open('cranker-3')
    await h.fund(cranker, 'default', 10_000_000n)
    const rest = await distribute(cranker, token.tokenId, 'default', { crank: true, batchSize: 1 })
    expect(rest.remaining).to.equal(0)
    const crankTx = await cranker.provider.getTransaction(rest.paid[0].txid)
    expect(`${crankTx.inputs[0].prevTxId.toString('hex')}_${crankTx.inputs[0].outputIndex}`).to.equal(`${odd.id}_1`)
    expect(await h.valueOf(odd.id, 0), 'the counterfeit is untouched').to.equal(1)
    const s = await status(cranker, token.tokenId)
    expect(s.running).to.equal(false)
    const paid = s.payouts.filter(p => p.round === 1n)
    expect(paid.map(p => p.amount)).to.deep.equal([500_000_000n, 300_000_000n, 200_000_000n])
    for (const p of paid) expect(p.satoshis).to.equal(pool * p.amount / 1_000_000_000n)
    expect(s.balance).to.equal(1n + 1_000_000n + 10_000n - paid.reduce((t, p) => t + p.satoshis, 0n))
  })

  it('forged leaves attached to a deposit mid-round are never read: the crank pays the leaves the round\'s start published', async () => {
    const { token } = await runningRound('Victim4')
    const at = await genuine(issuer, token)
    const s0 = await status(issuer, token.tokenId)
    const round = s0.rounds[s0.rounds.length - 1]
    // The attacker's list: a leaf of their own, then the round's unpaid leaves (its chain holds the cursor).
    const forged: Leaf[] = [{ pkh: attacker.pkh, amount: 999_000_000n }, ...round.leaves.slice(1)]
    const { spend, next } = depositSpend(at, 10_000n)
    const deposit = attacker.build({ spend, outputs: [{ script: next, satoshis: at.value + 10_000 }, { script: leavesDataScript(token.tokenId, round.height, forged), satoshis: 0 }], fee: 1000 })
    await attacker.send(deposit)
    await h.mine()
    const said: string[] = []
    const cranker = await h.open('cranker-4')
    await h.fund(cranker, 'default', 10_000_000n)
    const rest = await distribute(cranker, token.tokenId, 'default', { crank: true, batchSize: 1, progress: l => { said.push(l) } })
    expect(said.join('\n')).to.include(`leaves published in ${round.startTxid}`)
    expect(rest.leaves).to.deep.equal(round.leaves)
    expect(rest.paid.map(p => p.pkh)).to.deep.equal(round.leaves.slice(1).map(l => l.pkh))
    const s = await status(cranker, token.tokenId)
    expect(s.rounds[0].leaves).to.deep.equal(round.leaves)
    expect(s.payouts.some(p => p.pkh === attacker.pkh)).to.equal(false)
  })
})
