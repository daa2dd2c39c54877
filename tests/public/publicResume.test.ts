import { expect } from 'chai'
import { spawn } from 'child_process'
import { join } from 'path'
import { Regtest } from '../../network/devnet/ChainParams'
import { compiledModule } from '../../runtime/packageFiles'
import { PUBLIC_CHAIN_HEADER_FILE, publicChainWithHistory, tokenState } from '../support/publicChain'

describe('public-network index: killed and resumed', function () {
  this.timeout(120_000)
  const setup = publicChainWithHistory()

  it('a SIGKILLed `npm run indexer -- --network testnet` resumes from what it stored, to the node-fed index\'s token state', async () => {
    const chain = setup.chain()
    const { dir, index: first } = await chain.openPublic()
    await first.close()
    const args = ['--network', 'testnet', '--token', chain.tokenId, '--data', dir, '--port', '0', '--woc', chain.stand.urls.woc, '--woc-rate', '5', '--one-sat', chain.stand.urls.oneSat]
    const child = spawn(process.execPath, [compiledModule(join(__dirname, '..', '..', 'scripts', 'indexer')), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DIVVY_CHECKPOINT: `regtest:${Regtest.genesisHash}` } })
    let output = ''
    const exited = new Promise<void>(resolve => child.on('exit', () => resolve()))
    await new Promise<void>(resolve => {
      const watch = (chunk: Buffer): void => {
        output += chunk.toString()
        // Killed as soon as it has stored its first headers.
        if (/public index: headers \d+\//.test(output)) { child.kill('SIGKILL'); resolve() }
      }
      child.stdout.on('data', watch)
      child.stderr.on('data', watch)
      void exited.then(resolve)
    })
    await exited
    // Its first header file (heights 0 to 39) verified and stored, nothing more.
    expect(output).to.match(new RegExp(`public index: headers ${PUBLIC_CHAIN_HEADER_FILE - 1}/\\d+`))
    expect(output).to.not.match(/public index: at height/)

    const served = chain.stand.woc.headersServed
    served.clear()
    const { index, pacer } = await chain.openPublic({ dir })
    try {
      await index.sync()
      expect(await tokenState(index.indexer)).to.deep.equal(await tokenState(chain.net.indexer))
      // The killed run's headers came from its store: each of the rest was asked for once, in files.
      const tip = chain.net.indexer.tip?.height as number
      expect([...served.keys()].sort((a, b) => a - b)).to.deep.equal(Array.from({ length: tip - PUBLIC_CHAIN_HEADER_FILE + 1 }, (_, i) => PUBLIC_CHAIN_HEADER_FILE + i))
      expect([...served.values()].every(n => n === 1)).to.equal(true)
      expect(pacer.counts.get('GET /block/{n}/header')).to.equal(undefined)
    } finally { await index.close() }
  })
})
