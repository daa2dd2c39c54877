import { expect } from 'chai'
import { HEADER_RUN_GAP } from '../../indexer/public/VerifiedHeaders'
import { PUBLIC_CHAIN_HEADER_FILE, publicChainWithHistory, tokenState, type PublicChain } from '../support/publicChain'

describe('public-network index: fed from WhatsOnChain stand-ins, the same token state as the node-fed index', function () {
  this.timeout(120_000)
  const setup = publicChainWithHistory()
  let chain: PublicChain
  beforeEach(() => { chain = setup.chain() })

  it('builds the same token index from spends, raw bytes, proofs and verified headers', async () => {
    const { index, pacer } = await chain.openPublic()
    try {
      await index.follow({ tokenId: chain.tokenId })
      const report = await index.sync()
      expect(report.indexedHeight).to.equal(chain.net.indexer.tip?.height)
      expect(await tokenState(index.indexer)).to.deep.equal(await tokenState(chain.net.indexer))
      // Bulk routes only: never a single spent or raw request.
      const routes = [...pacer.counts.keys()]
      expect(routes.some(r => r.includes('/spent') && r.startsWith('GET'))).to.equal(false)
      expect(routes.some(r => r.endsWith('/hex') && r.startsWith('GET'))).to.equal(false)
      // Headers in WhatsOnChain's header files, a file a request: one by one only the checkpoint's and the last few.
      const tip = chain.net.indexer.tip?.height as number
      expect(pacer.counts.get('GET /block/headers/{file}')).to.equal(Math.floor((tip + 1) / PUBLIC_CHAIN_HEADER_FILE))
      expect(pacer.counts.get('GET /block/{n}/header') ?? 0).to.be.at.most(1 + HEADER_RUN_GAP)
    } finally { await index.close() }
  })
})

