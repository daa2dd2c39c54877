import { expect } from 'chai'
import express from 'express'
import { headerBytes, parseHeader } from '../../network/chain/ChainHeader'
import { RequestPacer } from '../../network/http/RequestPacer'
import { WhatsOnChainFeed } from '../../network/woc/WhatsOnChainFeed'
import { expectServiceError, listenLocally, type LocalServer } from '../support/testServer'

/** A chain of 25 linked headers (no proof of work needed here: the feed only hashes and parses). */
function chainOf (n: number): Buffer[] {
  const out: Buffer[] = []
  let prev = '00'.repeat(32)
  for (let i = 0; i < n; i++) {
    const bytes = headerBytes({ version: 1, prevHash: prev, merkleRoot: 'ab'.repeat(32), time: 1_600_000_000 + i, bits: 0x207fffff, nonce: i })
    out.push(bytes)
    prev = parseHeader(bytes).hash
  }
  return out
}

describe('WhatsOnChain header files: many headers a request, from the files GET /block/headers/resources lists', () => {
  const headers = chainOf(25)
  const hashOf = (h: number): string => parseHeader(headers[h]).hash
  let server: LocalServer
  let base = ''
  let files: string[] = []
  let short = false
  const asked: string[] = []

  before(async () => {
    const app = express()
    app.use('/v1/bsv/test', (req, _res, next) => { asked.push(req.path); next() })
    app.get('/v1/bsv/test/block/headers/resources', (_req, res) => { res.json({ files }) })
    app.get('/v1/bsv/test/block/headers/:file', (req, res) => {
      const m = /^(\d+)_(\d+)_headers$/.exec(req.params.file)
      const [from, to] = m === null ? [20, 24] : [Number(m[1]), Number(m[2])]
      res.type('application/octet-stream').send(Buffer.concat(headers.slice(from, to + 1 - (short ? 1 : 0))))
    })
    server = await listenLocally(app)
    base = `${server.url}/v1/bsv/test`
  })
  after(async () => { await server.stop() })
  beforeEach(() => { asked.length = 0; short = false })

  const feed = (): WhatsOnChainFeed => new WhatsOnChainFeed({ network: 'testnet', url: base, pacer: new RequestPacer({ perSecond: 1000 }) })

  it('answers the numbered file holding a height, from that height on, each header hashed from its bytes', async () => {
    files = [`${base}/block/headers/0_9_headers`, `${base}/block/headers/10_19_headers`, `${base}/block/headers/latest`]
    const run = await feed().headerRun(13, hashOf(12))
    expect(run?.map(h => h.hash)).to.deep.equal([13, 14, 15, 16, 17, 18, 19].map(hashOf))
    expect(asked).to.deep.equal(['/block/headers/resources', '/block/headers/10_19_headers'])
  })

  it('takes the latest file from the header whose parent it was asked for, and reads the list again when no file it knows holds the height', async () => {
    files = [`${base}/block/headers/0_9_headers`, `${base}/block/headers/latest`]
    const f = feed()
    // latest holds 20..24 here: 15 is in none of them.
    expect(await f.headerRun(15, hashOf(14))).to.equal(undefined)
    expect(asked).to.deep.equal(['/block/headers/resources', '/block/headers/latest'])
    const run = await f.headerRun(22, hashOf(21))
    expect(run?.map(h => h.hash)).to.deep.equal([22, 23, 24].map(hashOf))
    // A file added since: the list is read again when no file it knows holds the height.
    files = [`${base}/block/headers/0_9_headers`, `${base}/block/headers/10_19_headers`, `${base}/block/headers/latest`]
    asked.length = 0
    expect((await f.headerRun(15, hashOf(14)))?.[0].hash).to.equal(hashOf(15))
    expect(asked).to.deep.equal(['/block/headers/latest', '/block/headers/resources', '/block/headers/10_19_headers'])
  })

  it('fetches nothing from links outside the API it was pointed at', async () => {
    files = ['https://elsewhere.example/block/headers/0_9_headers', `${base}/../../elsewhere/0_9_headers`, `${base}/block/headers/0_9_headers.exe`]
    expect(await feed().headerRun(1, hashOf(0))).to.equal(undefined)
    expect(asked.filter(p => p !== '/block/headers/resources')).to.deep.equal([])
  })

  it('refuses a numbered file without all its headers, in one line', async () => {
    files = [`${base}/block/headers/0_9_headers`]
    short = true
    const error = await expectServiceError(feed().headerRun(1, hashOf(0)))
    expect(error.message).to.match(/header file \/block\/headers\/0_9_headers with 9 headers, not the 10 of heights 0 to 9/)
  })
})
