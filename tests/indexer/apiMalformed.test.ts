import { expect } from 'chai'
import { mkdtempSync, rmSync } from 'fs'
import { request } from 'http'
import { connect } from 'net'
import { tmpdir } from 'os'
import { join } from 'path'
import { startApi, type RunningApi } from '../../indexer/api/ApiServer'
import { Indexer } from '../../indexer/Indexer'

interface Answer { status: number, headers: Record<string, string | string[] | undefined>, body: any }

/** One raw HTTP request (the path exactly as given, no client-side clean-up). */
async function send (base: string, method: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  const { hostname, port } = new URL(base)
  return await new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, method, path, headers }, res => {
      let text = ''
      res.on('data', (c: Buffer) => { text += c.toString() })
      res.on('end', () => { resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) }) })
    })
    req.on('error', reject)
    req.end()
  })
}

const expectJsonError = (answer: Answer, status: number, code: string): void => {
  expect(answer.status, JSON.stringify(answer.body)).to.equal(status)
  expect(answer.body.error.code).to.equal(code)
  expect(answer.body.error.message).to.be.a('string')
}

describe('indexer API: malformed requests get a JSON error, never a 500 or a reset', () => {
  let dir: string
  let indexer: Indexer
  let api: RunningApi

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'divvy-api-malformed-'))
    indexer = await Indexer.open({ dataDir: dir })
    api = await startApi(indexer)
  })
  after(async () => {
    await api.close()
    await indexer.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('a bad percent-encoding in the path: 400', async () => {
    expectJsonError(await send(api.url, 'GET', '/addresses/%E0%A4%A/utxos'), 400, 'BAD_ENCODING')
    expectJsonError(await send(api.url, 'GET', '/tokens/%ZZ'), 400, 'BAD_ENCODING')
  })

  it('an 80 KB URL: 414; 200 KB of headers: 431', async () => {
    expectJsonError(await send(api.url, 'GET', '/status?x=' + 'a'.repeat(80_000)), 414, 'URI_TOO_LONG')
    expectJsonError(await send(api.url, 'GET', '/status', { 'x-big': 'b'.repeat(200_000) }), 431, 'HEADERS_TOO_LARGE')
  })

  it('a repeated or array parameter: 400', async () => {
    expectJsonError(await send(api.url, 'GET', '/contracts/ab/history?limit=1&limit=2'), 400, 'BAD_PARAMETER')
    expectJsonError(await send(api.url, 'GET', '/contracts/ab/history?limit[]=1'), 400, 'BAD_PARAMETER')
    expectJsonError(await send(api.url, 'GET', '/contracts/ab/history?limit[a]=1'), 400, 'BAD_PARAMETER')
  })

  it('a method a route does not take: 405 with Allow; an unknown path: 404', async () => {
    const post = await send(api.url, 'POST', '/status')
    expectJsonError(post, 405, 'METHOD_NOT_ALLOWED')
    expect(post.headers.allow).to.equal('GET, HEAD')
    expectJsonError(await send(api.url, 'DELETE', '/tokens/abc'), 405, 'METHOD_NOT_ALLOWED')
    expectJsonError(await send(api.url, 'GET', '/nothing/here'), 404, 'NOT_FOUND')
  })

  it('bytes that are not HTTP: a 400 JSON answer, not a reset connection', async () => {
    const { hostname, port } = new URL(api.url)
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => { socket.write('GARBAGE \x00\r\n\r\n') })
      let text = ''
      socket.on('data', (c: Buffer) => { text += c.toString() })
      socket.on('end', () => { resolve(text) })
      socket.on('error', reject)
    })
    expect(answer).to.match(/^HTTP\/1\.1 400 /)
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)).error.code).to.equal('BAD_REQUEST')
  })
})
