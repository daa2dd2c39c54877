import { expect } from 'chai'
import { mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'
import { Devnet } from '../../network/devnet/Devnet'
import { RpcClient } from '../../network/rpc/RpcClient'
import { BlockServer } from '../../scripts/bench/indexer/BlockServer'
import { balanceMismatches, indexedBalances } from '../../scripts/bench/indexer/IndexedBalances'
import { indexFromNode } from '../../scripts/bench/indexer/IndexRun'
import { loadNode } from '../../scripts/bench/indexer/NodeLoader'
import { prebuildChain } from '../../scripts/bench/indexer/PrebuiltChain'
import type { TransferPlan } from '../../scripts/bench/indexer/TransferPlan'

/** The bench:indexer pipeline on a few hundred transfers: built, indexed, balances checked (no timing). */
describe('bench:indexer smoke', function () {
  this.timeout(300_000)
  const dirs: string[] = []
  const dir = (prefix: string): string => { const d = mkdtempSync(join(tmpdir(), prefix)); dirs.push(d); return d }
  after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }) })

  async function indexAndCheck (rpcUrl: string, startHeight: number, plan: TransferPlan, transfers: number): Promise<void> {
    const { figures, indexer } = await indexFromNode({ rpcUrl, dataDir: dir('divvy-bench-index-'), startHeight })
    try {
      expect(figures.txs).to.be.greaterThan(transfers)
      expect(plan.balances.size).to.be.greaterThan(10)
      const actual = await indexedBalances(indexer, plan.tokenId)
      expect(balanceMismatches(plan.balances, actual, 20)).to.deep.equal([])
      expect([...actual.values()].reduce((a, b) => a + b, 0n)).to.equal(1_000_000_000n)
    } finally {
      await indexer.close()
    }
  }

  it('indexes pre-built blocks through the follower to the planned balances', async () => {
    const chain = await prebuildChain({ transfers: 300, blockTxs: 120, chains: 20, holders: 50, threads: 1 })
    expect(chain.plan.waves.reduce((n, w) => n + w.length, 0)).to.equal(301)
    expect(chain.blocks.length).to.be.greaterThan(2)
    const server = await BlockServer.start(chain.blocks)
    try {
      await indexAndCheck(server.rpcUrl, 0, chain.plan, 300)
    } finally {
      await server.stop()
    }
  })

  it('builds transactions the devnet accepts (every signature verified) and indexes its blocks to the planned balances', async () => {
    const devnet = await Devnet.start({ dataDir: dir('divvy-bench-devnet-'), port: 0 })
    try {
      const loaded = await loadNode(new RpcClient(devnet.rpcUrl), { transfers: 200, blockTxs: 80, chains: 10, holders: 30, threads: 1 })
      expect(loaded.tipHeight).to.be.greaterThan(loaded.firstHeight)
      await indexAndCheck(devnet.rpcUrl, loaded.firstHeight, loaded.plan, 200)
    } finally {
      await devnet.stop()
    }
  })
})
