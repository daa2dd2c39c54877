import { spawnSync } from 'child_process'
import { expect } from 'chai'
import * as fs from 'fs'
import * as path from 'path'
import { scratchProject } from '../support/compiledFixtures'

const ROOT = path.resolve(__dirname, '..', '..')

const GOOD = `import { assert, method, prop, SmartContract } from 'scrypt-ts'
export class Good extends SmartContract {
  @prop() readonly x: bigint
  constructor (x: bigint) { super(...arguments); this.x = x }
  @method() public unlock (y: bigint) {
    assert(y == this.x, 'wrong')
  }
}
`
// A type error: TypeScript and the transpiler report it.
const TYPE_ERROR = `import { assert, ByteString, method, prop, SmartContract } from 'scrypt-ts'
export class TypeError1 extends SmartContract {
  @prop() readonly x: bigint
  constructor (x: bigint) { super(...arguments); this.x = x }
  @method() public unlock (y: ByteString) {
    assert(y == this.x, 'bytes are not an int')
  }
}
`
// Valid TypeScript that only the sCrypt compiler can refuse.
const OUT_OF_BOUNDS = `import { assert, FixedArray, method, prop, SmartContract } from 'scrypt-ts'
export class OutOfBounds extends SmartContract {
  @prop() readonly xs: FixedArray<bigint, 3>
  constructor (xs: FixedArray<bigint, 3>) { super(...arguments); this.xs = xs }
  @method() public unlock (y: bigint) {
    assert(y == this.xs[3], 'past the end')
  }
}
`

describe('npm run compile on contracts with errors', function () {
  this.timeout(180_000)

  it('reports each error at its TypeScript line, exits non-zero, and writes no artifact for it', () => {
    const dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'divvy-bad-'))
    const sources = { 'good.ts': GOOD, 'typeError1.ts': TYPE_ERROR, 'outOfBounds.ts': OUT_OF_BOUNDS }
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir')
    for (const [name, text] of Object.entries(sources)) fs.writeFileSync(path.join(dir, name), text)
    const tsconfig = scratchProject(Object.keys(sources).map(n => path.join(dir, n)))
    const run = spawnSync('npm', ['run', '--silent', 'compile', '--', '--tsconfig', tsconfig], { cwd: ROOT, encoding: 'utf8' })
    const out = run.stdout + run.stderr
    expect(run.status, out).to.equal(1)
    expect(out).to.match(/typeError1\.ts:6:\d+: .*(no overlap|cannot be applied)/)
    expect(out).to.match(/outOfBounds\.ts:6:\d+: .*index 3 out of bounds/)
    expect(out).to.not.match(/\n\s+at /) // no stack trace
    const artifacts = path.join(path.dirname(tsconfig), 'artifacts')
    expect(fs.existsSync(path.join(artifacts, 'good.json'))).to.equal(true)
    expect(fs.existsSync(path.join(artifacts, 'typeError1.json'))).to.equal(false)
    expect(fs.existsSync(path.join(artifacts, 'outOfBounds.json'))).to.equal(false)
  })
})
