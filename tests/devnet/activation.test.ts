import { LockingScript, OP, PrivateKey, Transaction, UnlockingScript } from '@bsv/sdk'
import { expect } from 'chai'
import { fundKey, regtestAddressOf } from '../../network/devnet/fundedKey'
import { outputOf, p2pkhOf, payment, Spendable } from '../support/payments'
import { expectRpcError } from '../support/rpcAssert'
import { startTempDevnet } from '../support/tempDevnet'

/** Spends a script-locked output with a push-only unlocking script, paying to `payTo`. */
function spendWith (coin: Spendable, unlocking: UnlockingScript, payTo: LockingScript): Transaction {
  const tx = new Transaction()
  tx.addInput({ sourceTXID: coin.txid, sourceOutputIndex: coin.vout, unlockingScript: unlocking, sequence: 0xffffffff })
  tx.addOutput({ lockingScript: payTo, satoshis: Number(coin.satoshis) - 500 })
  return tx
}

describe('devnet: script rules follow the activation heights', () => {
  const key = PrivateKey.fromRandom()

  it('OP_2MUL works only in outputs created from the Chronicle height on: one locked before stays disabled after it', async () => {
    const { rpc, close } = await startTempDevnet({ chronicleActivationHeight: 110 })
    try {
      const [coin] = await fundKey(rpc, key)
      const doubling = new LockingScript([{ op: OP.OP_2MUL }, { op: OP.OP_4 }, { op: OP.OP_EQUAL }])
      const early = await payment({ key, inputs: [coin], outputs: [[doubling, 100_000n]], fee: 500n })
      await rpc.sendRawTransaction(early.toHex())
      await rpc.generateToAddress(1, regtestAddressOf(key))
      const spendEarly = spendWith(outputOf(early, 0), new UnlockingScript([{ op: OP.OP_2 }]), p2pkhOf(key))
      const disabled = '16: mandatory-script-verify-flag-failed (Attempted to use a disabled opcode)'
      await expectRpcError(rpc.sendRawTransaction(spendEarly.toHex()), -26, disabled)
      // The next block is the first under Chronicle once the tip is at 109.
      await rpc.generateToAddress(109 - await rpc.getBlockCount(), regtestAddressOf(key))
      await expectRpcError(rpc.sendRawTransaction(spendEarly.toHex()), -26, disabled)
      // An output created under Chronicle (here: in the mempool, for the next block) may use it.
      const late = await payment({ key, inputs: [outputOf(early, 1)], outputs: [[doubling, 100_000n]], fee: 500n })
      await rpc.sendRawTransaction(late.toHex())
      const spendLate = spendWith(outputOf(late, 0), new UnlockingScript([{ op: OP.OP_2 }]), p2pkhOf(key))
      expect(await rpc.sendRawTransaction(spendLate.toHex())).to.equal(spendLate.id('hex'))
    } finally {
      await close()
    }
  })

  it('OP_SUBSTR in an output created before Chronicle is a no-op by consensus and refused by policy; created after, it runs', async () => {
    const { rpc, close } = await startTempDevnet({ chronicleActivationHeight: 110 })
    try {
      const [coin] = await fundKey(rpc, key)
      const abcdef = (): UnlockingScript => new UnlockingScript([{ op: 6, data: [0x61, 0x62, 0x63, 0x64, 0x65, 0x66] }])
      // "abcdef" 1 3 OP_SUBSTR, then: true only if OP_SUBSTR did nothing (three items left) ...
      const ifNoOp = new LockingScript([{ op: OP.OP_1 }, { op: OP.OP_3 }, { op: OP.OP_SUBSTR }, { op: OP.OP_DEPTH }, { op: OP.OP_3 }, { op: OP.OP_EQUAL }])
      // ... or true only if it ran ("bcd").
      const ifRuns = new LockingScript([{ op: OP.OP_1 }, { op: OP.OP_3 }, { op: OP.OP_SUBSTR }, { op: 3, data: [0x62, 0x63, 0x64] }, { op: OP.OP_EQUAL }])
      const early = await payment({ key, inputs: [coin], outputs: [[ifNoOp, 100_000n], [ifRuns, 100_000n]], fee: 500n })
      await rpc.sendRawTransaction(early.toHex())
      await rpc.generateToAddress(109 - await rpc.getBlockCount(), regtestAddressOf(key))
      const nop = 'NOPx reserved for soft-fork upgrades'
      await expectRpcError(rpc.sendRawTransaction(spendWith(outputOf(early, 0), abcdef(), p2pkhOf(key)).toHex()), -26, `64: non-mandatory-script-verify-flag (${nop})`)
      await expectRpcError(rpc.sendRawTransaction(spendWith(outputOf(early, 1), abcdef(), p2pkhOf(key)).toHex()), -26, `16: mandatory-script-verify-flag-failed (${nop})`)
      const late = await payment({ key, inputs: [outputOf(early, 2)], outputs: [[ifRuns, 100_000n]], fee: 500n })
      await rpc.sendRawTransaction(late.toHex())
      const spendLate = spendWith(outputOf(late, 0), abcdef(), p2pkhOf(key))
      expect(await rpc.sendRawTransaction(spendLate.toHex())).to.equal(spendLate.id('hex'))
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
