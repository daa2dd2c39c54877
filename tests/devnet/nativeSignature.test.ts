import { LockingScript, P2PKH, PrivateKey, Transaction } from '@bsv/sdk'
import { expect } from 'chai'
import { NativeSignatureSpend } from '../../network/devnet/NativeSignatureSpend'
import { describeFailure, runInput } from '../support/scriptRunner'

/** Runs the sdk's own interpreter and the devnet's on the same input, under the tests' script rules: the outcome of each. */
function outcomes (tx: Transaction, index: number, satoshis: number, lock: LockingScript): [string, string] {
  const spent = { lockingScriptHex: lock.toHex(), satoshis: BigInt(satoshis) }
  return [describeFailure(runInput(tx, index, spent)), describeFailure(runInput(tx, index, spent, { spendClass: NativeSignatureSpend }))]
}

describe('devnet: the OpenSSL signature check agrees with the sdk', () => {
  const scopes: Array<['all' | 'none' | 'single', boolean]> = [['all', false], ['none', false], ['single', false], ['all', true], ['single', true]]

  for (const [outputs, anyoneCanPay] of scopes) {
    it(`SIGHASH_${outputs.toUpperCase()}${anyoneCanPay ? '|ANYONECANPAY' : ''}: good signatures pass, altered ones fail the same way`, async () => {
      const keys = [PrivateKey.fromRandom(), PrivateKey.fromRandom()]
      const locks = keys.map(k => new P2PKH().lock(k.toAddress()))
      const tx = new Transaction()
      keys.forEach((key, i) => tx.addInput({
        sourceTXID: (i + 1).toString(16).padStart(64, '0'),
        sourceOutputIndex: i,
        unlockingScriptTemplate: new P2PKH().unlock(key, outputs, anyoneCanPay, 10_000 + i, locks[i])
      }))
      tx.addOutput({ lockingScript: locks[0], satoshis: 15_000 })
      tx.addOutput({ lockingScript: locks[1], satoshis: 4_000 })
      await tx.sign()
      for (let i = 0; i < 2; i++) expect(outcomes(tx, i, 10_000 + i, locks[i])).to.deep.equal(['accepted', 'accepted'])
      // Another amount changes the sighash of every scope: both interpreters must reject it alike.
      const [sdk, native] = outcomes(tx, 0, 10_001, locks[0])
      expect(sdk).to.match(/^OP_CHECKSIG \(locking script, op 4\)/)
      expect(native).to.equal(sdk)
      // A signature by the other key fails the pubkey hash check in both.
      const [sdkWrong, nativeWrong] = outcomes(tx, 0, 10_000, locks[1])
      expect(sdkWrong).to.match(/^OP_EQUALVERIFY \(locking script, op 3\)/)
      expect(nativeWrong).to.equal(sdkWrong)
    })
  }
})
