import { P2PKH, PrivateKey, Transaction } from '@bsv/sdk'
import { expect } from 'chai'
import { bsv } from 'scrypt-ts'
import { Bsv21Token } from '../../contracts/bsv21Token'
import { Dividend } from '../../contracts/dividend'
import type { FeeWallet } from '../../contracts/offchain/contractCall'
import { buildIssueTransaction, CONTRACT_VOUT } from '../../contracts/offchain/issueTransaction'
import { keyProof } from '../../contracts/offchain/keyProof'
import { singleKeySet } from '../../contracts/offchain/operatorSet'
import { partialDeposit } from '../../contracts/offchain/partialDeposit'
import { fundKey, regtestAddressOf, type FundedUtxo } from '../../network/devnet/fundedKey'
import { contractArtifact } from '../support/compiledFixtures'
import { startTempDevnet, type TempDevnet } from '../support/tempDevnet'

/** A wallet that knows nothing of sCrypt: @bsv/sdk, its own key and coin, completing a partial deposit with its inputs and change. */
async function completeWithSdkWallet (partialHex: string, key: PrivateKey, coin: FundedUtxo, amount: bigint, mutate?: (tx: Transaction) => void): Promise<Transaction> {
  const tx = Transaction.fromHex(partialHex)
  const lock = new P2PKH().lock(regtestAddressOf(key))
  tx.addInput({ sourceTXID: coin.txid, sourceOutputIndex: coin.vout, unlockingScriptTemplate: new P2PKH().unlock(key, 'all', false, Number(coin.satoshis), lock) })
  // 1 sat/kB, the devnet's mining fee: 1,000 satoshis is plenty.
  tx.addOutput({ lockingScript: lock, satoshis: Number(coin.satoshis - amount - 1_000n) })
  mutate?.(tx)
  await tx.sign()
  return tx
}

describe('a wallet-neutral deposit: the contract\'s half signed, any wallet completes it', function () {
  this.timeout(120_000)
  let chain: TempDevnet
  let contract: Dividend
  let utxo: { txid: string, vout: number, satoshis: number }
  const issuer = bsv.PrivateKey.fromRandom('testnet')
  const depositor = PrivateKey.fromRandom()
  let depositorCoins: FundedUtxo[]

  before(async () => {
    Dividend.loadArtifact(contractArtifact('dividend'))
    Bsv21Token.loadArtifact(contractArtifact('bsv21Token'))
    chain = await startTempDevnet()
    const issuerCoins = await fundKey(chain.rpc, PrivateKey.fromWif(issuer.toWIF()), 101)
    depositorCoins = await fundKey(chain.rpc, depositor, 101)
    const wallet: FeeWallet = { key: issuer, feePerKb: 1, coins: issuerCoins.map(c => ({ txid: c.txid, vout: c.vout, satoshis: Number(c.satoshis), script: c.script })) }
    const set = singleKeySet(issuer.publicKey.toString())
    const issued = buildIssueTransaction({ symbol: 'WALLET', supply: 1_000_000_000n, ownerPkh: issuer.toAddress().hashBuffer.toString('hex'), operators: set, proofs: [keyProof(issuer)], minDeposit: 10_000n, wallet })
    await chain.rpc.sendRawTransaction(issued.tx.toString())
    await chain.rpc.generateToAddress(1, regtestAddressOf(depositor))
    contract = issued.contract
    utxo = { txid: issued.tx.id, vout: CONTRACT_VOUT, satoshis: 1 }
  })

  after(async () => { await chain?.close() })

  it('fixes the contract input (unlocked), the continuation, the version and the lock time; a BRC-100 createAction gets the same', () => {
    const partial = partialDeposit(contract, utxo, 50_000n, { version: 1, lockTime: 0 })
    const tx = new bsv.Transaction(partial.hex)
    expect(tx.inputs).to.have.length(1)
    expect(tx.outputs).to.have.length(1)
    expect(tx.outputs[0].satoshis).to.equal(50_001)
    expect(tx.outputs[0].script.toHex()).to.equal(partial.next.lockingScript.toHex())
    expect(partial.action).to.deep.equal({
      version: 1,
      lockTime: 0,
      inputs: [{ outpoint: `${utxo.txid}.${CONTRACT_VOUT}`, unlockingScript: tx.inputs[0].script.toHex(), sequenceNumber: 0xffffffff, inputDescription: 'the dividend contract, unlocked for this deposit' }],
      outputs: [{ lockingScript: partial.next.lockingScript.toHex(), satoshis: 50_001, outputDescription: 'the dividend contract, holding the deposit' }]
    })
    expect(() => partialDeposit(contract, utxo, 9_999n)).to.throw(/at least 10000 satoshis/)
  })

  it('is completed by a separate @bsv/sdk wallet with its own input and change, and the devnet accepts and mines it', async () => {
    const amount = 250_000n
    const partial = partialDeposit(contract, utxo, amount)
    const tx = await completeWithSdkWallet(partial.hex, depositor, depositorCoins[0], amount)
    const txid = await chain.rpc.sendRawTransaction(tx.toHex())
    await chain.rpc.generateToAddress(1, regtestAddressOf(depositor))
    const out = await chain.rpc.call<{ value: number, scriptPubKey: { hex: string }, confirmations: number }>('gettxout', [txid, 0])
    expect(out.confirmations).to.equal(1)
    expect(Math.round(out.value * 1e8)).to.equal(1 + Number(amount))
    expect(out.scriptPubKey.hex).to.equal(partial.next.lockingScript.toHex())
    contract = partial.next
    utxo = { txid, vout: 0, satoshis: 1 + Number(amount) }
  })

  it('refuses a wallet that touches what the contract signed for: the continuation\'s value, or the lock time', async () => {
    const amount = 20_000n
    const partial = partialDeposit(contract, utxo, amount)
    const lessInContract = await completeWithSdkWallet(partial.hex, depositor, depositorCoins[1], amount, tx => { tx.outputs[0].satoshis = Number(utxo.satoshis) + 1 })
    const anotherLockTime = await completeWithSdkWallet(partial.hex, depositor, depositorCoins[1], amount, tx => { tx.lockTime = 5 })
    for (const [what, tx] of [['a smaller continuation', lessInContract], ['another lock time', anotherLockTime]] as const) {
      const refused = await chain.rpc.sendRawTransaction(tx.toHex()).then(() => 'accepted', (e: Error) => e.message)
      // The contract's preimage signature (OP_PUSH_TX's CHECKSIG) no longer covers the transaction.
      expect(refused, what).to.match(/mandatory-script-verify-flag-failed \(Signature must be zero for failed CHECK\(MULTI\)SIG operation\)/)
    }
  })
})
