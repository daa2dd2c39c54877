import { LockingScript, OP, PrivateKey, Transaction, UnlockingScript } from '@bsv/sdk'
import { expect } from 'chai'
import { fundKey, regtestAddressOf } from '../../network/devnet/fundedKey'
import { outputOf, p2pkhOf, payment, Spendable } from './payments'
import { expectRpcError } from './rpcAssert'
import { startTempDevnet } from './tempDevnet'

/** Spends a script-locked output with a push-only unlocking script, paying to `payTo`. */
function spendWith (coin: Spendable, unlocking: UnlockingScript, payTo: LockingScript): Transaction {
  const tx = new Transaction()
  tx.addInput({ sourceTXID: coin.txid, sourceOutputIndex: coin.vout, unlockingScript: unlocking, sequence: 0xffffffff })
  tx.addOutput({ lockingScript: payTo, satoshis: Number(coin.satoshis) - 500 })
  return tx
}

describe('devnet: script rules follow the activation heights', () => {
  const key = PrivateKey.fromRandom()

  it('OP_2MUL is a disabled opcode until the Chronicle height, then works', async () => {
    const { rpc, close } = await startTempDevnet({ chronicleActivationHeight: 110 })
    try {
      const [coin] = await fundKey(rpc, key)
      const doubling = new LockingScript([{ op: OP.OP_2MUL }, { op: OP.OP_4 }, { op: OP.OP_EQUAL }])
      const lock = await payment({ key, inputs: [coin], outputs: [[doubling, 100_000n]], fee: 500n })
      await rpc.sendRawTransaction(lock.toHex())
      await rpc.generateToAddress(1, regtestAddressOf(key))
      const spend = spendWith(outputOf(lock, 0), new UnlockingScript([{ op: OP.OP_2 }]), p2pkhOf(key))
      await expectRpcError(rpc.sendRawTransaction(spend.toHex()), -26, '16: mandatory-script-verify-flag-failed (Attempted to use a disabled opcode)')
      // The next block is the first under Chronicle once the tip is at 109.
      await rpc.generateToAddress(109 - await rpc.getBlockCount(), regtestAddressOf(key))
      expect(await rpc.sendRawTransaction(spend.toHex())).to.equal(spend.id('hex'))
    } finally {
      await close()
    }
  })

  it('numbers longer than 4 bytes fail before the Genesis height and pass from it', async () => {
    const { rpc, close } = await startTempDevnet({ genesisActivationHeight: 150 })
    try {
      const [coin] = await fundKey(rpc, key)
      // 2^32 + 1 needs 5 bytes: a script number only Genesis allows in arithmetic.
      const big = new LockingScript([{ op: 5, data: [1, 0, 0, 0, 1] }, { op: OP.OP_ADD }, { op: OP.OP_1 }, { op: OP.OP_EQUAL }])
      const lock = await payment({ key, inputs: [coin], outputs: [[big, 100_000n]], fee: 500n })
      await rpc.sendRawTransaction(lock.toHex())
      await rpc.generateToAddress(1, regtestAddressOf(key))
      const negative = new UnlockingScript([{ op: 5, data: [0, 0, 0, 0, 0x81] }])
      const spend = spendWith(outputOf(lock, 0), negative, p2pkhOf(key))
      await expectRpcError(rpc.sendRawTransaction(spend.toHex()), -26, '16: mandatory-script-verify-flag-failed (Script number overflow)')
      await rpc.generateToAddress(149 - await rpc.getBlockCount(), regtestAddressOf(key))
      expect(await rpc.sendRawTransaction(spend.toHex())).to.equal(spend.id('hex'))
    } finally {
      await close()
    }
  })
})
