import { expect } from 'chai'
import { fundKey } from '../../network/devnet/fundedKey'
import { IndexerClient } from '../../network/provider/IndexerClient'
import { loadOneSatOrd } from '../support/js1satOrd'
import { IndexedDevnet, tokenUtxo as tokenUtxoOf } from '../support/indexedDevnet'

const pkhOf = (key: any): string => Buffer.from(key.toPublicKey().toHash()).toString('hex')

describe('indexer on the devnet: pending token views (?pending=true)', function () {
  this.timeout(120_000)
  let net: IndexedDevnet
  let client: IndexerClient
  let ord: Awaited<ReturnType<typeof loadOneSatOrd>>['ord']
  let sdk: Awaited<ReturnType<typeof loadOneSatOrd>>['sdk']
  let issuer: any, bob: any, carol: any
  let tokenId: string
  let deploy: any
  const address = (key: any): string => key.toAddress([0x6f])

  const mine = async (): Promise<void> => { await net.mine(address(issuer)) }
  const broadcast = async (tx: any): Promise<string> => await net.broadcast(tx)
  const payUtxos = async (key: any): Promise<any[]> => await net.payUtxos(address(key))
  const tokenUtxo = (tx: any, vout: number, amt: string): any => tokenUtxoOf(tx, vout, amt, tokenId)
  const balances = async (pending: boolean): Promise<Record<string, string>> => {
    const { status, body } = await net.get(`/tokens/${tokenId}/holders${pending ? '?pending=true' : ''}`)
    expect(status).to.equal(200)
    expect(body.height).to.equal(net.indexer.tip!.height)
    return Object.fromEntries(body.holders.map((h: any) => [h.pkh, h.amount]))
  }
  const owned = async (key: any, pending: boolean): Promise<any[]> => {
    const { status, body } = await net.get(`/addresses/${address(key)}/tokens${pending ? '?pending=true' : ''}`)
    expect(status).to.equal(200)
    return body
  }
  const utxosOf = async (key: any, pending: boolean): Promise<any[]> => {
    const { status, body } = await net.get(`/addresses/${address(key)}/tokens/${tokenId}/utxos${pending ? '?pending=true' : ''}`)
    expect(status).to.equal(200)
    return body
  }

  before(async () => {
    ({ ord, sdk } = await loadOneSatOrd())
    issuer = sdk.PrivateKey.fromRandom(); bob = sdk.PrivateKey.fromRandom(); carol = sdk.PrivateKey.fromRandom()
    net = await IndexedDevnet.start()
    client = new IndexerClient({ network: 'devnet', url: net.node.url })
    await fundKey(net.rpc, issuer, 101)
    await net.follower.sync()
    ;({ tx: deploy } = await ord.deployBsv21Token({
      symbol: 'PEND',
      icon: `${'00'.repeat(32)}_0`,
      utxos: await payUtxos(issuer),
      initialDistribution: { address: address(issuer), tokens: 1_000_000 },
      paymentPk: issuer,
      destinationAddress: address(issuer)
    }))
    await broadcast(deploy)
    tokenId = `${deploy.id('hex')}_0`
  })
  after(async () => { await net?.stop() })

  it('shows a deploy in the mempool only with pending=true', async () => {
    await net.follower.sync()
    expect((await net.get(`/tokens/${tokenId}/holders`)).status).to.equal(404)
    expect(await balances(true)).to.deep.equal({ [pkhOf(issuer)]: '1000000' })
    expect(await owned(issuer, false)).to.deep.equal([])
    expect(await owned(issuer, true)).to.deep.equal([{ id: tokenId, symbol: 'PEND', decimals: 0, balance: '1000000', listed: '0', utxos: [{ txid: deploy.id('hex'), vout: 0, amount: '1000000', listing: false, height: null }] }])
    await mine()
    expect(await balances(false)).to.deep.equal({ [pkhOf(issuer)]: '1000000' })
    expect(await balances(true)).to.deep.equal({ [pkhOf(issuer)]: '1000000' })
  })

  it('shows a transfer and its child in the mempool with pending=true and not without, and both agree once mined', async () => {
    const tip = net.indexer.tip!.height
    const t1 = await ord.transferOrdTokens({
      protocol: ord.TokenType.BSV21,
      tokenID: tokenId,
      decimals: 0,
      utxos: await payUtxos(issuer),
      inputTokens: [tokenUtxo(deploy, 0, '1000000')],
      distributions: [{ address: address(bob), tokens: 300_000 }],
      paymentPk: issuer,
      ordPk: issuer,
      tokenChangeAddress: address(issuer),
      additionalPayments: [{ to: address(bob), amount: 1_000_000 }]
    })
    await broadcast(t1.tx)
    await net.follower.sync()
    // Bob sends on 100,000 of the unconfirmed 300,000 to Carol: the child needs its parent's tokens.
    const t2 = await ord.transferOrdTokens({
      protocol: ord.TokenType.BSV21,
      tokenID: tokenId,
      decimals: 0,
      utxos: await payUtxos(bob),
      inputTokens: [tokenUtxo(t1.tx, 0, '300000')],
      distributions: [{ address: address(carol), tokens: 100_000 }],
      paymentPk: bob,
      ordPk: bob,
      tokenChangeAddress: address(bob)
    })
    await broadcast(t2.tx)
    await net.follower.sync()
    expect(net.indexer.tip!.height).to.equal(tip)

    const confirmed = { [pkhOf(issuer)]: '1000000' }
    const pending = { [pkhOf(issuer)]: '700000', [pkhOf(bob)]: '200000', [pkhOf(carol)]: '100000' }
    expect(await balances(false)).to.deep.equal(confirmed)
    expect(await balances(true)).to.deep.equal(pending)
    expect(await owned(bob, false)).to.deep.equal([])
    expect(await owned(carol, true)).to.deep.equal([{ id: tokenId, symbol: 'PEND', decimals: 0, balance: '100000', listed: '0', utxos: [{ txid: t2.tx.id('hex'), vout: 0, amount: '100000', listing: false, height: null }] }])
    expect(await utxosOf(carol, false)).to.deep.equal([])
    const carolPending = await utxosOf(carol, true)
    expect(carolPending).to.deep.equal([{ txid: t2.tx.id('hex'), vout: 0, amount: '100000', script: t2.tx.outputs[0].lockingScript.toHex(), listing: false, height: null }])
    // The issuer's deploy output is spent in the mempool: only the change shows pending.
    expect((await utxosOf(issuer, false)).map(u => u.txid)).to.deep.equal([deploy.id('hex')])
    expect((await utxosOf(issuer, true)).map(u => [u.txid, u.amount, u.height])).to.deep.equal([[t1.tx.id('hex'), '700000', null]])

    // The typed client, with and without the option.
    expect((await client.tokenUtxos(address(carol), tokenId)).length).to.equal(0)
    expect((await client.tokenUtxos(address(carol), tokenId, { pending: true })).map(u => [u.txid, u.amount, u.height])).to.deep.equal([[t2.tx.id('hex'), 100_000n, null]])
    expect((await client.holders(tokenId)).holders.map(h => [h.pkh, h.amount])).to.deep.equal([[pkhOf(issuer), 1_000_000n]])
    expect((await client.holders(tokenId, undefined, { pending: true })).holders.map(h => [h.pkh, h.amount])).to.deep.equal(Object.entries(pending).map(([k, v]) => [k, BigInt(v)]))
    expect((await client.tokens(address(bob), { pending: true })).map(t => [t.id, t.balance])).to.deep.equal([[tokenId, 200_000n]])
    expect(await client.tokens(address(bob))).to.deep.equal([])

    // Snapshots stay confirmed; nothing pending is in the store.
    const snap = (await net.get(`/tokens/${tokenId}/snapshot?height=${tip}&pool=1000`)).body
    expect(snap.leaves.map((l: any) => [l.pkh, l.amount])).to.deep.equal([[pkhOf(issuer), '1000000']])
    expect((await net.get(`/tokens/${tokenId}/history`)).body.events.map((e: any) => e.kind)).to.deep.equal(['deploy'])

    await mine()
    expect(await balances(false)).to.deep.equal(pending)
    expect(await balances(true)).to.deep.equal(pending)
    expect(await owned(carol, false)).to.deep.equal(await owned(carol, true))
    expect(await utxosOf(bob, false)).to.deep.equal(await utxosOf(bob, true))
    expect((await utxosOf(bob, false)).map(u => u.amount)).to.deep.equal(['200000'])
  })

  it('refuses bad pending parameters', async () => {
    const tip = net.indexer.tip!.height
    const cases: Array<[string, number, string]> = [
      [`/tokens/${tokenId}/holders?pending=yes`, 400, 'BAD_PENDING'],
      [`/tokens/${tokenId}/holders?pending=true&height=${tip}`, 400, 'PENDING_WITH_HEIGHT'],
      [`/addresses/${address(bob)}/tokens?pending=1`, 400, 'BAD_PENDING'],
      [`/addresses/${address(bob)}/tokens/${tokenId}/utxos?pending=true&pending=true`, 400, 'BAD_PARAMETER']
    ]
    for (const [path, status, code] of cases) {
      const answer = await net.get(path)
      expect([path, answer.status, answer.body.error?.code]).to.deep.equal([path, status, code])
    }
    expect((await net.get(`/tokens/${tokenId}/holders?pending=false`)).body.holders).to.have.length(3)
  })
})
