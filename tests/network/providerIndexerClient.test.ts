import { expect } from 'chai'
import express from 'express'
import { IndexerClient } from '../../network/provider/IndexerClient'
import { ServiceError } from '../../network/http/ServiceError'
import { closedPort, expectServiceError, listenLocally, LocalServer } from './providerTestServer'

const ADDRESS = 'mqitioYrN1kLMUngbCDV1k72uPJZe5x22N'
const SCRIPT = '76a914' + '11'.repeat(20) + '88ac'

describe('IndexerClient', () => {
  let server: LocalServer
  let url = ''
  let reply: (req: express.Request, res: express.Response) => void = () => {}

  before(async () => {
    const app = express()
    app.get('/addresses/:addr/utxos', (req, res) => { reply(req, res) })
    server = await listenLocally(app)
    url = server.url
  })
  after(async () => { await server.stop() })

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

  it('refuses numbers for amounts, bad txids and non-lists', async () => {
    for (const body of [
      [{ txid: 'aa'.repeat(32), vout: 0, satoshis: 5, script: SCRIPT, height: 1 }],
      [{ txid: 'aa'.repeat(32), vout: 0, satoshis: '1.5', script: SCRIPT, height: 1 }],
      [{ txid: 'zz', vout: 0, satoshis: '5', script: SCRIPT, height: 1 }],
      { utxos: [] }
    ]) {
      reply = (_req, res) => { res.json(body) }
      expect((await failure()).kind).to.equal('malformed')
    }
  })

  it('names a server error and an unreachable indexer', async () => {
    reply = (_req, res) => { res.status(500).send('boom') }
    expect((await failure()).message).to.equal(`devnet: indexer could not return the UTXOs of ${ADDRESS}: HTTP 500 boom`)
    const closedUrl = `http://127.0.0.1:${await closedPort()}`
    const error = await expectServiceError(new IndexerClient({ network: 'regtest', url: closedUrl }).utxos(ADDRESS))
    expect(error.message).to.equal(`regtest: indexer at ${closedUrl} is unreachable (ECONNREFUSED)`)
  })
})
