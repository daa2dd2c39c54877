import { LockingScript, PrivateKey, Transaction } from '@bsv/sdk'
import { expect } from 'chai'
import { Devnet } from '../../network/devnet/Devnet'
import { fundKey, regtestAddressOf } from '../../network/devnet/fundedKey'
import { RpcClient } from '../../network/rpc/RpcClient'
import { outputOf, p2pkhOf, payment, Spendable } from '../support/payments'
import { expectRpcError } from '../support/rpcAssert'
import { startTempDevnet, TempDevnet } from '../support/tempDevnet'

/** A one-input, one-output spend of `coin` to the key paying `fee`. */
async function spend (key: PrivateKey, coin: Spendable, fee: bigint): Promise<Transaction> {
  return await payment({ key, inputs: [coin], outputs: [[p2pkhOf(key), coin.satoshis - fee]] })
}

/** A chain of `length` transactions, each spending the previous one's only output, each paying `fee`. */
async function chainOf (key: PrivateKey, from: Spendable, length: number, fee: bigint): Promise<Transaction[]> {
  const txs: Transaction[] = []
  let coin = from
  for (let i = 0; i < length; i++) {
    const tx = await spend(key, coin, fee)
    txs.push(tx)
    coin = outputOf(tx, 0)
  }
  return txs
}

describe('devnet: the mining fee, as the node applies -minminingtxfee', function () {
  this.timeout(60_000)
  const key = PrivateKey.fromRandom()
  let node: TempDevnet
  let rpc: RpcClient
  let coins: Spendable[]
  const mine = async (): Promise<string[]> => {
    const [hash] = await rpc.generateToAddress(1, regtestAddressOf(PrivateKey.fromRandom()))
    return (await rpc.call<{ tx: string[] }>('getblock', [hash, 1])).tx.slice(1)
  }

  before(async () => {
    // 500 sat/kB, the rate at which the story once reported success for transactions that never confirmed.
    node = await startTempDevnet({ miningFeeRate: 500 })
    rpc = node.rpc
    const [coinbase] = await fundKey(rpc, key)
    const split = await payment({ key, inputs: [coinbase], outputs: Array.from({ length: 8 }, () => [p2pkhOf(key), 100_000_000n] as [LockingScript, bigint]), fee: 10_000n })
    await rpc.sendRawTransaction(split.toHex())
    await mine()
    coins = Array.from({ length: 8 }, (_, i) => outputOf(split, i))
  })

  after(async () => await node.close())

  it('accepts a transaction under the mining fee (txid answered, in the mempool) and never mines it', async () => {
    const cheap = await spend(key, coins[0], 1n)
    expect(await rpc.sendRawTransaction(cheap.toHex())).to.equal(cheap.id('hex'))
    expect(await rpc.getRawMempool()).to.include(cheap.id('hex'))
    expect(await mine()).to.not.include(cheap.id('hex'))
    expect(await mine()).to.deep.equal([])
    expect(await rpc.getRawMempool()).to.include(cheap.id('hex'))
    const info = await rpc.call<{ usagecpfp: number }>('getmempoolinfo')
    expect(info.usagecpfp).to.be.greaterThan(0)
  })

  it('mines a low-paying parent with the child that pays for both (child pays for parent)', async () => {
    const parent = await spend(key, coins[1], 1n)
    await rpc.sendRawTransaction(parent.toHex())
    const size = parent.toBinary().length
    const child = await spend(key, outputOf(parent, 0), 2n * BigInt(size))
    await rpc.sendRawTransaction(child.toHex())
    expect(await mine()).to.deep.equal([parent.id('hex'), child.id('hex')])
  })

  it('keeps a child-pays-for-parent group to 25 members: a 26th is -26 64: too-long-mempool-chain, paying or not', async () => {
    const chain = await chainOf(key, coins[2], 26, 1n)
    for (const tx of chain.slice(0, 25)) await rpc.sendRawTransaction(tx.toHex())
    await expectRpcError(rpc.sendRawTransaction(chain[25].toHex()), -26, '64: too-long-mempool-chain')
    const lateSaviour = await spend(key, outputOf(chain[24], 0), 100_000n)
    await expectRpcError(rpc.sendRawTransaction(lateSaviour.toHex()), -26, '64: too-long-mempool-chain')
    // 24 low-paying transactions and the one that pays for them all: mined together.
    const group = await chainOf(key, coins[5], 24, 1n)
    for (const tx of group) await rpc.sendRawTransaction(tx.toHex())
    const payer = await spend(key, outputOf(group[23], 0), 100_000n)
    await rpc.sendRawTransaction(payer.toHex())
    const mined = await mine()
    expect(mined).to.include.members([...group, payer].map(t => t.id('hex')))
    expect(mined).to.not.include(chain[0].id('hex'))
  })

  it('refuses a fee above -maxtxfee as absurd unless allowhighfees is given', async () => {
    const lavish = await spend(key, coins[3], 100_000_000n - 1000n)
    await expectRpcError(rpc.sendRawTransaction(lavish.toHex()), -26, '256: absurdly-high-fee')
    expect(await rpc.call('sendrawtransaction', [lavish.toHex(), true])).to.equal(lavish.id('hex'))
  })

  it('mines a low-paying transaction sent with dontcheckfee', async () => {
    const cheap = await spend(key, coins[4], 1n)
    await rpc.call('sendrawtransaction', [cheap.toHex(), false, true])
    expect(await mine()).to.include(cheap.id('hex'))
  })
})

