import { expect } from 'chai'
import express from 'express'
import { Transaction as SdkTransaction } from '@bsv/sdk'
import { bsv, TestWallet } from 'scrypt-ts'
import { RequestPacer, routeOf } from '../../network/http/RequestPacer'
import { DivvyProvider } from '../../network/provider/DivvyProvider'
import { resolveNetwork } from '../../network/networks'
import { describeFailure, runInput } from '../support/scriptRunner'
import { listenLocally, LocalServer } from '../support/testServer'

interface Coin { satoshis: number, script: string, height: number | null, spentBy?: string }

/**
 * A small stand-in for the public services, ARC and WhatsOnChain on one port, over an
 * in-memory UTXO set. Its ARC takes only the extended format, checks every input against
 * the UTXO set and runs its script in @bsv/sdk's interpreter, checks the policy fee, and
 * answers as arc.yaml documents; its WhatsOnChain answers as the API documents.
 */
class PublicChainStandIn {
  readonly coins = new Map<string, Coin>()
  readonly txs = new Map<string, string>()
  readonly feePerKb = 50
  submissions = 0
  /** WhatsOnChain answers this many requests with 429 before answering again. */
  tooMany = 0
  private server: LocalServer | undefined
  url = ''

  addCoin (txid: string, vout: number, coin: Coin): void { this.coins.set(`${txid}:${vout}`, coin) }

  async start (): Promise<void> {
    const app = express()
    app.use(express.json({ limit: '10mb' }))
    app.get('/v1/policy', (_req, res) => {
      res.json({ timestamp: '2024-01-01T00:00:00Z', policy: { maxscriptsizepolicy: 500000, maxtxsigopscountspolicy: 4294967295, maxtxsizepolicy: 10000000, miningFee: { satoshis: this.feePerKb, bytes: 1000 } } })
    })
    app.post('/v1/tx', (req, res) => { this.submit(String((req.body as { rawTx?: string }).rawTx), res) })
    app.use('/v1/bsv/test', (_req, res, next) => {
      if (this.tooMany > 0) { this.tooMany--; res.status(429).set('Retry-After', '0').type('text').send('Too Many Requests'); return }
      next()
    })
    app.get('/v1/bsv/test/chain/info', (_req, res) => { res.json({ chain: 'test', blocks: 100, headers: 100, bestblockhash: '00'.repeat(32) }) })
    app.get('/v1/bsv/test/tx/:txid/hex', (req, res) => {
      const hex = this.txs.get(req.params.txid)
      if (hex === undefined) res.status(404).send('Not Found')
      else res.type('text').send(hex)
    })
    app.get('/v1/bsv/test/address/:address/unspent/all', (req, res) => {
      const script = bsv.Script.buildPublicKeyHashOut(bsv.Address.fromString(req.params.address)).toHex()
      const result = [...this.coins.entries()].filter(([, c]) => c.script === script).map(([key, c]) => {
        const [txid, vout] = key.split(':')
        return { height: c.height ?? 0, tx_pos: Number(vout), tx_hash: txid, value: c.satoshis, isSpentInMempoolTx: c.spentBy !== undefined, status: c.height === null ? 'unconfirmed' : 'confirmed' }
      })
      res.json({ address: req.params.address, script: '', result, error: '' })
    })
    this.server = await listenLocally(app)
    this.url = this.server.url
  }

  async stop (): Promise<void> {
    await this.server?.stop()
  }

