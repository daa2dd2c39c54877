import { expect } from 'chai'
import { applyBsv21, type TokenAmount, type TxOutputBytes } from '../../indexer/bsv21/Bsv21Transaction'
import { p2pkhAsm, scriptBytes, tokenScript } from '../support/scripts'

const TXID = 'cd'.repeat(32)
const TOKEN = `${'ab'.repeat(32)}_0`
const OTHER = `${'ef'.repeat(32)}_1`
const A = '11'.repeat(20)
const B = '22'.repeat(20)
const transfer = (pkh: string, amt: string, id = TOKEN): TxOutputBytes => ({ satoshis: 1n, script: tokenScript(pkh, { op: 'transfer', amt, id }) })
const burn = (pkh: string, amt: string, id = TOKEN): TxOutputBytes => ({ satoshis: 1n, script: tokenScript(pkh, { op: 'burn', amt, id }) })
const change: TxOutputBytes = { satoshis: 5000n, script: scriptBytes(p2pkhAsm(A)) }
const holding = (amt: bigint, id = TOKEN): TokenAmount => ({ id, amt })

describe('indexer: BSV-21 rules on a transaction', () => {
  it('deploy+mint creates <txid>_<vout> with its whole supply', () => {
    const e = applyBsv21(TXID, [undefined], [change, { satoshis: 1n, script: tokenScript(A, { op: 'deploy+mint', sym: 'DIV', amt: '1000', dec: '2' }) }])
    expect(e.deploys).to.deep.equal([{ id: `${TXID}_1`, vout: 1, supply: 1000n, dec: 2, sym: 'DIV', icon: undefined }])
    expect(e.outputs.map(o => [o.vout, o.id, o.amt, o.op])).to.deep.equal([[1, `${TXID}_1`, 1000n, 'deploy+mint']])
    expect(e.outputs[0].lock.toString('hex')).to.equal(`76a914${A}88ac`)
  })

  it('a transfer splitting the input keeps every token and burns nothing', () => {
    const e = applyBsv21(TXID, [holding(100n), undefined], [transfer(B, '60'), transfer(A, '40'), change])
    expect(e.outputs.map(o => [o.vout, o.amt])).to.deep.equal([[0, 60n], [1, 40n]])
    expect(e.movements).to.deep.equal([{ id: TOKEN, in: 100n, out: 100n, burned: 0n, valid: true }])
    expect(e.rejected).to.deep.equal([])
  })

  it('tokens the outputs do not carry on are burned', () => {
    const e = applyBsv21(TXID, [holding(70n), holding(30n)], [transfer(B, '60')])
    expect(e.movements).to.deep.equal([{ id: TOKEN, in: 100n, out: 60n, burned: 40n, valid: true }])
  })

  it('spending token inputs with no token outputs burns them all', () => {
    const e = applyBsv21(TXID, [holding(100n)], [change])
    expect(e.outputs).to.deep.equal([])
    expect(e.movements).to.deep.equal([{ id: TOKEN, in: 100n, out: 0n, burned: 100n, valid: true }])
  })

  it('a burn output destroys its amount and the rest is carried on', () => {
    const e = applyBsv21(TXID, [holding(100n)], [burn(A, '25'), transfer(A, '75')])
    expect(e.outputs.map(o => [o.vout, o.amt])).to.deep.equal([[1, 75n]])
    expect(e.movements).to.deep.equal([{ id: TOKEN, in: 100n, out: 75n, burned: 25n, valid: true }])
  })

  it('transfers and burns above the inputs invalidate all of them and burn the input tokens', () => {
    const e = applyBsv21(TXID, [holding(100n)], [transfer(B, '60'), transfer(A, '30'), burn(A, '11')])
    expect(e.outputs).to.deep.equal([])
    expect(e.movements).to.deep.equal([{ id: TOKEN, in: 100n, out: 0n, burned: 100n, valid: false }])
    expect(e.rejected.map(r => r.vout)).to.deep.equal([0, 1, 2])
  })

  it('a transfer of an id no input carries is invalid', () => {
    const e = applyBsv21(TXID, [holding(100n)], [transfer(B, '5', OTHER), transfer(A, '100')])
    expect(e.outputs.map(o => [o.vout, o.id])).to.deep.equal([[1, TOKEN]])
    expect(e.rejected).to.deep.equal([{ vout: 0, id: OTHER, reason: 'no input carries this token' }])
    expect(e.movements.find(m => m.id === OTHER)).to.deep.equal({ id: OTHER, in: 0n, out: 0n, burned: 0n, valid: false })
  })

  it('tokens are counted per id: one token invalid does not touch the other', () => {
    const e = applyBsv21(TXID, [holding(10n), holding(5n, OTHER)], [transfer(A, '10'), transfer(B, '6', OTHER)])
    expect(e.outputs.map(o => o.id)).to.deep.equal([TOKEN])
    expect(e.movements.find(m => m.id === OTHER)).to.deep.equal({ id: OTHER, in: 5n, out: 0n, burned: 5n, valid: false })
  })

  it('an inscription on an output of more than 1 satoshi carries no tokens', () => {
    const big = { satoshis: 2n, script: tokenScript(B, { op: 'transfer', amt: '40', id: TOKEN }) }
    const e = applyBsv21(TXID, [holding(100n)], [transfer(A, '60'), big])
    expect(e.outputs.map(o => o.vout)).to.deep.equal([0])
    expect(e.rejected[0]).to.include({ vout: 1, id: TOKEN })
    expect(e.movements).to.deep.equal([{ id: TOKEN, in: 100n, out: 60n, burned: 40n, valid: true }])
    const deployOn2 = applyBsv21(TXID, [], [{ satoshis: 2n, script: tokenScript(A, { op: 'deploy+mint', amt: '5' }) }])
    expect(deployOn2.deploys).to.deep.equal([])
  })

  it('malformed inscriptions carry nothing, and their input tokens are burned', () => {
    const bad = [
      tokenScript(B, { op: 'transfer', amt: 100, id: TOKEN }),
      tokenScript(B, { op: 'transfer', amt: '100', id: TOKEN }, 'text/plain'),
      tokenScript(B, { op: 'transfer', amt: '100.0', id: TOKEN }),
      tokenScript(B, { op: 'send', amt: '100', id: TOKEN }),
      Buffer.from(tokenScript(B, { op: 'transfer', amt: '100', id: TOKEN }).toString('hex').replace(Buffer.from('"transfer"').toString('hex'), Buffer.from('"transfer",').toString('hex')), 'hex')
    ]
    for (const script of bad) {
      const e = applyBsv21(TXID, [holding(100n)], [{ satoshis: 1n, script }])
      expect(e.outputs).to.deep.equal([])
      expect(e.movements).to.deep.equal([{ id: TOKEN, in: 100n, out: 0n, burned: 100n, valid: true }])
    }
  })
})
