import { expect } from 'chai'
import { parseEnvelope } from '../../indexer/inscription/Envelope'
import { ownerOf } from '../../indexer/script/OutputOwner'
import { inscriptionAsm, p2pkhAsm, scriptBytes } from '../support/scripts'

const PKH = '11'.repeat(20)

describe('indexer: inscription envelope', () => {
  it('reads the envelope before a P2PKH and leaves the P2PKH as the owner', () => {
    const script = scriptBytes(`${inscriptionAsm('text/plain', 'hello')} ${p2pkhAsm(PKH)}`)
    const env = parseEnvelope(script)
    expect(env?.contentType).to.equal('text/plain')
    expect(env?.content.toString()).to.equal('hello')
    expect(env?.prefix.length).to.equal(0)
    const owner = ownerOf(Buffer.concat([env!.prefix, env!.suffix]))
    expect(owner.kind).to.equal('p2pkh')
    expect(owner.kind === 'p2pkh' && owner.pkh.toString('hex')).to.equal(PKH)
  })

  it('reads the envelope after a P2PKH', () => {
    const script = scriptBytes(`${p2pkhAsm(PKH)} ${inscriptionAsm('application/bsv-20', '{}')}`)
    const env = parseEnvelope(script)
    expect(env?.contentType).to.equal('application/bsv-20')
    expect(env?.prefix.toString('hex')).to.equal(`76a914${PKH}88ac`)
    expect(env?.suffix.length).to.equal(0)
  })

  it('keeps a P2PKH followed by OP_RETURN metadata payable to its key', () => {
    const script = scriptBytes(`${inscriptionAsm('text/plain', 'x')} ${p2pkhAsm(PKH)} OP_RETURN 31 32`)
    const env = parseEnvelope(script)!
    const owner = ownerOf(Buffer.concat([env.prefix, env.suffix]))
    expect(owner.kind).to.equal('p2pkh')
  })

  it('reads large content pushed with OP_PUSHDATA2', () => {
    const big = 'a'.repeat(70000)
    const env = parseEnvelope(scriptBytes(`${inscriptionAsm('text/plain', big)} ${p2pkhAsm(PKH)}`))
    expect(env?.content.length).to.equal(70000)
  })

  it('skips unknown tags before the content', () => {
    const hex = (s: string): string => Buffer.from(s).toString('hex')
    const script = scriptBytes(`OP_0 OP_IF ${hex('ord')} OP_3 ${'ab'.repeat(36)} OP_1 ${hex('text/plain')} OP_0 ${hex('hi')} OP_ENDIF ${p2pkhAsm(PKH)}`)
    expect(parseEnvelope(script)?.content.toString()).to.equal('hi')
  })

  it('finds nothing in scripts without a well-formed envelope, and never throws', () => {
    const hex = (s: string): string => Buffer.from(s).toString('hex')
    expect(parseEnvelope(scriptBytes(p2pkhAsm(PKH)))).to.equal(undefined)
    expect(parseEnvelope(scriptBytes(`OP_1 OP_IF ${hex('ord')} OP_1 ${hex('a')} OP_0 ${hex('b')} OP_ENDIF`))).to.equal(undefined)
    expect(parseEnvelope(scriptBytes(`OP_0 OP_IF ${hex('ord')} OP_1 ${hex('a')} OP_0 ${hex('b')}`))).to.equal(undefined)
    // A push that claims more bytes than the script has.
    expect(parseEnvelope(Buffer.from('0063036f7264514c', 'hex'))).to.equal(undefined)
    expect(parseEnvelope(Buffer.from('0063036f726451', 'hex'))).to.equal(undefined)
    expect(parseEnvelope(Buffer.alloc(0))).to.equal(undefined)
    for (let i = 0; i < 2000; i++) {
      const random = Buffer.from(Array.from({ length: (i % 60) + 1 }, (_, j) => (i * 7919 + j * 104729) % 256))
      parseEnvelope(Buffer.concat([Buffer.from('0063036f7264', 'hex'), random]))
    }
  })
})