  private submit (rawTx: string, res: express.Response): void {
    this.submissions++
    const fail = (status: number, title: string, txid: string | null, extraInfo: string): void => {
      res.status(status).json({ type: `https://bitcoin-sv.github.io/arc/#/errors?id=_${status}`, title, status, detail: title, instance: null, txid, extraInfo })
    }
    let tx: SdkTransaction
    try {
      tx = SdkTransaction.fromHexEF(rawTx)
    } catch {
      fail(460, 'Not extended format', null, 'arc error 460: parent transaction not found')
      return
    }
    const txid = tx.id('hex')
    const raw = tx.toHex()
    let inputTotal = 0
    for (const [i, input] of tx.inputs.entries()) {
      const coin = this.coins.get(`${input.sourceTXID as string}:${input.sourceOutputIndex}`)
      const claimed = input.sourceTransaction!.outputs[input.sourceOutputIndex]
      if (coin === undefined) { fail(462, 'Invalid inputs', txid, `arc error 462: input ${i} not found`); return }
      if (coin.spentBy !== undefined) {
        res.json({ blockHash: '', blockHeight: 0, extraInfo: '', status: 200, timestamp: '2024-01-01T00:00:00Z', title: 'OK', txStatus: 'DOUBLE_SPEND_ATTEMPTED', txid, competingTxs: [coin.spentBy] })
        return
      }
      if (claimed.satoshis !== coin.satoshis || claimed.lockingScript.toHex() !== coin.script) { fail(461, 'Malformed transaction', txid, `arc error 461: input ${i} does not match its source output`); return }
      const error = runInput(raw, i, { lockingScriptHex: coin.script, satoshis: BigInt(coin.satoshis) })
      if (error !== null) { fail(461, 'Malformed transaction', txid, `arc error 461: input ${i}: ${describeFailure(error)}`); return }
      inputTotal += coin.satoshis
    }
    const outputTotal = tx.outputs.reduce((sum, o) => sum + (o.satoshis ?? 0), 0)
    const minimumFee = Math.ceil(raw.length / 2 * this.feePerKb / 1000)
    if (inputTotal - outputTotal < minimumFee) { fail(465, 'Fee too low', txid, `arc error 465: minimum expected fee: ${minimumFee}, actual fee: ${inputTotal - outputTotal}`); return }
    for (const input of tx.inputs) this.coins.get(`${input.sourceTXID as string}:${input.sourceOutputIndex}`)!.spentBy = txid
    tx.outputs.forEach((o, vout) => this.addCoin(txid, vout, { satoshis: o.satoshis ?? 0, script: o.lockingScript.toHex(), height: null }))
    this.txs.set(txid, raw)
    res.json({ blockHash: '', blockHeight: 0, extraInfo: '', status: 200, timestamp: '2024-01-01T00:00:00Z', title: 'OK', txStatus: 'SEEN_ON_NETWORK', txid, merklePath: '' })
  }
}

