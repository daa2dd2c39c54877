import { expect } from 'chai'
import express from 'express'
import { P2PKH, PrivateKey, Transaction } from '@bsv/sdk'
import { WhatsOnChainReader } from '../../network/woc/WhatsOnChainReader'
import { closedPort, expectServiceError, listenLocally, LocalServer } from '../support/testServer'

const MERKLE_ROOT = '4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b'
const TIP_HASH = '0000000000000aac89fbed163ed60061ba33bc0ab9de8e7fd8b34ad94c2414cd'
const ADDRESS = new PrivateKey(11).toAddress('testnet')

function payment (satoshis: number): Transaction {
  return new Transaction(1, [], [{ lockingScript: new P2PKH().lock(ADDRESS), satoshis }], 0)
}

type Override = ((req: express.Request, res: express.Response) => boolean) | undefined

/**
 * A local stand-in for WhatsOnChain's API under /v1/bsv/test, answering with the shapes
 * its documentation shows (chain/info, block/{height}/header, address/{a}/unspent/all
 * with result/error/nextPageToken, tx/{txid}/hex as text, tx/hash/{txid}).
 */
class FakeWoc {
  override: Override
  requests: Array<{ path: string, authorization?: string, query: string }> = []
  txs = new Map<string, { hex: string, height: number | null }>()
  private server: LocalServer | undefined
  url = ''

  async start (): Promise<void> {
    const app = express()
    const api = express.Router()
    api.use((req, res, next) => {
      this.requests.push({ path: req.path, authorization: req.get('authorization'), query: new URLSearchParams(req.query as Record<string, string>).toString() })
      if (this.override?.(req, res) === true) return
      next()
    })
    api.get('/chain/info', (_req, res) => {
      res.json({ chain: 'test', blocks: 1630001, headers: 1630001, bestblockhash: TIP_HASH, difficulty: 1.5, mediantime: 1700000000, verificationprogress: 1, pruned: false, chainwork: '00'.repeat(32) })
    })
    api.get('/block/:height/header', (req, res) => {
      if (req.params.height !== '1630001') { res.status(404).send('Not Found'); return }
      res.json({ hash: TIP_HASH, confirmations: 1, height: 1630001, version: 536870912, merkleroot: MERKLE_ROOT, time: 1700000000, nonce: 1, bits: '1d00ffff', difficulty: 1 })
    })
    api.get('/address/:address/unspent/all', (req, res) => {
      const entries = [...this.txs.entries()].map(([txid, t]) => ({
        height: t.height ?? 0, tx_pos: 0, tx_hash: txid, value: Transaction.fromHex(t.hex).outputs[0].satoshis, isSpentInMempoolTx: false, status: t.height === null ? 'unconfirmed' : 'confirmed'
      }))
      // Two pages of at most two entries, to exercise nextPageToken.
      const start = req.query.token === 'page2' ? 2 : 0
      res.json({ address: req.params.address, script: 'ab'.repeat(32), result: entries.slice(start, start + 2), error: '', ...(start === 0 && entries.length > 2 ? { nextPageToken: 'page2' } : {}) })
    })
    api.get('/tx/:txid/hex', (req, res) => {
      const tx = this.txs.get(req.params.txid)
      if (tx === undefined) { res.status(404).send('Not Found'); return }
      res.type('text').send(tx.hex)
    })
    api.get('/tx/hash/:txid', (req, res) => {
      const tx = this.txs.get(req.params.txid)
      if (tx === undefined) { res.status(404).send('Not Found'); return }
      res.json({ txid: req.params.txid, hash: req.params.txid, hex: tx.hex, ...(tx.height === null ? {} : { blockhash: TIP_HASH, blockheight: tx.height, confirmations: 1630001 - tx.height + 1 }) })
    })
    app.use('/v1/bsv/test', api)
    this.server = await listenLocally(app)
    this.url = `${this.server.url}/v1/bsv/test`
  }

