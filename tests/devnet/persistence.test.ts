import { PrivateKey } from '@bsv/sdk'
import { ChildProcess, spawn } from 'child_process'
import { expect } from 'chai'
import { mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import path from 'path'
import { Devnet } from '../../network/devnet/Devnet'
import { fundKey, regtestAddressOf } from '../../network/devnet/fundedKey'
import { RpcClient } from '../../network/rpc/RpcClient'
import { compiledModule } from '../../runtime/packageFiles'
import { auditChain } from '../support/chainAudit'
import { outputOf, p2pkhOf, payment, Spendable } from '../support/payments'

describe('devnet: persistence', () => {
  const dirs: string[] = []
  const newDir = (): string => {
    const dir = mkdtempSync(path.join(tmpdir(), 'divvy-devnet-'))
    dirs.push(dir)
    return dir
  }
  after(() => { for (const dir of dirs) rmSync(dir, { recursive: true, force: true }) })

  it('keeps the chain, the UTXO set and the mempool across a restart', async () => {
    const dir = newDir()
    const key = PrivateKey.fromRandom()
    let devnet = await Devnet.start({ dataDir: dir, port: 0 })
    let rpc = new RpcClient(devnet.rpcUrl)
    const [coin] = await fundKey(rpc, key)
    const mined = await payment({ key, inputs: [coin], outputs: [[p2pkhOf(key), 1000n]], fee: 300n })
    await rpc.sendRawTransaction(mined.toHex())
    await rpc.generateToAddress(1, regtestAddressOf(key))
    const parent = await payment({ key, inputs: [outputOf(mined, 1)], outputs: [[p2pkhOf(key), 2000n]], fee: 300n })
    const child = await payment({ key, inputs: [outputOf(parent, 1)], outputs: [[p2pkhOf(key), 3000n]], fee: 300n })
    await rpc.sendRawTransaction(parent.toHex())
    await rpc.sendRawTransaction(child.toHex())
    const tip = await rpc.getBestBlockHash()
    await devnet.stop()

    devnet = await Devnet.start({ dataDir: dir, port: 0 })
    rpc = new RpcClient(devnet.rpcUrl)
    try {
      expect(await rpc.getBestBlockHash()).to.equal(tip)
      expect(await rpc.getBlockCount()).to.equal(102)
      expect(await rpc.getRawMempool()).to.deep.equal([parent.id('hex'), child.id('hex')])
      expect(await auditChain(rpc)).to.equal(102)
      // The restored mempool still guards its inputs and is mined in order.
      const rival = await payment({ key, inputs: [outputOf(mined, 1)], outputs: [[p2pkhOf(key), 5000n]], fee: 300n })
      try {
        await rpc.sendRawTransaction(rival.toHex())
        expect.fail('a double spend of a restored mempool input was accepted')
      } catch (e) {
        expect((e as Error).message).to.contain('txn-mempool-conflict')
      }
      const [hash] = await rpc.generateToAddress(1, regtestAddressOf(key))
      const block = await rpc.call<{ tx: string[] }>('getblock', [hash, 1])
      expect(block.tx.slice(1)).to.deep.equal([parent.id('hex'), child.id('hex')])
      expect(await auditChain(rpc)).to.equal(103)
    } finally {
      await devnet.stop()
    }
  })

  it('comes back consistent after being killed while mining and accepting transactions', async () => {
    const dir = newDir()
    const key = PrivateKey.fromRandom()
    const child = await startChild(dir)
    const rpc = new RpcClient({ url: child.url, timeoutMs: 60_000 })
    const coins = await fundKey(rpc, key, 110)
    let funds: Spendable = coins[0]
    // A steady stream of payments and blocks, killed at an arbitrary point in the middle.
    const work = (async () => {
      for (let round = 0; ; round++) {
        for (let i = 0; i < 5; i++) {
          const tx = await payment({ key, inputs: [funds], outputs: [[p2pkhOf(key), 10_000n]], fee: 300n })
          await rpc.sendRawTransaction(tx.toHex())
          funds = outputOf(tx, 1)
        }
        await rpc.generateToAddress(3, regtestAddressOf(key))
      }
    })().catch(() => {})
    await new Promise(resolve => setTimeout(resolve, 1500))
    child.process.kill('SIGKILL')
    await new Promise(resolve => child.process.once('exit', resolve))
    await work

    const devnet = await Devnet.start({ dataDir: dir, port: 0 })
    try {
      const restarted = new RpcClient(devnet.rpcUrl)
      const height = await auditChain(restarted)
      expect(height).to.be.at.least(110)
      // The chain goes on from where it stopped.
      const next = await payment({ key, inputs: [coins[1]], outputs: [[p2pkhOf(key), 10_000n]], fee: 300n })
      await restarted.sendRawTransaction(next.toHex())
      await restarted.generateToAddress(1, regtestAddressOf(key))
      expect(await auditChain(restarted)).to.equal(height + 1)
    } finally {
      await devnet.stop()
    }
  })
})

/** `npm run devnet` on `dir` in a process of its own (the build's scripts/devnet.js), for the crash test. */
async function startChild (dir: string): Promise<{ process: ChildProcess, url: string }> {
  const script = compiledModule(path.join(__dirname, '..', '..', 'scripts', 'devnet'))
  const proc = spawn(process.execPath, [script, '--datadir', dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    proc.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const port = /JSON-RPC on http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1]
      if (port !== undefined) resolve(`http://divvy:divvy@127.0.0.1:${port}`)
    })
    proc.once('exit', code => reject(new Error(`the devnet child exited with code ${String(code)}`)))
  })
  return { process: proc, url }
}
