import { expect } from 'chai'

/** Asserts that an RPC call fails with the node's code and a message containing `message`. */
export async function expectRpcError (promise: Promise<unknown>, code: number, message: string): Promise<void> {
  try {
    await promise
  } catch (e) {
    expect((e as { code: number }).code, (e as Error).message).to.equal(code)
    expect((e as Error).message).to.contain(message)
    return
  }
  expect.fail(`expected RPC error ${code} ${message}`)
}
