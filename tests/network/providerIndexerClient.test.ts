import { expect } from 'chai'
import express from 'express'
import { IndexerClient } from '../../network/provider/IndexerClient'
import { ServiceError } from '../../network/http/ServiceError'
import { closedPort, expectServiceError, listenLocally, LocalServer } from '../support/testServer'

const ADDRESS = 'mqitioYrN1kLMUngbCDV1k72uPJZe5x22N'
const SCRIPT = '76a914' + '11'.repeat(20) + '88ac'

describe('IndexerClient', () => {
  let server: LocalServer
  let url = ''
  let reply: (req: express.Request, res: express.Response) => void = () => {}

  before(async () => {
    const app = express()
    app.get('/addresses/:addr/utxos', (req, res) => { reply(req, res) })
    app.get('/tokens/:id/holders', (req, res) => { reply(req, res) })
    app.get('/tokens/:id/snapshot', (req, res) => { reply(req, res) })
    app.get('/tokens/:id/history', (req, res) => { reply(req, res) })
    app.get('/status', (req, res) => { reply(req, res) })
    server = await listenLocally(app)
    url = server.url
  })
  after(async () => { await server.stop() })

  const TOKEN = 'cc'.repeat(32) + '_0'
  const failure = async (): Promise<ServiceError> => await expectServiceError(new IndexerClient({ network: 'devnet', url }).utxos(ADDRESS))

  it('reads UTXOs with decimal-string amounts as bigint, unconfirmed ones with a null height', async () => {
    reply = (req, res) => {
      expect(req.params.addr).to.equal(ADDRESS)
      res.json([
        { txid: 'aa'.repeat(32), vout: 1, satoshis: '2100000000000000', script: SCRIPT, height: 7 },
        { txid: 'bb'.repeat(32), vout: 0, satoshis: '1', script: SCRIPT, height: null }
      ])
    }
    expect(await new IndexerClient({ network: 'devnet', url }).utxos(ADDRESS)).to.deep.equal([
      { txid: 'aa'.repeat(32), vout: 1, satoshis: 2100000000000000n, script: SCRIPT, height: 7 },
      { txid: 'bb'.repeat(32), vout: 0, satoshis: 1n, script: SCRIPT, height: null }
    ])
  })

  it('reports the indexer\'s own { error: { code, message } } in one line', async () => {
    reply = (_req, res) => { res.status(400).json({ error: { code: 'bad-address', message: `'${ADDRESS}' is not an address` } }) }
    const error = await failure()
    expect(error.kind).to.equal('rejected')
    expect(error.message).to.equal(`devnet: indexer could not return the UTXOs of ${ADDRESS}: '${ADDRESS}' is not an address (bad-address)`)
  })

  it('refuses numbers for amounts, bad txids and non-lists, naming what is wrong', async () => {
    const cases: Array<[unknown, string]> = [
      [[{ txid: 'aa'.repeat(32), vout: 0, satoshis: 5, script: SCRIPT, height: 1 }], ' at [0].satoshis: '],
      [[{ txid: 'aa'.repeat(32), vout: 0, satoshis: '1.5', script: SCRIPT, height: 1 }], ' at [0].satoshis: expected a whole number as a decimal string'],
      [[{ txid: 'zz', vout: 0, satoshis: '5', script: SCRIPT, height: 1 }], ' at [0].txid: expected a txid'],
      [{ utxos: [] }, ': Invalid input: expected array']
    ]
    for (const [body, said] of cases) {
      reply = (_req, res) => { res.json(body) }
      const error = await failure()
      expect(error.kind).to.equal('malformed')
      expect(error.message).to.contain(`answered the UTXOs of ${ADDRESS} with an unexpected body${said}`)
    }
  })

  it('names the field of a malformed answer, parsed with the API\'s schema', async () => {
    reply = (_req, res) => { res.json([{ txid: 'aa'.repeat(32), vout: 0, satoshis: '5', script: SCRIPT, height: 1 }, { txid: 'aa'.repeat(32), vout: 0, satoshis: 5, script: SCRIPT, height: 1 }]) }
    expect((await failure()).message).to.match(new RegExp(`^devnet: indexer answered the UTXOs of ${ADDRESS} with an unexpected body at \\[1\\]\\.satoshis: [^\\n]+$`))
    reply = (_req, res) => { res.json({ indexedHeight: 3, indexedHash: 'ab', startHeight: 0, nodeHeight: 3, lag: 0, mempoolSize: -1 }) }
    const status = await expectServiceError(new IndexerClient({ network: 'devnet', url }).status())
    expect(status.message).to.contain('with an unexpected body at mempoolSize')
  })

  it('reads the status and a page of a token\'s history', async () => {
    reply = (_req, res) => { res.json({ indexedHeight: 3, indexedHash: 'ab'.repeat(32), startHeight: 0, nodeHeight: 4, lag: 1, mempoolSize: 0 }) }
    expect(await new IndexerClient({ network: 'devnet', url }).status()).to.deep.equal({ indexedHeight: 3, indexedHash: 'ab'.repeat(32), startHeight: 0, nodeHeight: 4, lag: 1, mempoolSize: 0 })
    reply = (req, res) => {
      expect(req.query).to.deep.equal({ offset: '2', limit: '1' })
      res.json({ tokenId: req.params.id, offset: 2, limit: 1, events: [{ txid: 'dd'.repeat(32), height: 5, kind: 'transfer', in: '10', out: '7', burned: '3' }] })
    }
    const page = await new IndexerClient({ network: 'devnet', url }).tokenHistory(TOKEN, { offset: 2, limit: 1 })
    expect(page.events[0]).to.deep.equal({ txid: 'dd'.repeat(32), height: 5, kind: 'transfer', in: 10n, out: 7n, burned: 3n })
  })

  it('names a server error and an unreachable indexer', async () => {
    reply = (_req, res) => { res.status(500).send('boom') }
    expect((await failure()).message).to.equal(`devnet: indexer could not return the UTXOs of ${ADDRESS}: HTTP 500 boom`)
    const closedUrl = `http://127.0.0.1:${await closedPort()}`
    const error = await expectServiceError(new IndexerClient({ network: 'regtest', url: closedUrl }).utxos(ADDRESS))
    expect(error.message).to.equal(`regtest: indexer at ${closedUrl} is unreachable (ECONNREFUSED)`)
  })

  const holder = (i: number): object => ({ pkh: i.toString(16).padStart(40, '0'), address: ADDRESS, amount: String(2000 - i) })

  it('reads every page of the holders, with bigint amounts', async () => {
    const asked: string[] = []
    reply = (req, res) => {
      asked.push(`${String(req.query.offset)}/${String(req.query.limit)}/${String(req.query.height)}`)
      const offset = Number(req.query.offset)
      res.json({ tokenId: req.params.id, height: 9, offset, limit: 1000, total: 1500, unowned: '7', holders: Array.from({ length: Math.min(1000, 1500 - offset) }, (_, i) => holder(offset + i)) })
    }
    const answer = await new IndexerClient({ network: 'devnet', url }).holders(TOKEN, 9)
    expect(asked).to.deep.equal(['0/1000/9', '1000/1000/9'])
    expect(answer.height).to.equal(9)
    expect(answer.unowned).to.equal(7n)
    expect(answer.holders).to.have.length(1500)
    expect(answer.holders[1499]).to.deep.equal({ pkh: (1499).toString(16).padStart(40, '0'), address: ADDRESS, amount: 501n })
  })

  it('reads a snapshot with its payouts, and says in one line why the indexer refused one', async () => {
    reply = (req, res) => {
      res.json({ tokenId: req.params.id, height: Number(req.query.height), supply: '1000000000', pool: String(req.query.pool), commitment: 'ab'.repeat(32), tokens: '1999', leaves: [{ ...holder(1), payout: '3' }], cut: [holder(2)] })
    }
    const snapshot = await new IndexerClient({ network: 'devnet', url }).snapshot(TOKEN, 4, 1500000n)
    expect(snapshot).to.deep.include({ height: 4, supply: 1000000000n, pool: 1500000n, tokens: 1999n })
    expect(snapshot.leaves[0]).to.include({ amount: 1999n, payout: 3n })
    expect(snapshot.cut[0]).to.deep.equal({ pkh: (2).toString(16).padStart(40, '0'), address: ADDRESS, amount: 1998n })
    reply = (_req, res) => { res.status(404).json({ error: { code: 'UNKNOWN_TOKEN', message: `no token ${TOKEN}` } }) }
    const error = await expectServiceError(new IndexerClient({ network: 'devnet', url }).snapshot(TOKEN, 4, 1n))
    expect(error.message).to.equal(`devnet: indexer could not return the snapshot of ${TOKEN} at height 4: no token ${TOKEN} (UNKNOWN_TOKEN)`)
  })
})
