import { expect } from 'chai'
import { spawn } from 'child_process'
import { resolve } from 'path'
import { compiledModule } from '../../runtime/packageFiles'

/**
 * `npm run demo` (the build's scripts/demo.js) runs the whole story, then audits its contract
 * from a home that never saw the token, given only its id: the audit finds nothing on the
 * demo's chain, and the demo exits 0 only then.
 */
describe('npm run demo\'s chain, audited', function () {
  this.timeout(300_000)

  it('passes the audit from an empty home', async () => {
    const child = spawn(process.execPath, [compiledModule(resolve(__dirname, '..', '..', 'scripts', 'demo'))], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (c: Buffer) => { out += c.toString() })
    child.stderr.on('data', (c: Buffer) => { out += c.toString() })
    const code = await new Promise<number | null>(resolve => child.on('exit', resolve))
    expect(code, out).to.equal(0)
    expect(out).to.match(/audit of \$NINJAPUNKGIRLS \(token [0-9a-f]{64}_0, dividend contract [0-9a-f]{64}_1, version 2\): \d+ transactions: \d+ deposits of \d+ satoshis, 3 rounds, \d+ payouts of \d+ satoshis; .*: no discrepancy/)
    expect(out).to.not.match(/discrepancy: /)
  })
})
