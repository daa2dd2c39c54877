import { LockingScript, P2PKH, PrivateKey, Transaction } from '@bsv/sdk'
import { expect } from 'chai'
import { fundKey, regtestAddressOf } from '../../network/devnet/fundedKey'
import { outputOf, p2pkhOf, payment, Spendable } from '../support/payments'
import { expectRpcError } from '../support/rpcAssert'
import { startTempDevnet, TempDevnet } from '../support/tempDevnet'

/** A spend of `coin` locked until block `lockTime`, its input opting in with `sequence`. */
async function timeLocked (key: PrivateKey, coin: Spendable, lockTime: number, sequence: number, fee = 500n): Promise<Transaction> {
  const tx = new Transaction()
  tx.lockTime = lockTime
  tx.addInput({
    sourceTXID: coin.txid,
    sourceOutputIndex: coin.vout,
    sequence,
    unlockingScriptTemplate: new P2PKH().unlock(key, 'all', false, Number(coin.satoshis), LockingScript.fromHex(coin.script))
  })
  tx.addOutput({ lockingScript: p2pkhOf(key), satoshis: Number(coin.satoshis - fee) })
  await tx.sign()
  return tx
}

describe('devnet: the non-final pool, as the node keeps time-locked transactions', function () {
  this.timeout(60_000)
  const key = PrivateKey.fromRandom()
  let node: TempDevnet
  let coin: Spendable
  let other: Spendable

  before(async () => {
    node = await startTempDevnet()
    const [coinbase] = await fundKey(node.rpc, key)
    const split = await payment({ key, inputs: [coinbase], outputs: [[p2pkhOf(key), 100_000_000n], [p2pkhOf(key), 100_000_000n]], fee: 1000n })
    await node.rpc.sendRawTransaction(split.toHex())
    await node.rpc.generateToAddress(1, regtestAddressOf(key))
    coin = outputOf(split, 0)
    other = outputOf(split, 1)
  })

  after(async () => await node.close())

  it('accepts a transaction locked to a later block into the non-final pool, then mines it once it is final', async () => {
    const { rpc } = node
    const unlockAt = await rpc.getBlockCount() + 3
    const locked = await timeLocked(key, coin, unlockAt, 0)
    expect(await rpc.sendRawTransaction(locked.toHex())).to.equal(locked.id('hex'))
    expect(await rpc.call('getrawnonfinalmempool')).to.deep.equal([locked.id('hex')])
    expect(await rpc.getRawMempool()).to.deep.equal([])
    expect((await rpc.call<{ nonfinalsize: number }>('getmempoolinfo')).nonfinalsize).to.equal(1)
    await expectRpcError(rpc.sendRawTransaction(locked.toHex()), -27, 'Transaction already in the mempool')

    // Its outputs cannot be spent yet; its input is taken.
    await expectRpcError(rpc.sendRawTransaction((await payment({ key, inputs: [outputOf(locked, 0)], outputs: [[p2pkhOf(key), 1000n]], fee: 500n })).toHex()), -25, 'Missing inputs')
    const rival = await payment({ key, inputs: [coin, other], outputs: [[p2pkhOf(key), 1000n]], fee: 500n })
    await expectRpcError(rpc.sendRawTransaction(rival.toHex()), -26, '258: txn-mempool-conflict')
    // An update must raise a sequence number.
    await expectRpcError(rpc.sendRawTransaction((await timeLocked(key, coin, unlockAt, 0, 600n)).toHex()), -26, '16: bad-txn-update')
    const update = await timeLocked(key, coin, unlockAt, 5, 600n)
    await rpc.sendRawTransaction(update.toHex())
    expect(await rpc.call('getrawnonfinalmempool')).to.deep.equal([update.id('hex')])

    // Final in the block at unlockAt + 1: after the block at unlockAt it moves to the mempool, and is mined next.
    await rpc.generateToAddress(unlockAt - await rpc.getBlockCount(), regtestAddressOf(key))
    expect(await rpc.call('getrawnonfinalmempool')).to.deep.equal([])
    expect(await rpc.getRawMempool()).to.deep.equal([update.id('hex')])
    const [hash] = await rpc.generateToAddress(1, regtestAddressOf(key))
    expect((await rpc.call<{ tx: string[] }>('getblock', [hash, 1])).tx).to.include(update.id('hex'))
  })

  it('lets a final transaction spending the same outpoints finalise a held one', async () => {
    const { rpc } = node
    const held = await timeLocked(key, other, await rpc.getBlockCount() + 50, 1)
    await rpc.sendRawTransaction(held.toHex())
    const final = await timeLocked(key, other, await rpc.getBlockCount() + 50, 0xffffffff, 700n)
    await rpc.sendRawTransaction(final.toHex())
    expect(await rpc.call('getrawnonfinalmempool')).to.deep.equal([])
    expect(await rpc.getRawMempool()).to.deep.equal([final.id('hex')])
  })
})
