import { expect } from 'chai'
import { mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import path from 'path'
import { Devnet } from '../../network/devnet/Devnet'
import { RpcClient } from '../../network/rpc/RpcClient'
import { RpcError } from '../../network/rpc/RpcError'
import { startTempDevnet } from '../support/tempDevnet'

describe('devnet: bitcoind JSON-RPC over HTTP', () => {
  let dir: string
  let devnet: Devnet
  let endpoint: string
  const auth = 'Basic ' + Buffer.from('alice:s3cret').toString('base64')

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'divvy-devnet-'))
    devnet = await Devnet.start({ dataDir: dir, port: 0, rpcUser: 'alice', rpcPassword: 's3cret' })
    endpoint = `http://127.0.0.1:${devnet.port}/`
  })

  after(async () => {
    await devnet.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  const post = async (body: string, authorization = auth): Promise<{ status: number, json: any }> => {
    const res = await fetch(endpoint, { method: 'POST', headers: { authorization, 'content-type': 'text/plain' }, body })
    const text = await res.text()
    return { status: res.status, json: text === '' ? undefined : JSON.parse(text) }
  }

  it('answers a JSON-RPC 1.0 call with result, error and id', async () => {
    const { status, json } = await post(JSON.stringify({ jsonrpc: '1.0', id: 'curltest', method: 'getblockcount', params: [] }))
    expect(status).to.equal(200)
    expect(json).to.deep.equal({ result: 0, error: null, id: 'curltest' })
  })

  it('refuses bad credentials with HTTP 401', async () => {
    const wrong = 'Basic ' + Buffer.from('alice:nope').toString('base64')
    expect((await post('{"method":"getblockcount"}', wrong)).status).to.equal(401)
    expect((await post('{"method":"getblockcount"}', '')).status).to.equal(401)
    const client = new RpcClient({ url: `http://alice:nope@127.0.0.1:${devnet.port}`, network: 'devnet' })
    try {
      await client.getBlockCount()
      expect.fail('bad credentials were accepted')
    } catch (e) {
      expect((e as Error).message).to.contain('credentials refused')
    }
  })

  it('answers an unknown method with HTTP 404 and -32601', async () => {
    const { status, json } = await post(JSON.stringify({ id: 7, method: 'getwalletinfo', params: [] }))
    expect(status).to.equal(404)
    expect(json).to.deep.equal({ result: null, error: { code: -32601, message: 'Method not found' }, id: 7 })
  })

  it('answers a body that is not JSON with HTTP 500 and -32700', async () => {
    const { status, json } = await post('{"method": "getblockcount"')
    expect(status).to.equal(500)
    expect(json.error.code).to.equal(-32700)
    expect(json.result).to.equal(null)
  })

  it('answers a failing call with HTTP 500 and the node error', async () => {
    const { status, json } = await post(JSON.stringify({ id: 1, method: 'getblockhash', params: [5] }))
    expect(status).to.equal(500)
    expect(json).to.deep.equal({ result: null, error: { code: -8, message: 'Block height out of range' }, id: 1 })
    // The node looks block hashes up without validating them.
    const badHash = await post(JSON.stringify({ id: 2, method: 'getblock', params: ['xyz'] }))
    expect(badHash.json.error).to.deep.equal({ code: -5, message: 'Block not found' })
  })

  it('answers a batch with HTTP 200 and one reply per call, in order', async () => {
    const { status, json } = await post(JSON.stringify([
      { id: 1, method: 'getblockcount' },
      { id: 2, method: 'nosuchmethod' },
      { id: 3, method: 'getblockhash', params: [0] }
    ]))
    expect(status).to.equal(200)
    expect(json).to.have.length(3)
    expect(json[0]).to.deep.equal({ result: 0, error: null, id: 1 })
    expect(json[1].error.code).to.equal(-32601)
    expect(json[2].result).to.equal('0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206')
    const client = new RpcClient(`http://alice:s3cret@127.0.0.1:${devnet.port}`)
    const [count, missing] = await client.batch([{ method: 'getblockcount' }, { method: 'getrawtransaction', params: ['00'.repeat(32)] }])
    expect(count).to.equal(0)
    expect(missing).to.be.instanceOf(RpcError)
    expect((missing as RpcError).code).to.equal(-5)
  })

  it('stops on the stop RPC after answering it', async () => {
    const other = await startTempDevnet()
    expect(await other.rpc.call('stop')).to.equal('Bitcoin server stopping')
    await other.devnet.stopped
    try {
      await other.rpc.getBlockCount()
      expect.fail('the devnet still answers after stop')
    } catch (e) {
      expect((e as Error).message).to.contain('unreachable')
    }
    await other.close()
  })

  it('reports the network info with relayfee 0 and the mining fee in getsettings, as the node does', async () => {
    const client = new RpcClient(`http://alice:s3cret@127.0.0.1:${devnet.port}`)
    const info = await client.call<{ relayfee: number, connections: number }>('getnetworkinfo')
    expect(info.relayfee).to.equal(0)
    expect(info.connections).to.equal(0)
    const settings = await client.call<{ minminingtxfee: number, limitancestorcount: number, limitcpfpgroupmemberscount: number }>('getsettings')
    expect(settings).to.include({ minminingtxfee: 0.00000001, limitancestorcount: 10000, limitcpfpgroupmemberscount: 25 })
  })
})
