import { expect } from 'chai'
import { spawn } from 'child_process'
import * as fs from 'fs'
import * as os from 'os'
import * as path from 'path'
import { bsv } from 'scrypt-ts'
import { KeyFile } from '../../scripts/cli/KeyFile'

/**
 * Starts a child process (ts-node) that, once loaded, says so (`<go>.<prefix>`) and waits for `go` to exist, then makes `count` keys,
 * each through a fresh KeyFile, as separate commands would; resolves when it is done.
 */
async function createKeysInChild (file: string, go: string, prefix: string, count: number): Promise<void> {
  const code = `const fs = require('fs'); const { KeyFile } = require(${JSON.stringify(path.resolve(__dirname, '../../scripts/cli/KeyFile'))});
fs.writeFileSync(${JSON.stringify(go)} + '.${prefix}', '')
while (!fs.existsSync(${JSON.stringify(go)})) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5)
for (let i = 0; i < ${count}; i++) new KeyFile(${JSON.stringify(file)}, 'testnet').key('${prefix}' + i)`
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', code], { stdio: ['ignore', 'ignore', 'pipe'] })
  let err = ''
  child.stderr.on('data', (c: Buffer) => { err += c.toString() })
  const status = await new Promise<number | null>(resolve => child.on('exit', resolve))
  if (status !== 0) throw new Error(`child failed: ${err}`)
}

describe('divvy key file', () => {
  let dir: string
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'divvy-keys-')) })
  afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }) })

  it('is created on first use with mode 0600 and keeps the same key afterwards', () => {
    const file = path.join(dir, 'home', 'keys.json')
    const keys = new KeyFile(file, 'testnet')
    const a = keys.key('alice')
    expect(fs.statSync(file).mode & 0o777).to.equal(0o600)
    expect(new KeyFile(file, 'testnet').key('alice').toWIF()).to.equal(a.toWIF())
    expect(keys.key('bob').toWIF()).to.not.equal(a.toWIF())
    expect(keys.names()).to.deep.equal(['alice', 'bob'])
    expect(fs.statSync(file).mode & 0o777).to.equal(0o600)
  })

  it('never puts a private key in an error message', () => {
    const file = path.join(dir, 'keys.json')
    const keys = new KeyFile(file, 'testnet')
    const wif = keys.key('alice').toWIF()
    const messages: string[] = []
    for (const attempt of [() => new KeyFile(file, 'mainnet').key('alice'), () => keys.key('bad name!')]) {
      try { attempt() } catch (e) { messages.push((e as Error).message) }
    }
    expect(messages).to.have.length(2)
    for (const m of messages) expect(m).to.not.include(wif)
    expect(messages[0]).to.match(/not a mainnet key/)
  })

  it('leaves a bad file untouched, and refuses a file others can read', () => {
    const file = path.join(dir, 'keys.json')
    fs.writeFileSync(file, '{ not json', { mode: 0o600 })
    expect(() => new KeyFile(file, 'testnet').key('alice')).to.throw(/bad JSON.*left untouched/)
    expect(fs.readFileSync(file, 'utf8')).to.equal('{ not json')
    const open = path.join(dir, 'open.json')
    fs.writeFileSync(open, JSON.stringify({ keys: {} }), { mode: 0o644 })
    fs.chmodSync(open, 0o644)
    expect(() => new KeyFile(open, 'testnet').key('alice')).to.throw(/readable by others.*chmod 600/)
    expect(fs.readFileSync(open, 'utf8')).to.equal(JSON.stringify({ keys: {} }))
  })

  it('never rewrites a file it does not fully understand: valid JSON of another shape, a bad WIF, a foreign entry (one line naming the file)', () => {
    const wif = bsv.PrivateKey.fromRandom('testnet').toWIF()
    const contents = {
      'a map of names to WIFs without "keys"': JSON.stringify({ default: wif }),
      'keys beside something else': JSON.stringify({ keys: { default: wif }, version: 2 }),
      'a key that is not WIF': JSON.stringify({ keys: { default: wif, cold: 'not-a-wif' } }),
      'a key that is not a string': JSON.stringify({ keys: { default: 7 } }),
      'a name that is not a key name': JSON.stringify({ keys: { 'bad name': wif } }),
      'keys as an array': JSON.stringify({ keys: [wif] }),
      'an array': JSON.stringify([wif]),
      'a string': JSON.stringify(wif),
      null: 'null'
    }
    for (const [what, text] of Object.entries(contents)) {
      const file = path.join(dir, 'keys.json')
      fs.writeFileSync(file, text, { mode: 0o600 })
      for (const use of [() => new KeyFile(file, 'testnet').key('default'), () => new KeyFile(file, 'testnet').key('alice'), () => new KeyFile(file, 'testnet').names()]) {
        let message = ''
        try { use() } catch (e) { message = (e as Error).message }
        expect(message, what).to.include(file).and.match(/not a Divvy key file .*left untouched/)
        expect(message.split('\n'), what).to.have.length(1)
        expect(message, what).to.not.include(wif)
      }
      expect(fs.readFileSync(file, 'utf8'), what).to.equal(text)
      expect(fs.readdirSync(dir), what).to.deep.equal(['keys.json'])
    }
  })

  it('adds keys from several processes at once without losing any', async function () {
    this.timeout(60_000)
    const file = path.join(dir, 'keys.json')
    const first = new KeyFile(file, 'testnet').key('first').toWIF()
    const go = path.join(os.tmpdir(), `divvy-keys-go-${process.pid}`)
    const children = ['a', 'b'].map(async p => await createKeysInChild(file, go, p, 40))
    // Once both are loaded and waiting, they race.
    while (!fs.existsSync(`${go}.a`) || !fs.existsSync(`${go}.b`)) await new Promise(resolve => setTimeout(resolve, 20))
    fs.writeFileSync(go, '')
    try { await Promise.all(children) } finally { for (const f of [go, `${go}.a`, `${go}.b`]) fs.rmSync(f, { force: true }) }
    const keys = new KeyFile(file, 'testnet')
    expect(keys.names()).to.have.length(81)
    expect(keys.key('first').toWIF()).to.equal(first)
    expect(fs.readdirSync(dir)).to.deep.equal(['keys.json'])
  })
})
