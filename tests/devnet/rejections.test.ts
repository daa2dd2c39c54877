import { LockingScript, OP, PrivateKey, Script, Transaction } from '@bsv/sdk'
import { expect } from 'chai'
import { FundedUtxo, fundKey, regtestAddressOf } from '../../network/devnet/fundedKey'
import { minimumFee } from '../../network/devnet/TxAcceptor'
import { RpcClient } from '../../network/rpc/RpcClient'
import { expectRpcError } from '../support/rpcAssert'
import { startTempDevnet, TempDevnet } from '../support/tempDevnet'
import { outputOf, p2pkhOf, payment, Spendable } from '../support/payments'

const dataOutput = (): LockingScript => new LockingScript([{ op: OP.OP_FALSE }, { op: OP.OP_RETURN }, { op: 4, data: [0x64, 0x69, 0x76, 0x79] }])

describe('devnet: transactions rejected as the node rejects them', () => {
  let node: TempDevnet
  let rpc: RpcClient
  const key = PrivateKey.fromRandom()
  const other = PrivateKey.fromRandom()
  let coins: Spendable[]

  before(async () => {
    node = await startTempDevnet()
    rpc = node.rpc
    const [coinbase] = await fundKey(rpc, key)
    // Split one coinbase into small confirmed coins, one per test.
    const split = await payment({ key, inputs: [coinbase], outputs: Array.from({ length: 12 }, () => [p2pkhOf(key), 10_000_000n] as [LockingScript, bigint]), fee: 1000n })
    await rpc.sendRawTransaction(split.toHex())
    await rpc.generateToAddress(1, regtestAddressOf(other))
    coins = Array.from({ length: 12 }, (_, i) => outputOf(split, i))
  })

  after(async () => await node.close())

  const send = async (tx: Transaction): Promise<string> => await rpc.sendRawTransaction(tx.toHex())

  it('-22 for bytes that are not a transaction', async () => {
    await expectRpcError(rpc.sendRawTransaction('00'), -22, 'TX decode failed')
    await expectRpcError(rpc.sendRawTransaction('zz'), -22, 'TX decode failed')
    const good = await payment({ key, inputs: [coins[0]], outputs: [[p2pkhOf(other), 1000n]], fee: 200n })
    await expectRpcError(rpc.sendRawTransaction(good.toHex() + '00'), -22, 'TX decode failed')
  })

  it('a double spend of a mempool input: -26 txn-mempool-conflict; a resend: -27', async () => {
    const first = await payment({ key, inputs: [coins[1]], outputs: [[p2pkhOf(other), 1000n]], fee: 200n })
    const rival = await payment({ key, inputs: [coins[1]], outputs: [[p2pkhOf(other), 2000n]], fee: 200n })
    await send(first)
    await expectRpcError(send(rival), -26, '258: txn-mempool-conflict')
    await expectRpcError(send(first), -27, 'Transaction already in the mempool')
    expect(await rpc.getRawMempool()).to.include(first.id('hex')).and.not.include(rival.id('hex'))
  })

  it('a transaction already mined: -26 257: txn-already-known while an output of it is unspent; spending a spent output: -25', async () => {
    const tx = await payment({ key, inputs: [coins[2]], outputs: [[p2pkhOf(other), 1000n]], fee: 200n })
    await send(tx)
    await rpc.generateToAddress(1, regtestAddressOf(other))
    await expectRpcError(send(tx), -26, '257: txn-already-known')
    const again = await payment({ key, inputs: [coins[2]], outputs: [[p2pkhOf(other), 5000n]], fee: 200n })
    await expectRpcError(send(again), -25, 'Missing inputs')
  })

  it('inputs that never existed: -25 Missing inputs', async () => {
    const ghost: Spendable = { ...coins[3], txid: 'ab'.repeat(32) }
    await expectRpcError(send(await payment({ key, inputs: [ghost], outputs: [[p2pkhOf(other), 1000n]], fee: 200n })), -25, 'Missing inputs')
    const badIndex: Spendable = { ...coins[3], vout: 99 }
    await expectRpcError(send(await payment({ key, inputs: [badIndex], outputs: [[p2pkhOf(other), 1000n]], fee: 200n })), -25, 'Missing inputs')
  })

  it('a signature by the wrong key or over other data: -26 mandatory-script-verify-flag-failed', async () => {
    const wrongKey = await payment({ key: other, inputs: [coins[4]], outputs: [[p2pkhOf(other), 1000n]], fee: 200n })
    await expectRpcError(send(wrongKey), -26, '16: mandatory-script-verify-flag-failed (Script failed an OP_EQUALVERIFY operation)')
    const tampered = await payment({ key, inputs: [coins[4]], outputs: [[p2pkhOf(other), 1000n]], fee: 200n })
    tampered.outputs[0].satoshis = 1001
    await expectRpcError(send(tampered), -26, '16: mandatory-script-verify-flag-failed (Signature must be zero for failed CHECK(MULTI)SIG operation)')
    // The untouched coin is still spendable.
    await send(await payment({ key, inputs: [coins[4]], outputs: [[p2pkhOf(other), 1000n]], fee: 200n }))
  })

  it('outputs worth more than the inputs: -26 bad-txns-in-belowout', async () => {
    const inflated = await payment({ key, inputs: [coins[5]], outputs: [[p2pkhOf(other), 10_000_001n]] })
    await expectRpcError(send(inflated), -26, '16: bad-txns-in-belowout')
  })

  it('a coinbase spent before 100 confirmations: -26 bad-txns-premature-spend-of-coinbase', async () => {
    const [hash] = await rpc.generateToAddress(1, regtestAddressOf(key))
    const block = await rpc.call<{ tx: string[] }>('getblock', [hash, 1])
    const young: FundedUtxo = { txid: block.tx[0], vout: 0, satoshis: 5_000_000_000n, script: p2pkhOf(key).toHex() }
    const tx = await payment({ key, inputs: [young], outputs: [[p2pkhOf(other), 1000n]], fee: 500n })
    await expectRpcError(send(tx), -26, '16: bad-txns-premature-spend-of-coinbase')
  })

  it('zero-value outputs of any script are accepted, as regtest accepts non-standard transactions', async () => {
    const zeros = await payment({ key, inputs: [coins[7]], outputs: [[p2pkhOf(other), 0n], [new LockingScript([{ op: OP.OP_RETURN }]), 0n], [new LockingScript([{ op: OP.OP_TRUE }]), 0n], [dataOutput(), 0n]], fee: 200n })
    await send(zeros)
    // OP_FALSE OP_RETURN data never becomes a UTXO; the others do, worth 0.
    expect(await rpc.getTxOut(zeros.id('hex'), 3)).to.equal(null)
    expect((await rpc.getTxOut(zeros.id('hex'), 0))?.value).to.equal(0)
  })

  it('a negative output value: -26 16: bad-txns-vout-negative', async () => {
    const tx = await payment({ key, inputs: [coins[6]], outputs: [[p2pkhOf(other), 1000n]], fee: 200n })
    const hex = tx.toHex()
    // The first output's value is the 8 bytes after the single input: set it to -1.
    const at = hex.length - 2 * (4 + tx.outputs.reduce((n, o) => n + 8 + 1 + o.lockingScript.toBinary().length, 0))
    const negative = hex.slice(0, at) + 'ff'.repeat(8) + hex.slice(at + 16)
    await expectRpcError(rpc.sendRawTransaction(negative), -26, '16: bad-txns-vout-negative')
  })

  it('verifies many-input transactions on the worker threads, naming the failing script', async () => {
    const inputs = coins.slice(8, 12)
    const good = await payment({ key, inputs, outputs: [[p2pkhOf(other), 1000n]], fee: 500n })
    // Flip one bit inside r of the last input's signature.
    const sigHex = Buffer.from((good.inputs[3].unlockingScript as Script).chunks[0].data as number[]).toString('hex')
    const flipped = sigHex.slice(0, 20) + (parseInt(sigHex[20], 16) ^ 1).toString(16) + sigHex.slice(21)
    const bad = good.toHex().replace(sigHex, flipped)
    expect(bad).to.not.equal(good.toHex())
    await expectRpcError(rpc.sendRawTransaction(bad), -26, '16: mandatory-script-verify-flag-failed (Signature must be zero for failed CHECK(MULTI)SIG operation)')
    expect(await send(good)).to.equal(good.id('hex'))
  })
})

describe('devnet: the fee for a size', () => {
  it('is computed as the node does: rate × size / 1000, rounded down, at least 1 satoshi', () => {
    expect(minimumFee(500, 191)).to.equal(95n)
    expect(minimumFee(1, 191)).to.equal(1n)
    expect(minimumFee(1, 2500)).to.equal(2n)
    expect(minimumFee(0, 191)).to.equal(0n)
  })
})