describe('DivvyProvider on testnet (ARC and WhatsOnChain stand-ins)', () => {
  const chain = new PublicChainStandIn()
  const key = bsv.PrivateKey.fromHex('01'.repeat(32), 'testnet')
  const address = key.toAddress()
  const payee = bsv.PrivateKey.fromHex('02'.repeat(32), 'testnet').toAddress()
  let provider: DivvyProvider

  before(async () => {
    await chain.start()
    const p2pkh = bsv.Script.buildPublicKeyHashOut(address).toHex()
    chain.addCoin('11'.repeat(32), 0, { satoshis: 100_000, script: p2pkh, height: 90 })
    chain.addCoin('11'.repeat(32), 1, { satoshis: 1, script: p2pkh, height: 90 }) // may carry a token: never used for fees
    provider = DivvyProvider.forNetwork(resolveNetwork({ network: 'testnet', arc: chain.url, woc: `${chain.url}/v1/bsv/test` }, {}))
    await provider.connect()
  })
  after(async () => { await chain.stop() })

  it('reports testnet addresses and ARC policy fee rate', async () => {
    expect(provider.getNetwork()).to.equal(bsv.Networks.testnet)
    expect(await provider.getFeePerKb()).to.equal(50)
    expect(await provider.getBalance(address)).to.deep.equal({ confirmed: 100_001, unconfirmed: 0 })
  })

  it('waits out WhatsOnChain\'s 429s within the rate of the pacer it shares with the home\'s other WhatsOnChain clients', async () => {
    const pacer = new RequestPacer({ perSecond: 1000 })
    const paced = DivvyProvider.forNetwork(resolveNetwork({ network: 'testnet', arc: chain.url, woc: `${chain.url}/v1/bsv/test` }, {}), { wocPacer: pacer })
    chain.tooMany = 2
    expect(await paced.getBalance(address)).to.deep.equal({ confirmed: 100_001, unconfirmed: 0 })
    // Its first request twice refused, then answered; then the address's coins.
    expect([...pacer.counts]).to.deep.equal([['GET /chain/info', 3], [routeOf('GET', `/address/${address.toString()}/unspent/all`), 1]])
    // Without one, a 429 is the service's one-line error.
    chain.tooMany = 1
    let error = ''
    try { await provider.getBalance(address) } catch (e) { error = (e as Error).message }
    expect(error).to.match(/^testnet: WhatsOnChain .*HTTP 429/)
  })

  it('lists only spendable P2PKH UTXOs: 1-satoshi outputs are left out', async () => {
    const utxos = await provider.listUnspent(address)
    expect(utxos).to.deep.equal([{ txId: '11'.repeat(32), outputIndex: 0, script: bsv.Script.buildPublicKeyHashOut(address).toHex(), satoshis: 100_000 }])
  })

  it('sends a P2PKH payment signed by a TestWallet in the extended format, and reads it back', async () => {
    const wallet = new TestWallet(key, provider)
    const tx = new bsv.Transaction()
      .from(await provider.listUnspent(address))
      .addOutput(new bsv.Transaction.Output({ script: bsv.Script.buildPublicKeyHashOut(payee), satoshis: 30_000 }))
      .change(address)
      .feePerKb(await provider.getFeePerKb())
    const signed = await wallet.signAndsendTransaction(tx)
    const txid = signed.id
    expect(chain.txs.has(txid)).to.equal(true)
    expect((await provider.getTransaction(txid)).id).to.equal(txid)
    expect(await provider.listUnspent(payee)).to.deep.equal([{ txId: txid, outputIndex: 0, script: bsv.Script.buildPublicKeyHashOut(payee).toHex(), satoshis: 30_000 }])
    expect(await provider.getBalance(payee)).to.deep.equal({ confirmed: 0, unconfirmed: 30_000 })
    // The change is spendable at once, unconfirmed.
    const change = await provider.listUnspent(address)
    expect(change).to.have.length(1)
    expect(change[0].txId).to.equal(txid)
  })

  it('surfaces a double spend as one line with ARC\'s state and the competing transaction, sent once', async () => {
    const [spent] = [...chain.coins.entries()].filter(([, c]) => c.spentBy !== undefined)
    const [prevTxid, vout] = spent[0].split(':')
    const conflicting = new bsv.Transaction()
      .from([{ txId: prevTxid, outputIndex: Number(vout), script: spent[1].script, satoshis: spent[1].satoshis }])
      .addOutput(new bsv.Transaction.Output({ script: bsv.Script.buildPublicKeyHashOut(address), satoshis: 90_000 }))
      .change(address)
      .feePerKb(50)
      .sign(key)
    const before = chain.submissions
    let message = ''
    try {
      await provider.sendTransaction(conflicting)
    } catch (e) {
      message = (e as Error).message
    }
    expect(message).to.equal(`testnet: ARC rejected transaction ${conflicting.id}: DOUBLE_SPEND_ATTEMPTED competing with ${spent[1].spentBy as string}`)
    expect(chain.submissions).to.equal(before + 1)
  })

  it('surfaces a bad signature as ARC\'s 461 with the interpreter\'s reason', async () => {
    const coin = (await provider.listUnspent(address))[0]
    const forged = new bsv.Transaction()
      .from([coin])
      .addOutput(new bsv.Transaction.Output({ script: bsv.Script.buildPublicKeyHashOut(payee), satoshis: 1000 }))
      .change(address)
      .feePerKb(50)
      .sign(bsv.PrivateKey.fromRandom('testnet'))
    let message = ''
    try {
      await provider.sendRawTransaction(forged.uncheckedSerialize())
    } catch (e) {
      message = (e as Error).message
    }
    // Sent raw, without the spent outputs: ARC cannot check it and says so.
    expect(message).to.match(/^testnet: ARC rejected transaction [0-9a-f]{64}: 460 Not extended format/)
    try {
      await provider.sendTransaction(forged)
    } catch (e) {
      message = (e as Error).message
    }
    expect(message).to.match(new RegExp(`^testnet: ARC rejected transaction ${forged.id}: 461 Malformed transaction: Malformed transaction \\(arc error 461: input 0: .+\\)$`))
  })
})
