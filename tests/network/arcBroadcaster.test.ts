import { expect } from 'chai'
import express from 'express'
import { P2PKH, PrivateKey, Transaction } from '@bsv/sdk'
import { ArcBroadcaster } from '../../network/arc/ArcBroadcaster'
import { closedPort, expectServiceError, listenLocally, LocalServer } from '../support/testServer'

/** A signed one-input P2PKH payment whose input carries its source transaction. */
async function signedPayment (seed: number): Promise<Transaction> {
  const key = new PrivateKey(seed)
  const address = key.toAddress('testnet')
  const source = new Transaction(1, [], [{ lockingScript: new P2PKH().lock(address), satoshis: 10_000 }], 0)
  const tx = new Transaction()
  tx.addInput({ sourceTransaction: source, sourceOutputIndex: 0, unlockingScriptTemplate: new P2PKH().unlock(key) })
  tx.addOutput({ lockingScript: new P2PKH().lock(new PrivateKey(seed + 1).toAddress('testnet')), satoshis: 9_900 })
  await tx.sign()
  return tx
}

type Reply = (req: express.Request, res: express.Response, txid: string) => void

/** A local stand-in for ARC that answers as pkg/api/arc.yaml documents, with the reply each test sets. */
class FakeArc {
  reply: Reply = () => {}
  requests: Array<{ path: string, authorization?: string, waitFor?: string, rawTx?: string }> = []
  private server: LocalServer | undefined
  url = ''

  async start (): Promise<void> {
    const app = express()
    app.use(express.json({ limit: '10mb' }))
    app.post('/v1/tx', (req, res) => {
      const rawTx = (req.body as { rawTx?: string }).rawTx
      this.requests.push({ path: req.path, authorization: req.get('authorization'), waitFor: req.get('x-waitfor'), rawTx })
      // ARC reads the extended format; a body it cannot read is a 400 (arc.yaml ErrorBadRequest).
      // A plain raw transaction whose parents ARC cannot find is a 460 (Not extended format).
      let txid: string
      try {
        txid = Transaction.fromHexEF(rawTx ?? '').id('hex')
      } catch {
        try {
          txid = Transaction.fromHex(rawTx ?? '').id('hex')
        } catch {
          res.status(400).json(arcError(400, 'Bad request', 'The request seems to be malformed and cannot be processed', null))
          return
        }
        res.status(460).json(arcError(460, 'Not extended format', 'Missing input scripts: Transaction could not be transformed to extended format', txid, 'arc error 460: parent transaction not found'))
        return
      }
      this.reply(req, res, txid)
    })
    app.get('/v1/tx/:txid', (req, res) => {
      this.requests.push({ path: req.path })
      this.reply(req, res, req.params.txid)
    })
    app.get('/v1/policy', (req, res) => {
      this.requests.push({ path: req.path })
      this.reply(req, res, '')
    })
    this.server = await listenLocally(app)
    this.url = this.server.url
  }

  async stop (): Promise<void> {
    await this.server?.stop()
  }
}

function arcError (status: number, title: string, detail: string, txid: string | null, extraInfo = ''): object {
  return { type: `https://bitcoin-sv.github.io/arc/#/errors?id=_${status}`, title, status, detail, instance: null, txid, extraInfo }
}

function arcOk (txid: string, txStatus: string, extra: object = {}): object {
  return { blockHash: '', blockHeight: 0, extraInfo: '', status: 200, timestamp: '2024-03-26T16:02:29.655390092Z', title: 'OK', txStatus, txid, merklePath: '', ...extra }
}