describe('public-network index: stand-ins that lie are caught', function () {
  this.timeout(120_000)
  const setup = publicChainWithHistory()
  let chain: PublicChain
  let txs: Record<string, any>
  beforeEach(() => { chain = setup.chain(); txs = setup.txs() })
  afterEach(() => {
    const lies = chain.stand.woc.lies
    lies.txBytes.clear(); lies.proofs.clear(); lies.headers.clear(); lies.hiddenSpends.clear()
    chain.stand.oneSat.lies.spends.clear()
  })

  const heightOf = (tx: any): number => chain.stand.mirror.txs.get(tx.id('hex'))?.height as number

  it('takes no bytes that do not hash to their txid: the index waits below that block until true bytes come', async () => {
    chain.stand.woc.lies.txBytes.set(txs.t2.id('hex'), txs.list.toHex())
    const { index } = await chain.openPublic()
    try {
      await index.follow({ tokenId: chain.tokenId })
      await index.sync()
      expect(index.feeder.warnings.list.map(w => w.kind)).to.include('tx-hash')
      // Carol's transfer spends an output of t1: it is in t1's block or later, so the index stops below it.
      expect(index.indexer.tip?.height).to.equal(heightOf(txs.t1) - 1)
      chain.stand.woc.lies.txBytes.clear()
      await index.sync()
      expect(await tokenState(index.indexer)).to.deep.equal(await tokenState(chain.net.indexer))
    } finally { await index.close() }
  })

  it('takes no height that the merkle proof does not lead to', async () => {
    // The purchase's proof names the deploy's block, which does not hold it.
    const other = chain.stand.mirror.blocks[heightOf(txs.deploy)]
    const buy = txs.buy.id('hex')
    chain.stand.woc.lies.proofs.set(buy, { index: 1, txOrId: buy, target: other.hash, nodes: [other.txids[0]] })
    const { index } = await chain.openPublic()
    try {
      await index.follow({ tokenId: chain.tokenId })
      await index.sync()
      expect(index.feeder.warnings.list.map(w => w.kind)).to.include('proof-root')
      // It spends the listing: it is in the listing's block or later.
      expect(index.indexer.tip?.height).to.equal(heightOf(txs.list) - 1)
      const holders: any = await (await fetch(`${index.url}/tokens/${chain.tokenId}/holders`)).json()
      expect(holders.holders).to.have.length(3)
      chain.stand.woc.lies.proofs.clear()
      await index.sync()
      expect(await tokenState(index.indexer)).to.deep.equal(await tokenState(chain.net.indexer))
    } finally { await index.close() }
  })

  it('takes no header without proof of work', async () => {
    const height = heightOf(txs.t1)
    const { parseHeader } = await import('../../network/chain/ChainHeader')
    const { decodeBits, hashNumber } = await import('../../network/chain/Target')
    const { headerBytes } = await import('../../network/chain/ChainHeader')
    const real = parseHeader(chain.stand.mirror.blocks[height].header)
    let nonce = 0
    while (hashNumber(parseHeader(headerBytes({ ...real, nonce })).hash) <= decodeBits(real.bits).target) nonce++
    chain.stand.woc.lies.headers.set(height, { nonce })
    const { index } = await chain.openPublic()
    try {
      await index.follow({ tokenId: chain.tokenId })
      let error = ''
      try { await index.sync() } catch (e) { error = (e as Error).message }
      expect(error).to.match(new RegExp(`block header ${height} [0-9a-f]{64} has no proof of work`))
      chain.stand.woc.lies.headers.clear()
      await index.sync()
      expect(await tokenState(index.indexer)).to.deep.equal(await tokenState(chain.net.indexer))
    } finally { await index.close() }
  })

  it('reports a spend WhatsOnChain hides and the 1Sat API shows, follows it once its bytes prove it, and leaves an unprovable claim unresolved', async () => {
    const { ord, keys, sdk } = chain
    // Pay the token's indexing fund, so that the 1Sat API indexes it.
    const { fundAddress } = await import('../../network/ordinals/FundAddress')
    const fund = fundAddress(chain.tokenId, 'testnet')
    const pay = (await chain.net.payUtxos(chain.address('issuer')))[0]
    const payTx = sdk.Transaction.fromHex(await chain.net.rpc.getRawTransactionHex(pay.txid))
    const funding = new sdk.Transaction()
    funding.addInput({ sourceTransaction: payTx, sourceOutputIndex: pay.vout, unlockingScriptTemplate: new sdk.P2PKH().unlock(keys.issuer) })
    funding.addOutput({ lockingScript: new sdk.P2PKH().lock(fund), satoshis: 10_000_000 })
    funding.addOutput({ lockingScript: new sdk.P2PKH().lock(chain.address('issuer')), change: true })
    await funding.fee(new sdk.SatoshisPerKilobyte(10))
    await funding.sign()
    await chain.net.broadcast(funding)
    // Carol sends bob her change; WhatsOnChain will hide that spend.
    const change = txs.t2.outputs.findIndex((o: any) => o.satoshis === 1 && o.lockingScript.toHex().includes(Buffer.from(keys.carol.toPublicKey().toHash()).toString('hex')))
    const t3 = await ord.transferOrdTokens({
      protocol: ord.TokenType.BSV21,
      tokenID: chain.tokenId,
      decimals: 0,
      utxos: await chain.net.payUtxos(chain.address('carol')),
      inputTokens: [{ txid: txs.t2.id('hex'), vout: change, satoshis: 1, script: Buffer.from(txs.t2.outputs[change].lockingScript.toBinary()).toString('base64'), amt: '150000', id: chain.tokenId }],
      distributions: [{ address: chain.address('bob'), tokens: 150_000 }],
      paymentPk: keys.carol,
      ordPk: keys.carol
    })
    await chain.net.broadcast(t3.tx)
    await chain.mine()
    await chain.net.follower.sync()
    const hidden = `${txs.t2.id('hex')}:${change}`
    chain.stand.woc.lies.hiddenSpends.add(hidden)

    const blind = await chain.openPublic()
    try {
      await blind.index.follow({ tokenId: chain.tokenId })
      await blind.index.sync()
      // With WhatsOnChain alone, the hidden spend leaves carol's tokens where they were.
      expect(await tokenState(blind.index.indexer)).to.not.deep.equal(await tokenState(chain.net.indexer))
    } finally { await blind.index.close() }

    // The 1Sat API also claims an output spent by a transaction nobody has.
    const bobsListingChange = `${txs.list.id('hex')}_1`
    chain.stand.oneSat.lies.spends.set(bobsListingChange, 'ff'.repeat(32))
    const lines: string[] = []
    const { index } = await chain.openPublic({ crossCheck: true, log: l => lines.push(l) })
    try {
      await index.follow({ tokenId: chain.tokenId })
      await index.sync()
      expect(await tokenState(index.indexer)).to.deep.equal(await tokenState(chain.net.indexer))
      const status: any = await (await fetch(`${index.url}/status`)).json()
      const disagreements = status.feed.disagreements as Array<{ outpoint: string, outcome: string, oneSat: string }>
      expect(disagreements.map(d => [d.outpoint, d.outcome, d.oneSat]).sort()).to.deep.equal([
        [`${txs.t2.id('hex')}_${change}`, 'proven', t3.tx.id('hex')],
        [bobsListingChange, 'unresolved', 'ff'.repeat(32)]
      ].sort())
      expect(lines.filter(l => l.includes('disagreement'))).to.have.length(2)
      expect(status.feed.crossChecks[0]).to.include({ tokenId: chain.tokenId, checked: true })
    } finally { await index.close() }
  })
})
