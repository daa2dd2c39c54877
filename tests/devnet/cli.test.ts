import { spawn } from 'child_process'
import { expect } from 'chai'
import { mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import path from 'path'
import { RpcClient } from '../../network/rpc/RpcClient'
import { compiledModule } from '../../runtime/packageFiles'

const SCRIPT = compiledModule(path.join(__dirname, '..', '..', 'scripts', 'devnet'))

/** Runs `npm run devnet -- <args>` as a child; calls `onLine` for each stdout line. */
function runDevnet (args: string[], onLine: (line: string) => void = () => {}): Promise<{ code: number | null, out: string, err: string }> {
  const child = spawn(process.execPath, [SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  let partial = ''
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString()
    partial += chunk.toString()
    for (let end = partial.indexOf('\n'); end >= 0; end = partial.indexOf('\n')) {
      onLine(partial.slice(0, end))
      partial = partial.slice(end + 1)
    }
  })
  child.stderr.on('data', (chunk: Buffer) => { err += chunk.toString() })
  return new Promise(resolve => child.once('exit', code => resolve({ code, out, err })))
}

describe('npm run devnet', () => {
  let dir: string
  before(() => { dir = mkdtempSync(path.join(tmpdir(), 'divvy-devnet-cli-')) })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('prints its options with --help', async () => {
    const { code, out } = await runDevnet(['--help'])
    expect(code).to.equal(0)
    for (const option of ['--port', '--datadir', '--rpcuser', '--rpcpassword', '--feerate', '--maxtxfee', '--mempoolexpiry', '--acceptnonstdtxn', '--genesis-height', '--chronicle-height']) expect(out).to.contain(option)
    expect(out).to.contain('.divvy/devnet/node')
  })

  it('refuses an unknown option (exit 2, a usage error) or a bad value in one line', async () => {
    const unknown = await runDevnet(['--colour', 'blue'])
    expect(unknown.code).to.equal(2)
    expect(unknown.err.trim()).to.equal('devnet: unknown option --colour (see --help)')
    const badFee = await runDevnet(['--feerate=-3'])
    expect(badFee.code).to.equal(2)
    expect(badFee.err.trim()).to.equal("devnet: --feerate must be a whole non-negative number, got '-3'")
  })

  it('serves JSON-RPC with the given credentials and fee rate until the stop RPC', async () => {
    let stopped: Promise<unknown> | undefined
    const run = runDevnet(['--port', '0', '--datadir', dir, '--rpcuser', 'carol', '--rpcpassword=pw', '--feerate', '5'], line => {
      const port = /JSON-RPC on http:\/\/127\.0\.0\.1:(\d+)/.exec(line)?.[1]
      if (port === undefined) return
      const rpc = new RpcClient(`http://carol:pw@127.0.0.1:${port}`)
      stopped = (async () => {
        try {
          const settings = await rpc.call<{ minminingtxfee: number }>('getsettings')
          expect(settings.minminingtxfee).to.equal(0.00000005)
          expect(await rpc.getBlockCount()).to.equal(0)
        } finally {
          // Stopped whatever the checks found, so the child always exits.
          const answer = await rpc.call('stop')
          expect(answer).to.equal('Bitcoin server stopping')
        }
      })()
    })
    const { code, out } = await run
    await stopped
    expect(code).to.equal(0)
    expect(out).to.contain(`data in ${dir}`)
    expect(out).to.contain('devnet: stopped')
  })
})
