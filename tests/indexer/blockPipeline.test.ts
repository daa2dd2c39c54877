import { expect } from 'chai'
import { mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'
import { P2PKH, type Transaction } from '@bsv/sdk'
import { parseRawBlock } from '../../network/block/RawBlock'
import { readBlock } from '../../indexer/chain/BlockReader'
import { Indexer } from '../../indexer/Indexer'
import { BlockOrderError } from '../../indexer/pipeline/BlockApplier'
import { Keys } from '../../indexer/store/Keys'
import type { OutputRecord, TokenInfoRecord } from '../../indexer/store/Records'
import { keyPkh, p2pkhAsm, scriptBytes, testKey, tokenScript } from '../support/scripts'
import { spend, TestChain } from '../support/testChain'

const A = testKey(1)
const B = testKey(2)
const pkhA = keyPkh(A)
const pkhB = keyPkh(B)

async function dump (indexer: Indexer): Promise<Record<string, unknown>> {
  const all: Record<string, unknown> = {}
  for await (const [k, v] of indexer.store.scan<unknown>('')) all[k] = v
  return all
}

/** Four blocks: coinbase; deploy 1000 to A; transfer 600 to B + 400 to A; B burns 100 and sends an over-spending transfer. */
async function buildChain (): Promise<{ chain: TestChain, tokenId: string, deploy: Transaction, transfer: Transaction }> {
  const chain = new TestChain(A)
  const b0 = chain.mine()
  const deploy = await spend([{ tx: b0.coinbase, vout: 0, key: A }], [
    { satoshis: 1, script: tokenScript(pkhA, { op: 'deploy+mint', sym: 'DIV', amt: '1000', dec: '0' }) },
    { satoshis: 49_000_000, script: new P2PKH().lock(A.toAddress()) }
  ])
  chain.mine([deploy])
  const tokenId = `${deploy.id('hex')}_0`
  const transfer = await spend([{ tx: deploy, vout: 0, key: A }, { tx: deploy, vout: 1, key: A }], [
    { satoshis: 1, script: tokenScript(pkhB, { op: 'transfer', amt: '600', id: tokenId }) },
    { satoshis: 1, script: tokenScript(pkhA, { op: 'transfer', amt: '400', id: tokenId }) },
    { satoshis: 48_000_000, script: new P2PKH().lock(B.toAddress()) }
  ])
  chain.mine([transfer])
  const burn = await spend([{ tx: transfer, vout: 0, key: B }, { tx: transfer, vout: 2, key: B }], [
    { satoshis: 1, script: tokenScript(pkhB, { op: 'transfer', amt: '500', id: tokenId }) },
    { satoshis: 47_000_000, script: new P2PKH().lock(B.toAddress()) }
  ])
  const overspend = await spend([{ tx: transfer, vout: 1, key: A }], [
    { satoshis: 1, script: tokenScript(pkhB, { op: 'transfer', amt: '401', id: tokenId }) }
  ])
  chain.mine([burn, overspend])
  return { chain, tokenId, deploy, transfer }
}

describe('indexer: LevelDB block apply and undo', function () {
  let dir: string
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'divvy-index-')) })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('reads blocks exactly as network/block/RawBlock.ts does', async () => {
    const { chain } = await buildChain()
    for (const b of chain.blocks) {
      const fast = readBlock(b.raw)
      const reference = parseRawBlock(b.raw.toString('hex'))
      expect(fast.hash).to.equal(reference.header.hash)
      expect(fast.prevHash).to.equal(reference.header.prevHash)
      expect(fast.txs.map(t => t.txid)).to.deep.equal(reference.transactions.map(t => t.id('hex')))
      expect(fast.txs.map(t => t.outputs.map(o => [o.satoshis, o.script.toString('hex')]))).to.deep.equal(
        reference.transactions.map(t => t.outputs.map(o => [BigInt(o.satoshis ?? 0), o.lockingScript.toHex()])))
      expect(fast.txs.map(t => t.inputs)).to.deep.equal(reference.transactions.map(t => t.inputs
        .filter(i => i.sourceTXID !== '00'.repeat(32)).map(i => ({ txid: i.sourceTXID, vout: i.sourceOutputIndex }))))
    }
  })

  it('indexes UTXOs, tokens, transfers, burns and invalid transfers block by block', async () => {
    const { chain, tokenId, deploy, transfer } = await buildChain()
    const indexer = await Indexer.open({ dataDir: dir })
    try {
      for (const [h, b] of chain.blocks.entries()) await indexer.applyBlock(readBlock(b.raw), h)
      expect(indexer.tip).to.deep.equal({ height: 3, hash: chain.tipHash })
      const info = await indexer.store.get<TokenInfoRecord>(Keys.token(tokenId))
      // 100 burned by B (600 in, 500 out), 400 burned by A's over-spending transfer.
      expect(info).to.include({ supply: '1000', burned: '500', sym: 'DIV', dec: 0, height: 1 })
      const spentDeploy = await indexer.store.get<OutputRecord>(Keys.output(deploy.id('hex'), 0))
      expect(spentDeploy).to.equal(undefined)
      const history: Array<[string, unknown]> = []
      for await (const e of indexer.store.scan(Keys.tokenOutputPrefix(tokenId))) history.push(e)
      expect(history.map(([, v]) => v)).to.have.deep.members([
        { amt: '1000', pkh: pkhA, h: 1, x: 2 },
        { amt: '600', pkh: pkhB, h: 2, x: 3 },
        { amt: '400', pkh: pkhA, h: 2, x: 3 },
        { amt: '500', pkh: pkhB, h: 3, x: null }
      ])
      const kinds: string[] = []
      for await (const [, e] of indexer.store.scan<{ kind: string }>(Keys.eventPrefix(tokenId))) kinds.push(e.kind)
      expect(kinds).to.deep.equal(['deploy', 'transfer', 'transfer', 'invalid'])
      const bUtxos: string[] = []
      for await (const [k] of indexer.store.scan(Keys.addressPrefix(pkhB))) bUtxos.push(k)
      expect(bUtxos).to.have.length(1)
      expect(await indexer.store.get(Keys.output(transfer.id('hex'), 2))).to.equal(undefined)
    } finally {
      await indexer.close()
    }
  })

  it('refuses a block that does not extend the tip', async () => {
    const { chain } = await buildChain()
    const indexer = await Indexer.open({ dataDir: dir })
    try {
      await indexer.applyBlock(readBlock(chain.blocks[0].raw), 0)
      await indexer.applyBlock(readBlock(chain.blocks[1].raw), 1)
      const before = await dump(indexer)
      let error: unknown
      try { await indexer.applyBlock(readBlock(chain.blocks[3].raw), 2) } catch (e) { error = e }
      expect(error).to.be.instanceOf(BlockOrderError)
      expect(await dump(indexer)).to.deep.equal(before)
    } finally {
      await indexer.close()
    }
  })

  it('rolls blocks back to exactly the earlier state, then re-applies a competing branch', async () => {
    const { chain } = await buildChain()
    const indexer = await Indexer.open({ dataDir: dir })
    try {
      const states: Array<Record<string, unknown>> = [{}]
      for (const [h, b] of chain.blocks.entries()) {
        await indexer.applyBlock(readBlock(b.raw), h)
        states.push(await dump(indexer))
      }
      for (let h = chain.blocks.length - 1; h >= 0; h--) {
        await indexer.rollback()
        expect(await dump(indexer)).to.deep.equal(states[h])
      }
      expect(indexer.tip).to.equal(undefined)
      // Re-apply the first two blocks, then a different block 2.
      await indexer.applyBlock(readBlock(chain.blocks[0].raw), 0)
      await indexer.applyBlock(readBlock(chain.blocks[1].raw), 1)
      expect(await dump(indexer)).to.deep.equal(states[2])
      chain.fork(2)
      const other = chain.mine([])
      await indexer.applyBlock(readBlock(other.raw), 2)
      expect(indexer.tip?.hash).to.equal(other.hash)
    } finally {
      await indexer.close()
    }
  })

  it('a restart between any two blocks gives the same index as an uninterrupted run', async () => {
    const { chain } = await buildChain()
    const straight = await Indexer.open({ dataDir: dir })
    for (const [h, b] of chain.blocks.entries()) await straight.applyBlock(readBlock(b.raw), h)
    const expected = await dump(straight)
    await straight.close()
    const dir2 = mkdtempSync(join(tmpdir(), 'divvy-index-'))
    try {
      for (const [h, b] of chain.blocks.entries()) {
        const indexer = await Indexer.open({ dataDir: dir2 })
        expect(indexer.tip?.height ?? -1).to.equal(h - 1)
        await indexer.applyBlock(readBlock(b.raw), h)
        await indexer.close()
      }
      const reopened = await Indexer.open({ dataDir: dir2 })
      expect(await dump(reopened)).to.deep.equal(expected)
      await reopened.close()
    } finally {
      rmSync(dir2, { recursive: true, force: true })
    }
  })

  it('never crashes on odd scripts: empty, truncated pushes, OP_RETURN data, huge inscriptions', async () => {
    const chain = new TestChain(A)
    const b0 = chain.mine()
    const odd = await spend([{ tx: b0.coinbase, vout: 0, key: A }], [
      { satoshis: 1, script: Buffer.alloc(0) },
      { satoshis: 1, script: Buffer.from('0063036f7264514c', 'hex') },
      { satoshis: 0, script: scriptBytes('OP_0 OP_RETURN 0063036f7264') },
      { satoshis: 1, script: tokenScript(pkhA, { op: 'deploy+mint', amt: '5', pad: 'x'.repeat(100_000) }) },
      { satoshis: 1, script: scriptBytes(`${p2pkhAsm(pkhA)} OP_0 OP_IF 6f7264 OP_1`) }
    ])
    chain.mine([odd])
    const indexer = await Indexer.open({ dataDir: dir })
    try {
      for (const [h, b] of chain.blocks.entries()) await indexer.applyBlock(readBlock(b.raw), h)
      expect(await indexer.store.get(Keys.token(`${odd.id('hex')}_3`))).to.include({ supply: '5' })
      expect(await indexer.store.get(Keys.output(odd.id('hex'), 2))).to.equal(undefined)
    } finally {
      await indexer.close()
    }
  })
})