describe('ArcBroadcaster', () => {
  const arc = new FakeArc()
  let tx: Transaction
  let txid: string

  before(async () => {
    await arc.start()
    tx = await signedPayment(7)
    txid = tx.id('hex')
  })
  after(async () => { await arc.stop() })
  beforeEach(() => { arc.requests = [] })

  it('sends the extended format with the API key and reports SEEN_ON_NETWORK as success', async () => {
    arc.reply = (_req, res, id) => { res.json(arcOk(id, 'SEEN_ON_NETWORK')) }
    const broadcaster = new ArcBroadcaster({ network: 'testnet', url: arc.url, apiKey: 'secret', waitFor: 'SEEN_ON_NETWORK' })
    const result = await broadcaster.broadcast(tx)
    expect(result).to.deep.equal({ status: 'success', txid, message: 'SEEN_ON_NETWORK' })
    expect(arc.requests).to.have.length(1)
    expect(arc.requests[0].authorization).to.equal('Bearer secret')
    expect(arc.requests[0].waitFor).to.equal('SEEN_ON_NETWORK')
    expect(arc.requests[0].rawTx).to.equal(tx.toHexEF())
    // version 1, then the extended-format marker 0000000000ef
    expect(arc.requests[0].rawTx).to.match(/^010000000000000000ef/)
  })

  it('reports a mined transaction with its block', async () => {
    arc.reply = (_req, res, id) => { res.json(arcOk(id, 'MINED', { blockHash: 'aa'.repeat(32), blockHeight: 1630001, merklePath: 'fe00' })) }
    const info = await new ArcBroadcaster({ network: 'mainnet', url: arc.url }).submit(tx)
    expect(info).to.include({ txid, txStatus: 'MINED', blockHash: 'aa'.repeat(32), blockHeight: 1630001, merklePath: 'fe00' })
    expect(arc.requests[0].authorization).to.equal(undefined)
  })

  it('turns a fee rejection (465) into one line with ARC status, title, detail and extraInfo, and sends once', async () => {
    arc.reply = (_req, res, id) => { res.status(465).json(arcError(465, 'Fee too low', 'Fees are insufficient', id, 'arc error 465: minimum expected fee: 22, actual fee: 1')) }
    const broadcaster = new ArcBroadcaster({ network: 'testnet', url: arc.url })
    const result = await broadcaster.broadcast(tx)
    expect(result.status).to.equal('error')
    if (result.status !== 'error') return
    expect(result.code).to.equal('465')
    expect(result.txid).to.equal(txid)
    expect(result.description).to.equal(`testnet: ARC rejected transaction ${txid}: 465 Fee too low: Fees are insufficient (arc error 465: minimum expected fee: 22, actual fee: 1)`)
    expect(arc.requests).to.have.length(1)

    const error = await expectServiceError(broadcaster.submit(tx))
    expect(error.kind).to.equal('rejected')
    expect(error.status).to.equal(465)
    expect(arc.requests).to.have.length(2)
  })

  it('reports failing scripts (461) and bad inputs (462) with the network name', async () => {
    for (const [status, title] of [[461, 'Malformed transaction'], [462, 'Invalid inputs']] as const) {
      arc.reply = (_req, res, id) => { res.status(status).json(arcError(status, title, 'detail text', id, `arc error ${status}: script failed`)) }
      const error = await expectServiceError(new ArcBroadcaster({ network: 'mainnet', url: arc.url }).submit(tx))
      expect(error.message).to.equal(`mainnet: ARC rejected transaction ${txid}: ${status} ${title}: detail text (arc error ${status}: script failed)`)
    }
  })

  it('treats the error body ARC sends with HTTP 200 as a rejection', async () => {
    arc.reply = (_req, res, id) => { res.status(200).json(arcError(463, 'Invalid outputs', 'Transaction is invalid because the outputs are non-existent or invalid', id, 'arc error 463: transaction output 0 satoshis is invalid')) }
    const error = await expectServiceError(new ArcBroadcaster({ network: 'testnet', url: arc.url }).submit(tx))
    expect(error.kind).to.equal('rejected')
    expect(error.status).to.equal(463)
    expect(error.message).to.contain('463 Invalid outputs')
  })

  it('treats REJECTED and DOUBLE_SPEND_ATTEMPTED answered with 200 as rejections, naming competing transactions', async () => {
    const competitor = 'bb'.repeat(32)
    arc.reply = (_req, res, id) => { res.json(arcOk(id, 'DOUBLE_SPEND_ATTEMPTED', { competingTxs: [competitor] })) }
    const broadcaster = new ArcBroadcaster({ network: 'testnet', url: arc.url })
    const error = await expectServiceError(broadcaster.submit(tx))
    expect(error.message).to.equal(`testnet: ARC rejected transaction ${txid}: DOUBLE_SPEND_ATTEMPTED competing with ${competitor}`)

    arc.reply = (_req, res, id) => { res.json(arcOk(id, 'REJECTED', { extraInfo: 'txn-mempool-conflict' })) }
    const result = await broadcaster.broadcast(tx)
    expect(result).to.deep.include({ status: 'error', code: 'REJECTED', txid })
  })

  it('sends a transaction without source outputs as raw hex, and reports ARC\'s 460', async () => {
    arc.reply = (_req, res, id) => { res.json(arcOk(id, 'SEEN_ON_NETWORK')) }
    const raw = Transaction.fromHex(tx.toHex())
    const error = await expectServiceError(new ArcBroadcaster({ network: 'testnet', url: arc.url }).submit(raw))
    expect(arc.requests[0].rawTx).to.equal(tx.toHex())
    expect(error.message).to.equal(`testnet: ARC rejected transaction ${txid}: 460 Not extended format: Missing input scripts: Transaction could not be transformed to extended format (arc error 460: parent transaction not found)`)
  })

  it('follows a held transaction until the network has it, and reports a later rejection or a wait that runs out in one line', async () => {
    const seq = (statuses: string[], extra: object = {}): void => {
      arc.reply = (_req, res, id) => { res.json(arcOk(id, statuses.length > 1 ? statuses.shift() as string : statuses[0], extra)) }
    }
    const broadcaster = new ArcBroadcaster({ network: 'testnet', url: arc.url })
    const lines: string[] = []
    seq(['STORED', 'ANNOUNCED_TO_NETWORK', 'SEEN_ON_NETWORK'])
    expect((await broadcaster.submitAccepted(tx, { pollMs: 10, progress: l => lines.push(l) })).txStatus).to.equal('SEEN_ON_NETWORK')
    expect(lines).to.deep.equal([`testnet: ARC holds ${txid} (STORED), waiting for the network to accept it`, `testnet: ARC holds ${txid} (ANNOUNCED_TO_NETWORK), waiting for the network to accept it`])
    expect(arc.requests.map(r => r.path)).to.deep.equal(['/v1/tx', `/v1/tx/${txid}`, `/v1/tx/${txid}`])
    seq(['RECEIVED', 'DOUBLE_SPEND_ATTEMPTED'], { competingTxs: ['cd'.repeat(32)] })
    let error = await expectServiceError(broadcaster.submitAccepted(tx, { pollMs: 10 }))
    expect(error.message).to.equal(`testnet: ARC rejected transaction ${txid}: DOUBLE_SPEND_ATTEMPTED competing with ${'cd'.repeat(32)}`)
    seq(['STORED'])
    error = await expectServiceError(broadcaster.submitAccepted(tx, { pollMs: 10, timeoutMs: 100 }))
    expect(error.message).to.equal(`testnet: ARC has not had transaction ${txid} accepted by the network: it is still STORED; it may yet be, check it before sending it again`)
  })

  it('names wrong credentials (401) as such', async () => {
    arc.reply = (_req, res) => { res.status(401).end() }
    const error = await expectServiceError(new ArcBroadcaster({ network: 'mainnet', url: arc.url, apiKey: 'wrong' }).submit(tx))
    expect(error.kind).to.equal('credentials')
    expect(error.message).to.equal(`mainnet: ARC at ${arc.url} refused the API key (HTTP 401)`)
  })

  it('refuses a malformed answer: not JSON, missing fields, another txid', async () => {
    const broadcaster = new ArcBroadcaster({ network: 'testnet', url: arc.url })
    arc.reply = (_req, res) => { res.status(200).type('html').send('<html>gateway</html>') }
    let error = await expectServiceError(broadcaster.submit(tx))
    expect(error.kind).to.equal('malformed')
    expect(error.message).to.contain('not JSON: <html>gateway</html>')

    arc.reply = (_req, res) => { res.json({ status: 200, title: 'OK' }) }
    error = await expectServiceError(broadcaster.submit(tx))
    expect(error.kind).to.equal('malformed')
    expect(error.message).to.contain('without a txid and txStatus')

    arc.reply = (_req, res) => { res.json(arcOk('cc'.repeat(32), 'SEEN_ON_NETWORK')) }
    error = await expectServiceError(broadcaster.submit(tx))
    expect(error.message).to.equal(`testnet: ARC answered for transaction ${'cc'.repeat(32)} when ${txid} was sent`)

    const result = await broadcaster.broadcast(tx)
    expect(result).to.deep.include({ status: 'error', code: 'MALFORMED' })
  })

  it('reports a server error and a wrong URL without retrying', async () => {
    arc.reply = (_req, res) => { res.status(503).send('Service Unavailable') }
    const broadcaster = new ArcBroadcaster({ network: 'testnet', url: arc.url })
    const error = await expectServiceError(broadcaster.submit(tx))
    expect(error.message).to.equal(`testnet: ARC failed on transaction ${txid} with HTTP 503: Service Unavailable`)
    expect(arc.requests).to.have.length(1)

    const wrong = await expectServiceError(new ArcBroadcaster({ network: 'testnet', url: arc.url + '/nothing' }).submit(tx))
    expect(wrong.message).to.contain('has no /v1/tx endpoint (HTTP 404)')
  })

  it('gives up after its time limit when ARC does not answer', async () => {
    arc.reply = () => { /* never answers */ }
    const broadcaster = new ArcBroadcaster({ network: 'testnet', url: arc.url, timeoutMs: 300 })
    const error = await expectServiceError(broadcaster.submit(tx))
    expect(error.kind).to.equal('timeout')
    expect(error.message).to.equal(`testnet: ARC at ${arc.url} did not answer within 300 ms`)
    const result = await broadcaster.broadcast(tx)
    expect(result).to.deep.include({ status: 'error', code: 'TIMEOUT' })
  })

  it('names an unreachable service', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`
    const error = await expectServiceError(new ArcBroadcaster({ network: 'mainnet', url }).submit(tx))
    expect(error.kind).to.equal('unreachable')
    expect(error.message).to.equal(`mainnet: ARC at ${url} is unreachable (ECONNREFUSED)`)
  })

  it('reads a transaction status, and null for one ARC has never seen (404)', async () => {
    const broadcaster = new ArcBroadcaster({ network: 'testnet', url: arc.url })
    arc.reply = (_req, res, id) => { res.json(arcOk(id, 'MINED', { blockHeight: 10, blockHash: 'dd'.repeat(32) })) }
    expect(await broadcaster.status(txid)).to.deep.include({ txid, txStatus: 'MINED', blockHeight: 10 })
    arc.reply = (_req, res) => { res.status(404).json(arcError(404, 'Not found', 'The requested resource could not be found', null)) }
    expect(await broadcaster.status(txid)).to.equal(null)
  })

  it('reads the policy fee as satoshis per kB, and refuses a policy without one', async () => {
    const broadcaster = new ArcBroadcaster({ network: 'testnet', url: arc.url })
    arc.reply = (_req, res) => { res.json({ timestamp: '2024-01-01T00:00:00Z', policy: { maxscriptsizepolicy: 500000, maxtxsigopscountspolicy: 4294967295, maxtxsizepolicy: 10000000, miningFee: { satoshis: 1, bytes: 1000 } } }) }
    expect(await broadcaster.feePerKb()).to.equal(1)
    arc.reply = (_req, res) => { res.json({ policy: { miningFee: { satoshis: 5, bytes: 100 } } }) }
    expect(await broadcaster.feePerKb()).to.equal(50)
    arc.reply = (_req, res) => { res.json({ policy: {} }) }
    const error = await expectServiceError(broadcaster.feePerKb())
    expect(error.kind).to.equal('malformed')
  })
})
