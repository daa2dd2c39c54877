import { expect } from 'chai'
import { cpSync, mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'
import { regtestCheckpoint } from '../../network/chain/Checkpoint'
import { Regtest } from '../../network/devnet/ChainParams'
import { Devnet } from '../../network/devnet/Devnet'
import { fundKey, regtestAddressOf } from '../../network/devnet/fundedKey'
import { RequestPacer } from '../../network/http/RequestPacer'
import { RpcClient } from '../../network/rpc/RpcClient'
import { WhatsOnChainFeed } from '../../network/woc/WhatsOnChainFeed'
import { Follower } from '../../indexer/follow/Follower'
import { IndexedPublic } from '../../indexer/IndexedPublic'
import { Indexer } from '../../indexer/Indexer'
import { PublicStandIns } from '../../scripts/standins/PublicStandIns'
import { loadOneSatOrd } from '../support/js1satOrd'
import { tokenUtxo } from '../support/indexedDevnet'
import { tokenState } from '../support/publicChain'

describe('public-network index: a re-org on the stand-ins\' chain', function () {
  this.timeout(120_000)
  const dirs: string[] = []
  const devnets: Devnet[] = []
  const temp = (): string => { const d = mkdtempSync(join(tmpdir(), 'divvy-public-reorg-')); dirs.push(d); return d }
  after(async () => {
    for (const d of devnets) await d.stop()
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  })

  it('rolls back the orphaned block\'s transfer and applies the other branch\'s double spend, as a node-fed index of that branch has it', async () => {
    const { ord, sdk } = await loadOneSatOrd()
    const issuer = sdk.PrivateKey.fromRandom()
    const addr = (k: any): string => regtestAddressOf(k)
    const dirA = temp()
    const first = await Devnet.start({ dataDir: dirA, port: 0 })
    let rpcA = new RpcClient(first.rpcUrl)
    const coins = await fundKey(rpcA, issuer, 102)
    const utxo = (c: { txid: string, vout: number, satoshis: bigint, script: string }): any => ({ txid: c.txid, vout: c.vout, satoshis: Number(c.satoshis), script: Buffer.from(c.script, 'hex').toString('base64') })
    const deploy = await ord.deployBsv21Token({ symbol: 'FORK', icon: `${'00'.repeat(32)}_0`, utxos: [utxo(coins[0])], initialDistribution: { address: addr(issuer), tokens: 1_000_000 }, paymentPk: issuer, destinationAddress: addr(issuer) })
    await rpcA.sendRawTransaction(deploy.tx.toHex())
    await rpcA.generateToAddress(1, addr(issuer))
    const tokenId = `${deploy.tx.id('hex')}_0`
    // Both branches share the chain up to here: copy the devnet's data while it is stopped.
    await first.stop()
    const dirB = temp()
    cpSync(dirA, dirB, { recursive: true })
    const a = await Devnet.start({ dataDir: dirA, port: 0 })
    const b = await Devnet.start({ dataDir: dirB, port: 0 })
    devnets.push(a, b)
    rpcA = new RpcClient(a.rpcUrl)
    const rpcB = new RpcClient(b.rpcUrl)
    const send = async (rpc: RpcClient, to: any, amount: number): Promise<string> => {
      const { tx } = await ord.transferOrdTokens({
        protocol: ord.TokenType.BSV21,
        tokenID: tokenId,
        decimals: 0,
        utxos: [utxo(coins[1])],
        inputTokens: [tokenUtxo(deploy.tx, 0, '1000000', tokenId)],
        distributions: [{ address: addr(to), tokens: amount }],
        paymentPk: issuer,
        ordPk: issuer,
        tokenChangeAddress: addr(issuer)
      })
      return await rpc.sendRawTransaction(tx.toHex())
    }
    const onA = await send(rpcA, sdk.PrivateKey.fromRandom(), 100)
    await rpcA.generateToAddress(1, addr(issuer))
    const onB = await send(rpcB, sdk.PrivateKey.fromRandom(), 200)
    await rpcB.generateToAddress(2, addr(issuer))

    const stand = await PublicStandIns.start({ rpc: rpcA, network: 'testnet', holdersIndexUrl: 'http://127.0.0.1:1', wocPerSecond: 1000 })
    const pacer = new RequestPacer({ perSecond: 1000 })
    const lines: string[] = []
    const index = await IndexedPublic.open({ indexDir: temp(), network: 'testnet', checkpoint: regtestCheckpoint(Regtest.genesisHash), source: new WhatsOnChainFeed({ network: 'testnet', url: stand.urls.woc, pacer }), log: l => lines.push(l) })
    try {
      await index.follow({ tokenId })
      await index.sync()
      const holdersA: any = await (await fetch(`${index.url}/tokens/${tokenId}/holders`)).json()
      expect(holdersA.holders.map((h: any) => h.amount)).to.deep.equal(['999900', '100'])
      expect(stand.mirror.txs.has(onA)).to.equal(true)

      // The services now follow branch B: two blocks on the shared chain, with the other transfer.
      stand.mirror.switchTo(rpcB)
      await stand.woc.refresh(true)
      const report = await index.sync()
      expect(report.rolledBack).to.equal(1)
      expect(lines.some(l => /re-org: the chain changed above block/.test(l))).to.equal(true)
      const node = await Indexer.open({ dataDir: temp() })
      await new Follower({ rpc: rpcB, indexer: node, startHeight: 0 }).sync()
      expect(index.indexer.tip).to.deep.equal(node.tip)
      expect(await tokenState(index.indexer)).to.deep.equal(await tokenState(node))
      const holdersB: any = await (await fetch(`${index.url}/tokens/${tokenId}/holders`)).json()
      expect(holdersB.holders.map((h: any) => h.amount)).to.deep.equal(['999800', '200'])
      expect(stand.mirror.txs.has(onB)).to.equal(true)
      await node.close()
    } finally {
      await index.close()
      await stand.stop()
    }
  })
})