describe('devnet: unconfirmed chains, expiry and a changed mining fee', function () {
  this.timeout(60_000)
  const key = PrivateKey.fromRandom()

  it('refuses a transaction with -limitancestorcount unconfirmed ancestors: -26 64: too-long-mempool-chain', async () => {
    const node = await startTempDevnet({ limitAncestorCount: 5 })
    try {
      const [coin] = await fundKey(node.rpc, key)
      const chain = await chainOf(key, coin, 6, 500n)
      for (const tx of chain.slice(0, 5)) await node.rpc.sendRawTransaction(tx.toHex())
      await expectRpcError(node.rpc.sendRawTransaction(chain[5].toHex()), -26, '64: too-long-mempool-chain')
      // Once its ancestors are mined, it fits.
      await node.rpc.generateToAddress(1, regtestAddressOf(key))
      expect(await node.rpc.sendRawTransaction(chain[5].toHex())).to.equal(chain[5].id('hex'))
    } finally {
      await node.close()
    }
  })

  it('drops a transaction and its descendants after -mempoolexpiry', async () => {
    let now = 1_700_000_000
    const node = await startTempDevnet({ miningFeeRate: 500, now: () => now })
    try {
      const [a, b] = await fundKey(node.rpc, key, 102)
      const old = await spend(key, a, 1n)
      await node.rpc.sendRawTransaction(old.toHex())
      const child = await spend(key, outputOf(old, 0), 1n)
      await node.rpc.sendRawTransaction(child.toHex())
      now += 336 * 3600 - 1
      const young = await spend(key, b, 1n)
      await node.rpc.sendRawTransaction(young.toHex())
      expect(await node.rpc.getRawMempool()).to.have.members([old.id('hex'), child.id('hex'), young.id('hex')])
      now += 2
      await node.rpc.generateToAddress(1, regtestAddressOf(key))
      expect(await node.rpc.getRawMempool()).to.deep.equal([young.id('hex')])
    } finally {
      await node.close()
    }
  })

  it('mines what waited in the secondary mempool once the devnet restarts with a lower mining fee', async () => {
    const node = await startTempDevnet({ miningFeeRate: 500 })
    let devnet: Devnet | undefined
    try {
      const [coin] = await fundKey(node.rpc, key)
      const cheap = await spend(key, coin, 10n)
      await node.rpc.sendRawTransaction(cheap.toHex())
      await node.devnet.stop()
      devnet = await Devnet.start({ dataDir: node.dataDir, port: 0, miningFeeRate: 1 })
      const rpc = new RpcClient(devnet.rpcUrl)
      const [hash] = await rpc.generateToAddress(1, regtestAddressOf(key))
      expect((await rpc.call<{ tx: string[] }>('getblock', [hash, 1])).tx).to.include(cheap.id('hex'))
    } finally {
      await devnet?.stop()
      await node.close()
    }
  })
})
