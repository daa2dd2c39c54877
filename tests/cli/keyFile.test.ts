import { expect } from 'chai'
import * as fs from 'fs'
import * as os from 'os'
import * as path from 'path'
import { KeyFile } from '../../scripts/cli/KeyFile'

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
})
