import { expect } from 'chai'
import { createServer, IncomingMessage, Server, ServerResponse } from 'http'
import { AddressInfo } from 'net'
import { RpcClient } from '../../network/rpc/RpcClient'

/** A local HTTP server standing in for a node, answering with `handler`. */
async function stub (handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server, url: string }> {
  const server = createServer(handler)
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return { server, url: `http://u:p@127.0.0.1:${(server.address() as AddressInfo).port}` }
}

async function failure (promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (e) {
    return (e as Error).message
  }
  return expect.fail('the call succeeded')
}

describe('RpcClient transport', () => {
  const servers: Server[] = []
  after(() => {
    for (const s of servers) {
      s.closeAllConnections()
      s.close()
    }
  })

  it('sends concurrent calls on parallel connections', async () => {
    let open = 0
    let most = 0
    const { server, url } = await stub((req, res) => {
      open++
      most = Math.max(most, open)
      req.resume()
      req.on('end', () => setTimeout(() => {
        open--
        res.end(JSON.stringify({ result: 7, error: null, id: 1 }))
      }, 20))
    })
    servers.push(server)
    const rpc = new RpcClient(url)
    expect(await Promise.all(Array.from({ length: 8 }, async () => await rpc.getBlockCount()))).to.deep.equal(Array(8).fill(7))
    expect(most).to.be.greaterThan(1)
  })

  it('names a node that does not answer in time', async () => {
    const { server, url } = await stub(req => { req.resume() })
    servers.push(server)
    const rpc = new RpcClient({ url, network: 'regtest', timeoutMs: 200 })
    expect(await failure(rpc.getBlockCount())).to.match(/^regtest: node at http:\/\/127\.0\.0\.1:\d+\/ is timed out after 200 ms$/)
  })

  it('names an answer that is not JSON', async () => {
    const { server, url } = await stub((req, res) => {
      req.resume()
      res.writeHead(502)
      res.end('<html>bad gateway</html>')
    })
    servers.push(server)
    expect(await failure(new RpcClient(url).getBlockCount())).to.contain('node answered HTTP 502 with a body that is not JSON: <html>bad gateway</html>')
  })

  it('keeps working when the node drops kept-alive connections between calls', async () => {
    let calls = 0
    const { server, url } = await stub((req, res) => {
      req.resume()
      req.on('end', () => {
        calls++
        res.end(JSON.stringify({ result: calls, error: null, id: 1 }))
        // Drop the idle connection right after answering, as a node's keep-alive timeout would.
        setImmediate(() => req.socket.destroy())
      })
    })
    servers.push(server)
    const rpc = new RpcClient(url)
    expect(await rpc.getBlockCount()).to.equal(1)
    expect(await rpc.getBlockCount()).to.equal(2)
    expect(await rpc.getBlockCount()).to.equal(3)
  })
})
