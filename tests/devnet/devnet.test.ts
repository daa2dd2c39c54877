import { PrivateKey, Utils } from '@bsv/sdk'
import { expect } from 'chai'
import { parseRawBlock } from '../../network/block/RawBlock'
import { Regtest, targetFromBits } from '../../network/devnet/ChainParams'
import { Devnet } from '../../network/devnet/Devnet'
import { FundedUtxo, fundKey, regtestAddressOf } from '../../network/devnet/fundedKey'
import { merkleRoot } from '../../network/devnet/Hashes'
import { RpcClient } from '../../network/rpc/RpcClient'
import { outputOf, p2pkhOf, payment } from '../support/payments'
import { expectRpcError } from '../support/rpcAssert'
import { startTempDevnet, TempDevnet } from '../support/tempDevnet'

describe('devnet: chain and core RPC', () => {
  let node: TempDevnet
  let devnet: Devnet
  let rpc: RpcClient
  const key = PrivateKey.fromRandom()
  const payee = PrivateKey.fromRandom()
  let funds: FundedUtxo[]

  before(async () => {
    node = await startTempDevnet()
    ;({ devnet, rpc } = node)
    funds = await fundKey(rpc, key)
  })

  after(async () => await node.close())

  it('starts from the real regtest genesis block and listens on 127.0.0.1', async () => {
    expect(devnet.rpcUrl).to.equal(`http://divvy:divvy@127.0.0.1:${devnet.port}`)
    expect(await rpc.getBlockHash(0)).to.equal('0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206')
    expect(await rpc.getBlockHex(await rpc.getBlockHash(0))).to.equal(Regtest.genesisBlockHex)
    const info = await rpc.getBlockchainInfo()
    expect(info.chain).to.equal('regtest')
  })

  it('fundKey mines 101 blocks and returns the two mature 50 BSV coinbases', async () => {
    expect(await rpc.getBlockCount()).to.equal(101)
    expect(funds).to.have.length(2)
    for (const f of funds) {
      expect(f.satoshis).to.equal(5_000_000_000n)
      expect(f.script).to.equal(p2pkhOf(key).toHex())
    }
  })

  it('serves raw blocks with real headers: prev hash, merkle root, proof of work, rising median time', async () => {
    let prev = await rpc.getBlockHash(0)
    const times: number[] = []
    for (let h = 1; h <= 101; h += 25) {
      const hash = await rpc.getBlockHash(h)
      const block = parseRawBlock(await rpc.getBlockHex(hash))
      expect(block.header.hash).to.equal(hash)
      if (h === 1) expect(block.header.prevHash).to.equal(prev)
      expect(block.header.bits).to.equal(0x207fffff)
      expect(BigInt('0x' + hash) <= targetFromBits(0x207fffff)).to.equal(true)
      expect(block.header.merkleRoot).to.equal(merkleRoot(block.transactions.map(t => t.id('hex'))))
      const coinbase = block.transactions[0]
      expect(coinbase.outputs[0].satoshis).to.equal(5_000_000_000)
      // BIP34: the coinbase starts with the height.
      expect(Utils.toHex(coinbase.inputs[0].unlockingScript!.toBinary()).startsWith(h <= 16 ? (0x50 + h).toString(16) : '01' + h.toString(16).padStart(2, '0'))).to.equal(true)
      times.push(block.header.time)
      prev = hash
    }
    expect([...times].sort((a, b) => a - b)).to.deep.equal(times)
    const tipHash = await rpc.getBlockHash(101)
    expect(await rpc.call('getblockheader', [tipHash, false])).to.equal((await rpc.getBlockHex(tipHash)).slice(0, 160))
    const header = await rpc.getBlockHeader(tipHash)
    expect(header.height).to.equal(101)
    expect(header.confirmations).to.equal(1)
    expect(header.bits).to.equal('207fffff')
  })

  it('getblock verbosity 1 lists txids, verbosity 2 decodes them', async () => {
    const hash = await rpc.getBlockHash(5)
    const v1 = await rpc.call<{ tx: string[], height: number, confirmations: number, nextblockhash: string }>('getblock', [hash, 1])
    expect(v1.height).to.equal(5)
    expect(v1.confirmations).to.equal(97)
    expect(v1.nextblockhash).to.equal(await rpc.getBlockHash(6))
    expect(v1.tx).to.have.length(1)
    const v2 = await rpc.call<{ tx: Array<{ txid: string, vin: Array<{ coinbase?: string }>, vout: Array<{ value: number, scriptPubKey: { type: string, addresses: string[] } }> }> }>('getblock', [hash, 2])
    expect(v2.tx[0].txid).to.equal(v1.tx[0])
    expect(v2.tx[0].vin[0].coinbase).to.be.a('string')
    expect(v2.tx[0].vout[0].value).to.equal(50)
    expect(v2.tx[0].vout[0].scriptPubKey.type).to.equal('pubkeyhash')
    expect(v2.tx[0].vout[0].scriptPubKey.addresses).to.deep.equal([regtestAddressOf(key)])
  })

  it('accepts a P2PKH payment, then a spend of its unconfirmed change, and mines both in order', async () => {
    const pay = await payment({ key, inputs: [funds[0]], outputs: [[p2pkhOf(payee), 1_000_000n]], fee: 500n })
    const payTxid = await rpc.sendRawTransaction(pay.toHex())
    expect(payTxid).to.equal(pay.id('hex'))
    // The spent coinbase is gone from gettxout with the mempool, still there without it.
    expect(await rpc.getTxOut(funds[0].txid, 0, true)).to.equal(null)
    expect(await rpc.getTxOut(funds[0].txid, 0, false)).to.not.equal(null)
    const change = outputOf(pay, 1)
    const unconfirmed = await rpc.getTxOut(change.txid, 1, true)
    expect(unconfirmed?.confirmations).to.equal(0)
    expect(unconfirmed?.value).to.equal(Number(change.satoshis) / 1e8)

    const child = await payment({ key, inputs: [change], outputs: [[p2pkhOf(payee), 2_000_000n]], fee: 300n })
    await rpc.sendRawTransaction(child.toHex())
    expect(await rpc.getRawMempool()).to.deep.equal([payTxid, child.id('hex')])
    const entry = await rpc.call<{ fee: number, depends: string[] }>('getmempoolentry', [child.id('hex')])
    expect(entry.fee).to.equal(0.000003)
    expect(entry.depends).to.deep.equal([payTxid])

    const [hash] = await rpc.generateToAddress(1, regtestAddressOf(payee))
    const block = parseRawBlock(await rpc.getBlockHex(hash))
    expect(block.transactions.map(t => t.id('hex')).slice(1)).to.deep.equal([payTxid, child.id('hex')])
    // The coinbase collects the subsidy and both fees.
    expect(block.transactions[0].outputs[0].satoshis).to.equal(5_000_000_000 + 800)
    expect(await rpc.getRawMempool()).to.deep.equal([])

    const verbose = await rpc.call<Record<string, any>>('getrawtransaction', [child.id('hex'), true])
    expect(verbose.blockhash).to.equal(hash)
    expect(verbose.confirmations).to.equal(1)
    expect(verbose.hex).to.equal(child.toHex())
    expect(verbose.vin[0].txid).to.equal(payTxid)
    expect(verbose.vin[0].scriptSig.asm).to.match(/^[0-9a-f]+\[ALL\|FORKID\] [0-9a-f]{66}$/)
    expect(verbose.vout[0].value).to.equal(0.02)
    expect(verbose.vout[0].scriptPubKey.asm).to.match(/^OP_DUP OP_HASH160 [0-9a-f]{40} OP_EQUALVERIFY OP_CHECKSIG$/)
    expect(verbose.vout[0].scriptPubKey.addresses).to.deep.equal([regtestAddressOf(payee)])
    expect(await rpc.getRawTransactionHex(payTxid)).to.equal(pay.toHex())
    const confirmedOut = await rpc.getTxOut(child.id('hex'), 0)
    expect(confirmedOut?.confirmations).to.equal(1)
  })

  it('halves the coinbase subsidy every 150 blocks, as regtest does', async () => {
    await rpc.generateToAddress(151 - await rpc.getBlockCount(), regtestAddressOf(payee))
    const subsidyAt = async (height: number): Promise<number> => {
      const block = await rpc.call<{ tx: Array<{ vout: Array<{ value: number }> }> }>('getblock', [await rpc.getBlockHash(height), 2])
      return block.tx[0].vout[0].value
    }
    expect(await subsidyAt(149)).to.equal(50)
    expect(await subsidyAt(150)).to.equal(25)
    expect(await subsidyAt(151)).to.equal(25)
  })

  it('answers -5 for unknown blocks and transactions and -8 for heights out of range', async () => {
    await expectRpcError(rpc.getBlockHex('00'.repeat(32)), -5, 'Block not found')
    await expectRpcError(rpc.getRawTransactionHex('11'.repeat(32)), -5, 'No such mempool or blockchain transaction')
    await expectRpcError(rpc.getBlockHash(1000), -8, 'Block height out of range')
    await expectRpcError(rpc.generateToAddress(1, 'not-an-address'), -5, 'Invalid address')
    expect(await rpc.getTxOut('11'.repeat(32), 0)).to.equal(null)
  })
})
