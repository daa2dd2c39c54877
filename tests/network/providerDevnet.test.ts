import { expect } from 'chai'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { bsv, TestWallet } from 'scrypt-ts'
import { RpcClient } from '../../network/rpc/RpcClient'
import { parseRawBlock } from '../../network/block/RawBlock'
import { EmbeddedDevnet } from '../../scripts/cli/EmbeddedDevnet'
import type { Follower } from '../../indexer/follow/Follower'
import type { RunningApi } from '../../indexer/api/ApiServer'
import { DivvyProvider } from '../../network/provider/DivvyProvider'
import { resolveNetwork } from '../../network/networks'
import { closedPort } from '../support/testServer'

async function rejection (promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (e) {
    const message = (e as Error).message
    expect(message).not.to.contain('\n')
    return message
  }
  throw new Error('expected the node to reject the transaction')
}

describe('DivvyProvider on the devnet', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'divvy-provider-devnet-'))
  const indexDir = fs.mkdtempSync(path.join(os.tmpdir(), 'divvy-provider-index-'))
  const key = bsv.PrivateKey.fromWIF('cMgZD2qsGReP1UvGbNQ7moL6PZFgzsuPFV3St8sGwpNxED4hqkEM')
  const address = key.toAddress()
  const payee = bsv.PrivateKey.fromWIF('cMiWPrRA5KYDiRAq4nkgGsEf2TfcpqGbhT6YbfDpoy8ZsaAHiDeo')
  let node: EmbeddedDevnet
  let devnet: { rpcUrl: string }
  let rpc: RpcClient
  let follower: Follower
  let api: RunningApi
  let provider: DivvyProvider
  let wallet: TestWallet

  before(async () => {
    // The project's indexer follows the devnet and serves the UTXOs by address.
    node = await EmbeddedDevnet.start({ devnetDir: dataDir, indexDir })
    ;({ rpc, follower, api } = node.node)
    devnet = node.devnet
    // 101 blocks to the key: the next block may spend the coinbases of blocks 1 and 2 only.
    await rpc.generateToAddress(101, address.toString())
    await follower.sync()
    provider = DivvyProvider.forNetwork(resolveNetwork({ network: 'devnet', rpc: devnet.rpcUrl, indexer: api.url }, {}))
    wallet = new TestWallet(key, provider)
  })

  after(async () => {
    await node?.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
    fs.rmSync(indexDir, { recursive: true, force: true })
  })

  it('connects, reads the node\'s fee rate, and uses testnet addresses', async () => {
    await provider.connect()
    expect(provider.isConnected()).to.equal(true)
    expect(provider.getNetwork()).to.equal(bsv.Networks.testnet)
    expect(await provider.getFeePerKb()).to.be.a('number').and.to.be.at.least(1)
  })

  it('offers only the mature coinbase outputs for spending', async () => {
    const expected = []
    for (const height of [1, 2]) {
      const coinbase = parseRawBlock(await rpc.getBlockHex(await rpc.getBlockHash(height))).transactions[0]
      expected.push({ txId: coinbase.id('hex'), outputIndex: 0, script: bsv.Script.buildPublicKeyHashOut(address).toHex(), satoshis: coinbase.outputs[0].satoshis })
    }
    expect(await provider.listUnspent(address)).to.have.deep.members(expected)
    // Immature coinbases are not offered, nor counted in the balance.
    expect(await provider.getBalance(address)).to.deep.equal({ confirmed: (expected[0].satoshis as number) * 2, unconfirmed: 0 })
  })

  it('sends P2PKH payments through a TestWallet, and spends the unconfirmed change', async () => {
    const feePerKb = await provider.getFeePerKb()
    const first = await wallet.signAndsendTransaction(new bsv.Transaction()
      .from(await provider.listUnspent(address))
      .addOutput(new bsv.Transaction.Output({ script: bsv.Script.buildPublicKeyHashOut(payee.toAddress()), satoshis: 1_000_000 }))
      .change(address)
      .feePerKb(feePerKb))
    expect(await rpc.getRawMempool()).to.include(first.id)
    expect((await provider.getTransaction(first.id)).id).to.equal(first.id)

    // The change output is unconfirmed and spendable at once.
    await follower.sync()
    const change = await provider.listUnspent(address)
    expect(change.map(u => u.txId)).to.deep.equal([first.id])
    const second = await wallet.signAndsendTransaction(new bsv.Transaction()
      .from(change)
      .addOutput(new bsv.Transaction.Output({ script: bsv.Script.buildPublicKeyHashOut(payee.toAddress()), satoshis: 2_000_000 }))
      .change(address)
      .feePerKb(feePerKb))
    expect(await rpc.getRawMempool()).to.include.members([first.id, second.id])
    await follower.sync()
    expect(await provider.getBalance(payee.toAddress())).to.deep.equal({ confirmed: 0, unconfirmed: 3_000_000 })

    await rpc.generateToAddress(1, payee.toAddress().toString())
    await follower.sync()
    // Confirmed now; the new coinbase is not spendable yet, so not counted.
    expect(await provider.getBalance(payee.toAddress())).to.deep.equal({ confirmed: 3_000_000, unconfirmed: 0 })
  })

  it('surfaces a double spend with the node\'s code and reason in one line', async () => {
    const [coin] = await provider.listUnspent(address)
    const spend = (satoshis: number): bsv.Transaction => new bsv.Transaction()
      .from([coin])
      .addOutput(new bsv.Transaction.Output({ script: bsv.Script.buildPublicKeyHashOut(payee.toAddress()), satoshis }))
      .change(address)
      .feePerKb(1000)
      .sign(key)
    await provider.sendRawTransaction(spend(10_000).uncheckedSerialize())
    const message = await rejection(provider.sendRawTransaction(spend(20_000).uncheckedSerialize()))
    expect(message).to.match(/^devnet: .*txn-mempool-conflict.*\(code -26\)$/)
  })

  it('surfaces missing inputs and a bad signature with the node\'s code and reason', async () => {
    const missing = new bsv.Transaction()
      .from([{ txId: 'ab'.repeat(32), outputIndex: 0, script: bsv.Script.buildPublicKeyHashOut(address).toHex(), satoshis: 50_000 }])
      .addOutput(new bsv.Transaction.Output({ script: bsv.Script.buildPublicKeyHashOut(payee.toAddress()), satoshis: 40_000 }))
      .sign(key)
    expect(await rejection(provider.sendRawTransaction(missing.uncheckedSerialize()))).to.match(/^devnet: .*\(code -25\)$/)

    await follower.sync()
    const [coin] = await provider.listUnspent(address)
    const forged = new bsv.Transaction()
      .from([coin])
      .addOutput(new bsv.Transaction.Output({ script: bsv.Script.buildPublicKeyHashOut(payee.toAddress()), satoshis: 40_000 }))
      .change(address)
      .feePerKb(1000)
    // The right public key with a signature by another key: only the script can tell.
    const sighash = bsv.crypto.Signature.SIGHASH_ALL | bsv.crypto.Signature.SIGHASH_FORKID
    const sig = bsv.Transaction.Sighash.sign(forged, payee, sighash, 0, bsv.Script.fromHex(coin.script), new bsv.crypto.BN(coin.satoshis))
    forged.inputs[0].setScript(new bsv.Script('').add(Buffer.concat([sig.toDER(), Buffer.from([sighash])])).add(key.publicKey.toBuffer()))
    expect(await rejection(provider.sendRawTransaction(forged.uncheckedSerialize()))).to.match(/^devnet: (16: )?mandatory-script-verify-flag-failed \(.+\) \(code -26\)$/)
  })

  it('names an unreachable node and wrong credentials', async () => {
    const url = new URL(devnet.rpcUrl)
    url.password = 'wrong'
    const badAuth = DivvyProvider.forNetwork(resolveNetwork({ network: 'devnet', rpc: url.toString().replace(/\/$/, ''), indexer: api.url }, {}))
    expect(await rejection(badAuth.connect())).to.match(/^devnet: node at .* credentials refused \(HTTP 401\)/)

    const port = await closedPort()
    const down = DivvyProvider.forNetwork(resolveNetwork({ network: 'regtest', rpc: `http://u:p@127.0.0.1:${port}`, indexer: api.url }, {}))
    expect(await rejection(down.connect())).to.equal(`regtest: node at http://127.0.0.1:${port}/ is unreachable (ECONNREFUSED)`)
  })
})
