import { expect } from 'chai'
import { fundKey } from '../../network/devnet/fundedKey'
import { commitLeaves } from '../../contracts/offchain/snapshot'
import { loadOneSatOrd } from '../support/js1satOrd'
import { IndexedDevnet, tokenUtxo as tokenUtxoOf } from '../support/indexedDevnet'

const pkhOf = (key: any): string => Buffer.from(key.toPublicKey().toHash()).toString('hex')

describe('indexer on the devnet: js-1sat-ord token flows', function () {
  this.timeout(120_000)
  let net: IndexedDevnet
  let ord: Awaited<ReturnType<typeof loadOneSatOrd>>['ord']
  let sdk: Awaited<ReturnType<typeof loadOneSatOrd>>['sdk']
  let issuer: any, bob: any, carol: any
  let tokenId: string
  const address = (key: any): string => key.toAddress([0x6f])
  const heights: Record<string, number> = {}

  const mine = async (): Promise<void> => { await net.mine(address(issuer)) }
  const broadcast = async (tx: any): Promise<string> => await net.broadcast(tx)
  const payUtxos = async (key: any): Promise<any[]> => await net.payUtxos(address(key))
  const tokenUtxo = (tx: any, vout: number, amt: string): any => tokenUtxoOf(tx, vout, amt, tokenId)
  const balances = async (height?: number): Promise<Record<string, string>> => {
    const { status, body } = await net.get(`/tokens/${tokenId}/holders${height !== undefined ? `?height=${height}` : ''}`)
    expect(status).to.equal(200)
    return Object.fromEntries(body.holders.map((h: any) => [h.pkh, h.amount]))
  }

  before(async () => {
    ({ ord, sdk } = await loadOneSatOrd())
    issuer = sdk.PrivateKey.fromRandom(); bob = sdk.PrivateKey.fromRandom(); carol = sdk.PrivateKey.fromRandom()
    net = await IndexedDevnet.start()
    await fundKey(net.rpc, issuer, 101)
    await net.follower.sync()
  })
  after(async () => { await net?.stop() })

  it('lists the funded key\'s mature coinbase UTXOs and leaves out immature ones', async () => {
    const utxos = (await net.get(`/addresses/${address(issuer)}/utxos`)).body
    expect(utxos.map((u: any) => u.height).sort()).to.deep.equal([1, 2])
    for (const u of utxos) {
      expect(u).to.include({ satoshis: '5000000000', vout: 0 })
      expect(u.script).to.equal(`76a914${pkhOf(issuer)}88ac`)
    }
  })

  it('indexes a deployBsv21Token deploy+mint with its whole supply', async () => {
    const { tx } = await ord.deployBsv21Token({
      symbol: 'DIVVY',
      icon: `${'00'.repeat(32)}_0`,
      utxos: await payUtxos(issuer),
      initialDistribution: { address: address(issuer), tokens: 1_000_000_000 },
      paymentPk: issuer,
      destinationAddress: address(issuer)
    })
    await broadcast(tx)
    await net.follower.sync()
    // Pending: the change is listed with height null, the spent coinbase is not.
    const pending = (await net.get(`/addresses/${address(issuer)}/utxos`)).body
    expect(pending.some((u: any) => u.txid === tx.id('hex') && u.height === null)).to.equal(true)
    expect(pending.filter((u: any) => u.height !== null)).to.have.length(1)
    await mine()
    tokenId = `${tx.id('hex')}_0`
    heights.deploy = net.indexer.tip!.height
    const { status, body } = await net.get(`/tokens/${tokenId}`)
    expect(status).to.equal(200)
    expect(body).to.deep.include({ id: tokenId, symbol: 'DIVVY', decimals: 0, supply: '1000000000', burned: '0', holders: 1, deploy: { txid: tx.id('hex'), vout: 0, height: heights.deploy } })
    expect(await balances()).to.deep.equal({ [pkhOf(issuer)]: '1000000000' })
    ;(globalThis as any).__deploy = tx
  })

  it('follows transfers, listings, a purchase and a cancel to the balances computed by hand', async () => {
    const deploy = (globalThis as any).__deploy
    const t1 = await ord.transferOrdTokens({
      protocol: ord.TokenType.BSV21,
      tokenID: tokenId,
      decimals: 0,
      utxos: await payUtxos(issuer),
      inputTokens: [tokenUtxo(deploy, 0, '1000000000')],
      distributions: [{ address: address(bob), tokens: 300_000 }, { address: address(carol), tokens: 200_000 }],
      paymentPk: issuer,
      ordPk: issuer,
      tokenChangeAddress: address(issuer),
      additionalPayments: [{ to: address(bob), amount: 1_000_000 }, { to: address(carol), amount: 1_000_000 }]
    })
    await broadcast(t1.tx); await mine()
    expect(await balances()).to.deep.equal({ [pkhOf(issuer)]: '999500000', [pkhOf(bob)]: '300000', [pkhOf(carol)]: '200000' })

    // Bob lists 250,000 for 5,000 satoshis; his 50,000 change stays with him.
    const list = await ord.createOrdTokenListings({
      protocol: ord.TokenType.BSV21,
      tokenID: tokenId,
      decimals: 0,
      utxos: await payUtxos(bob),
      inputTokens: [tokenUtxo(t1.tx, 0, '300000')],
      listings: [{ payAddress: address(bob), price: 5000, tokens: 250_000, ordAddress: address(bob) }],
      paymentPk: bob,
      ordPk: bob,
      tokenChangeAddress: address(bob)
    })
    await broadcast(list.tx); await mine()
    heights.listed = net.indexer.tip!.height
    const listings = (await net.get(`/tokens/${tokenId}/listings`)).body
    expect(listings).to.have.length(1)
    expect(listings[0]).to.deep.include({ txid: list.tx.id('hex'), vout: 0, amount: '250000', price: '5000', seller: { pkh: pkhOf(bob), address: address(bob) } })
    expect(listings[0].payTo.address).to.equal(address(bob))
    // The seller still holds listed tokens.
    expect((await balances())[pkhOf(bob)]).to.equal('300000')
    const bobTokens = (await net.get(`/addresses/${address(bob)}/tokens`)).body
    expect(bobTokens).to.have.length(1)
    expect(bobTokens[0]).to.include({ id: tokenId, balance: '300000', listed: '250000', symbol: 'DIVVY' })

    // Carol buys the listing.
    const payout = Buffer.concat([Buffer.from('8813000000000000', 'hex'), Buffer.from([25]), Buffer.from(`76a914${pkhOf(bob)}88ac`, 'hex')]).toString('base64')
    const buy = await ord.purchaseOrdTokenListing({
      protocol: ord.TokenType.BSV21,
      tokenID: tokenId,
      utxos: await payUtxos(carol),
      paymentPk: carol,
      listingUtxo: { ...tokenUtxo(list.tx, 0, '250000'), payout },
      ordAddress: address(carol)
    })
    await broadcast(buy.tx); await mine()
    expect((await net.get(`/tokens/${tokenId}/listings`)).body).to.deep.equal([])
    expect(await balances()).to.deep.equal({ [pkhOf(issuer)]: '999500000', [pkhOf(carol)]: '450000', [pkhOf(bob)]: '50000' })
    const bobSats = (await net.get(`/addresses/${address(bob)}/utxos`)).body
    expect(bobSats.some((u: any) => u.txid === buy.tx.id('hex') && u.satoshis === '5000')).to.equal(true)

    // The issuer lists 300,000 and cancels.
    const t1Change = t1.tokenChange![0]
    const list2 = await ord.createOrdTokenListings({
      protocol: ord.TokenType.BSV21,
      tokenID: tokenId,
      decimals: 0,
      utxos: await payUtxos(issuer),
      inputTokens: [{ ...tokenUtxo(t1.tx, t1Change.vout, t1Change.amt) }],
      listings: [{ payAddress: address(issuer), price: 1, tokens: 300_000, ordAddress: address(issuer) }],
      paymentPk: issuer,
      ordPk: issuer,
      tokenChangeAddress: address(issuer)
    })
    await broadcast(list2.tx); await mine()
    expect((await net.get(`/tokens/${tokenId}/listings`)).body).to.have.length(1)
    const cancel = await ord.cancelOrdTokenListings({
      protocol: ord.TokenType.BSV21,
      tokenID: tokenId,
      utxos: await payUtxos(issuer),
      paymentPk: issuer,
      ordPk: issuer,
      listingUtxos: [tokenUtxo(list2.tx, 0, '300000')],
      additionalPayments: []
    })
    await broadcast(cancel.tx); await mine()
    expect((await net.get(`/tokens/${tokenId}/listings`)).body).to.deep.equal([])
    expect(await balances()).to.deep.equal({ [pkhOf(issuer)]: '999500000', [pkhOf(carol)]: '450000', [pkhOf(bob)]: '50000' })
    ;(globalThis as any).__buy = buy.tx
    ;(globalThis as any).__list = list.tx
  })

  it('burns the inputs of an over-spending transfer and of malformed inscriptions', async () => {
    const buy = (globalThis as any).__buy
    const list = (globalThis as any).__list
    const inscribe = (key: any, json: unknown): any => new ord.OrdP2PKH().lock(address(key), { dataB64: Buffer.from(JSON.stringify(json)).toString('base64'), contentType: 'application/bsv-20' })
    const handBuilt = async (key: any, tokenIn: { tx: any, vout: number }, outputs: Array<{ satoshis: number, lockingScript: any }>): Promise<any> => {
      const tx = new sdk.Transaction()
      tx.addInput({ sourceTransaction: tokenIn.tx, sourceOutputIndex: tokenIn.vout, unlockingScriptTemplate: new sdk.P2PKH().unlock(key) })
      const pay = (await payUtxos(key))[0]
      const payTx = sdk.Transaction.fromHex(await net.rpc.getRawTransactionHex(pay.txid))
      tx.addInput({ sourceTransaction: payTx, sourceOutputIndex: pay.vout, unlockingScriptTemplate: new sdk.P2PKH().unlock(key) })
      for (const o of outputs) tx.addOutput(o)
      tx.addOutput({ lockingScript: new sdk.P2PKH().lock(address(key)), change: true })
      await tx.fee(new sdk.SatoshisPerKilobyte(10))
      await tx.sign()
      return tx
    }
    // Carol's purchased 250,000 output, sent on as 260,000: invalid, all 250,000 burned.
    const over = await handBuilt(carol, { tx: buy, vout: 0 }, [{ satoshis: 1, lockingScript: inscribe(bob, { p: 'bsv-20', op: 'transfer', amt: '260000', id: tokenId }) }])
    // Bob's 50,000: 20,000 validly on, a numeric amount and a 2-satoshi output carry nothing: 30,000 burned.
    const malformed = await handBuilt(bob, { tx: list, vout: 1 }, [
      { satoshis: 1, lockingScript: inscribe(bob, { p: 'bsv-20', op: 'transfer', amt: '20000', id: tokenId }) },
      { satoshis: 1, lockingScript: inscribe(carol, { p: 'bsv-20', op: 'transfer', amt: 30000, id: tokenId }) },
      { satoshis: 2, lockingScript: inscribe(carol, { p: 'bsv-20', op: 'transfer', amt: '30000', id: tokenId }) }
    ])
    await broadcast(over); await broadcast(malformed); await mine()
    heights.final = net.indexer.tip!.height
    expect(await balances()).to.deep.equal({ [pkhOf(issuer)]: '999500000', [pkhOf(carol)]: '200000', [pkhOf(bob)]: '20000' })
    expect((await net.get(`/tokens/${tokenId}`)).body).to.include({ burned: '280000', holders: 3 })
    const events = (await net.get(`/tokens/${tokenId}/history`)).body.events
    expect(events.map((e: any) => e.kind)).to.deep.equal(['deploy', 'transfer', 'transfer', 'transfer', 'transfer', 'transfer', 'invalid', 'transfer'])
    expect(events[6]).to.include({ txid: over.id('hex'), in: '250000', burned: '250000' })
    expect(events[7]).to.include({ txid: malformed.id('hex'), in: '50000', out: '20000', burned: '30000' })
  })

  it('answers holders and snapshots at historic heights', async () => {
    expect(await balances(heights.deploy)).to.deep.equal({ [pkhOf(issuer)]: '1000000000' })
    expect(await balances(heights.listed)).to.deep.equal({ [pkhOf(issuer)]: '999500000', [pkhOf(bob)]: '300000', [pkhOf(carol)]: '200000' })
    const { status, body } = await net.get(`/tokens/${tokenId}/snapshot?height=${heights.listed}&pool=10000`)
    expect(status).to.equal(200)
    // pool 10,000: issuer 9995, bob 3, carol 2 satoshis.
    const expected = [{ pkh: pkhOf(issuer), amount: 999_500_000n }, { pkh: pkhOf(bob), amount: 300_000n }, { pkh: pkhOf(carol), amount: 200_000n }]
    expect(body.leaves.map((l: any) => [l.pkh, l.amount, l.payout])).to.deep.equal([[pkhOf(issuer), '999500000', '9995'], [pkhOf(bob), '300000', '3'], [pkhOf(carol), '200000', '2']])
    expect(body.commitment).to.equal(commitLeaves(expected))
    const small = (await net.get(`/tokens/${tokenId}/snapshot?height=${heights.final}&pool=4000`)).body
    // pool 4,000: carol 200,000 -> 0.8 and bob 20,000 -> 0.08 are cut.
    expect(small.leaves.map((l: any) => l.pkh)).to.deep.equal([pkhOf(issuer)])
    expect(small.cut.map((l: any) => l.amount)).to.deep.equal(['200000', '20000'])
    expect(small.commitment).to.equal(commitLeaves([{ pkh: pkhOf(issuer), amount: 999_500_000n }]))
  })

  it('answers bad requests with 400/404 and a JSON error', async () => {
    const tip = net.indexer.tip!.height
    const cases: Array<[string, number, string]> = [
      ['/tokens/nothex_0', 400, 'BAD_TOKEN_ID'],
      [`/tokens/${'ab'.repeat(32)}_0`, 404, 'UNKNOWN_TOKEN'],
      [`/tokens/${tokenId}/holders?height=${tip + 1}`, 404, 'HEIGHT_BEYOND_TIP'],
      [`/tokens/${tokenId}/holders?height=-1`, 400, 'BAD_HEIGHT'],
      [`/tokens/${tokenId}/holders?limit=0`, 400, 'BAD_PAGINATION'],
      [`/tokens/${tokenId}/holders?limit=5000`, 400, 'BAD_PAGINATION'],
      [`/tokens/${tokenId}/holders?offset=x`, 400, 'BAD_PAGINATION'],
      [`/tokens/${tokenId}/history?offset=1&offset=2`, 400, 'BAD_PARAMETER'],
      [`/tokens/${tokenId}/snapshot`, 400, 'MISSING_HEIGHT'],
      [`/tokens/${tokenId}/snapshot?height=1&pool=0`, 400, 'BAD_POOL'],
      ['/addresses/notanaddress/utxos', 400, 'BAD_ADDRESS'],
      ['/nowhere', 404, 'NOT_FOUND']
    ]
    for (const [path, status, code] of cases) {
      const answer = await net.get(path)
      expect([path, answer.status, answer.body.error?.code]).to.deep.equal([path, status, code])
      expect(answer.body.error.message).to.be.a('string').and.not.equal('')
    }
    const page = (await net.get(`/tokens/${tokenId}/holders?offset=1&limit=1`)).body
    expect(page).to.include({ total: 3, offset: 1, limit: 1 })
    expect(page.holders.map((h: any) => h.pkh)).to.deep.equal([pkhOf(carol)])
    const status = (await net.get('/status')).body
    expect(status).to.include({ indexedHeight: tip, nodeHeight: tip, lag: 0 })
  })
})
