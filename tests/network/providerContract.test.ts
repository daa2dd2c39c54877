import { expect } from 'chai'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { bsv, MethodCallOptions, TestWallet } from 'scrypt-ts'
import { EmbeddedDevnet } from '../../scripts/cli/EmbeddedDevnet'
import { resolveNetwork } from '../../network/networks'
import { DivvyProvider } from '../../network/provider/DivvyProvider'
import { Counter } from '../fixtures/contracts/counter'
import { fixtureArtifact } from '../support/compiledFixtures'

describe('a scrypt-ts contract deployed and called on the devnet through DivvyProvider', function () {
  this.timeout(180_000)
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'divvy-provider-contract-'))
  const key = bsv.PrivateKey.fromRandom('testnet')
  let node: EmbeddedDevnet
  let wallet: TestWallet

  before(async () => {
    Counter.loadArtifact(fixtureArtifact('counter'))
    node = await EmbeddedDevnet.start({ devnetDir: path.join(home, 'node'), indexDir: path.join(home, 'index') })
    await node.rpc.generateToAddress(101, key.toAddress().toString())
    await node.sync()
    const provider = DivvyProvider.forNetwork(resolveNetwork({ network: 'devnet', rpc: node.rpc.url, indexer: node.indexerUrl }, {}))
    wallet = new TestWallet(key, provider)
  })

  after(async () => {
    await node?.close()
    fs.rmSync(home, { recursive: true, force: true })
  })

  it('deploys, calls twice (each call verified), and the node accepts and mines every transaction', async () => {
    let counter = new Counter(0n)
    await counter.connect(wallet)
    const deployTx = await counter.deploy(1)
    const txids = [deployTx.id]
    for (let i = 0; i < 2; i++) {
      await node.sync()
      const next = counter.next()
      next.increment()
      const { tx } = await counter.methods.incrementOnChain({ next: { instance: next, balance: counter.balance }, verify: true } as MethodCallOptions<Counter>)
      txids.push(tx.id)
      counter = next
    }
    expect(await node.rpc.getRawMempool()).to.include.members(txids)
    await node.rpc.generateToAddress(1, key.toAddress().toString())
    await node.sync()
    expect(await node.rpc.getRawMempool()).to.deep.equal([])
    const last = new bsv.Transaction(await node.rpc.getRawTransactionHex(txids[2]))
    expect(Counter.fromTx(last, 0).count).to.equal(2n)
    // The contract's current output is the only unspent one of its chain.
    expect(await node.rpc.getTxOut(txids[1], 0)).to.equal(null)
    expect(await node.rpc.getTxOut(txids[2], 0)).to.not.equal(null)
  })
})
