import { expect } from 'chai'
import type { Express } from 'express'
import { Server } from 'node:http'
import { AddressInfo } from 'node:net'
import { ServiceError } from '../../network/http/ServiceError'

/** A local HTTP server on 127.0.0.1 and a free port, for the stand-ins of remote services. */
export interface LocalServer {
  url: string
  stop: () => Promise<void>
}

export async function listenLocally (app: Express): Promise<LocalServer> {
  const server = await new Promise<Server>(resolve => { const s = app.listen(0, '127.0.0.1', () => resolve(s)) })
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: async () => {
      server.closeAllConnections()
      await new Promise(resolve => server.close(resolve))
    }
  }
}

/** The port of a server that has just closed: connecting to it is refused. */
export async function closedPort (): Promise<number> {
  const server = await new Promise<Server>(resolve => { const s = new Server().listen(0, '127.0.0.1', () => resolve(s)) })
  const { port } = server.address() as AddressInfo
  await new Promise(resolve => server.close(resolve))
  return port
}

/** Awaits a failure that must be a ServiceError with a one-line message. */
export async function expectServiceError (promise: Promise<unknown>): Promise<ServiceError> {
  try {
    await promise
  } catch (e) {
    expect(e).to.be.instanceOf(ServiceError)
    expect((e as Error).message).not.to.contain('\n')
    return e as ServiceError
  }
  throw new Error('expected a ServiceError')
}