  async stop (): Promise<void> {
    await this.server?.stop()
  }
}

describe('WhatsOnChainReader', () => {
  const woc = new FakeWoc()
  const confirmed = [payment(5000), payment(6000), payment(7000)]
  const pending = payment(800)
  let reader: WhatsOnChainReader

  before(async () => {
    await woc.start()
    confirmed.forEach((tx, i) => woc.txs.set(tx.id('hex'), { hex: tx.toHex(), height: 1629990 + i }))
    woc.txs.set(pending.id('hex'), { hex: pending.toHex(), height: null })
    reader = new WhatsOnChainReader({ network: 'testnet', url: woc.url, apiKey: 'testnet_key' })
  })
  after(async () => { await woc.stop() })
  beforeEach(() => { woc.override = undefined; woc.requests = [] })

  it('is a ChainTracker: current height, and merkle roots checked by height', async () => {
    expect(await reader.currentHeight()).to.equal(1630001)
    expect(await reader.chainTip()).to.deep.equal({ height: 1630001, hash: TIP_HASH })
    expect(await reader.isValidRootForHeight(MERKLE_ROOT, 1630001)).to.equal(true)
    expect(await reader.isValidRootForHeight('00'.repeat(32), 1630001)).to.equal(false)
    expect(await reader.isValidRootForHeight(MERKLE_ROOT, 5)).to.equal(false)
    expect(woc.requests[0].authorization).to.equal('testnet_key')
  })

  it('lists UTXOs of an address across pages, unconfirmed ones with a null height, amounts as bigint', async () => {
    const utxos = await reader.listUnspent(ADDRESS)
    expect(utxos).to.deep.equal([
      { txid: confirmed[0].id('hex'), vout: 0, satoshis: 5000n, height: 1629990 },
      { txid: confirmed[1].id('hex'), vout: 0, satoshis: 6000n, height: 1629991 },
      { txid: confirmed[2].id('hex'), vout: 0, satoshis: 7000n, height: 1629992 },
      { txid: pending.id('hex'), vout: 0, satoshis: 800n, height: null }
    ])
    expect(woc.requests.map(r => r.query)).to.deep.equal(['', 'token=page2'])
  })

  it('leaves out outputs already spent in the mempool', async () => {
    woc.override = (req, res) => {
      if (!req.path.endsWith('/unspent/all')) return false
      res.json({
        address: ADDRESS,
        script: '',
        error: '',
        result: [
          { height: 1629990, tx_pos: 1, tx_hash: 'aa'.repeat(32), value: 10, isSpentInMempoolTx: true, status: 'confirmed' },
          { height: 1629991, tx_pos: 2, tx_hash: 'bb'.repeat(32), value: 20, isSpentInMempoolTx: false, status: 'confirmed' }
        ]
      })
      return true
    }
    expect(await reader.listUnspent(ADDRESS)).to.deep.equal([{ txid: 'bb'.repeat(32), vout: 2, satoshis: 20n, height: 1629991 }])
  })

  it('reports the error WhatsOnChain puts in a 200 body, and malformed entries', async () => {
    woc.override = (_req, res) => { res.json({ address: ADDRESS, result: [], error: 'address index unavailable' }); return true }
    let error = await expectServiceError(reader.listUnspent(ADDRESS))
    expect(error.message).to.equal(`testnet: WhatsOnChain could not list the UTXOs of ${ADDRESS}: address index unavailable`)

    woc.override = (_req, res) => { res.json({ result: [{ tx_hash: 'xyz', tx_pos: 0, value: 1 }], error: '' }); return true }
    error = await expectServiceError(reader.listUnspent(ADDRESS))
    expect(error.kind).to.equal('malformed')

    woc.override = (_req, res) => { res.json({ result: [{ tx_hash: 'aa'.repeat(32), tx_pos: 0, value: 1.5 }], error: '' }); return true }
    error = await expectServiceError(reader.listUnspent(ADDRESS))
    expect(error.kind).to.equal('malformed')
  })

  it('returns raw transactions checked against their txid; 404 is a clear not-found', async () => {
    expect(await reader.getRawTransaction(pending.id('hex'))).to.equal(pending.toHex())
    const unknown = 'ee'.repeat(32)
    const error = await expectServiceError(reader.getRawTransaction(unknown))
    expect(error.kind).to.equal('not-found')
    expect(error.message).to.equal(`testnet: WhatsOnChain does not know transaction ${unknown}`)

    // A service answering another transaction than the one asked for is not trusted.
    woc.override = (_req, res) => { res.type('text').send(confirmed[0].toHex()); return true }
    const wrong = await expectServiceError(reader.getRawTransaction(pending.id('hex')))
    expect(wrong.message).to.equal(`testnet: WhatsOnChain answered transaction ${confirmed[0].id('hex')} when asked for ${pending.id('hex')}`)
    woc.override = (_req, res) => { res.type('text').send('<html>oops</html>'); return true }
    expect((await expectServiceError(reader.getRawTransaction(pending.id('hex')))).kind).to.equal('malformed')
  })

  it('reports a transaction as mined, in the mempool or unknown', async () => {
    expect(await reader.getTransactionStatus(confirmed[1].id('hex'))).to.deep.equal({ txid: confirmed[1].id('hex'), state: 'mined', blockHeight: 1629991, blockHash: TIP_HASH, confirmations: 11 })
    expect(await reader.getTransactionStatus(pending.id('hex'))).to.deep.equal({ txid: pending.id('hex'), state: 'mempool', confirmations: 0 })
    expect(await reader.getTransactionStatus('ee'.repeat(32))).to.deep.equal({ txid: 'ee'.repeat(32), state: 'unknown', confirmations: 0 })
  })

  it('names wrong credentials, malformed chain info, server errors and timeouts in one line', async () => {
    woc.override = (_req, res) => { res.status(401).send('Unauthorized'); return true }
    let error = await expectServiceError(reader.currentHeight())
    expect(error.message).to.equal(`testnet: WhatsOnChain at ${woc.url} refused the API key (HTTP 401: Unauthorized)`)

    woc.override = (_req, res) => { res.json({ chain: 'test' }); return true }
    error = await expectServiceError(reader.currentHeight())
    expect(error.kind).to.equal('malformed')

    woc.override = (_req, res) => { res.status(200).send('{"blocks": 12,'); return true }
    error = await expectServiceError(reader.currentHeight())
    expect(error.message).to.equal('testnet: WhatsOnChain answered chain info with HTTP 200 and a body that is not JSON: {"blocks": 12,')

    woc.override = (_req, res) => { res.status(429).send('Too Many Requests'); return true }
    woc.requests = []
    error = await expectServiceError(reader.listUnspent(ADDRESS))
    expect(error.message).to.equal(`testnet: WhatsOnChain could not return the UTXOs of ${ADDRESS}: HTTP 429 Too Many Requests`)
    expect(woc.requests).to.have.length(1) // asked once, never retried blindly

    woc.override = () => true // never answers
    const slow = new WhatsOnChainReader({ network: 'mainnet', url: woc.url, timeoutMs: 300 })
    error = await expectServiceError(slow.getRawTransaction(pending.id('hex')))
    expect(error.message).to.equal(`mainnet: WhatsOnChain at ${woc.url} did not answer within 300 ms`)
  })

  it('names an unreachable service', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/v1/bsv/main`
    const error = await expectServiceError(new WhatsOnChainReader({ network: 'mainnet', url }).chainTip())
    expect(error.kind).to.equal('unreachable')
    expect(error.message).to.equal(`mainnet: WhatsOnChain at ${url} is unreachable (ECONNREFUSED)`)
  })
})
