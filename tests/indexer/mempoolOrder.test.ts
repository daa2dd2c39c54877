import { expect } from 'chai'
import type { ParsedTx } from '../../indexer/chain/ParsedBlock'
import { mempoolOrder } from '../../indexer/mempool/MempoolView'

const tx = (txid: string, parents: string[]): ParsedTx => ({ txid, inputs: parents.map(p => ({ txid: p, vout: 0 })), outputs: [], coinbase: false })

describe('mempoolOrder: pending token views apply the mempool parents first', () => {
  it('puts every in-mempool parent before its children, whatever order the node listed them in', () => {
    const listed = [tx('d', ['c', 'b']), tx('c', ['b', 'confirmed']), tx('b', ['a']), tx('a', ['confirmed']), tx('e', [])]
    const order = mempoolOrder(new Map(listed.map(t => [t.txid, t]))).map(t => t.txid)
    expect(order).to.have.members(['a', 'b', 'c', 'd', 'e'])
    expect(order).to.have.length(5)
    for (const t of listed) {
      for (const input of t.inputs) if (input.txid !== 'confirmed') expect(order.indexOf(input.txid)).to.be.lessThan(order.indexOf(t.txid))
    }
  })

  it('walks a long chain without overflowing the stack', () => {
    const chain: ParsedTx[] = []
    for (let i = 0; i < 50_000; i++) chain.push(tx(`t${i}`, i === 0 ? [] : [`t${i - 1}`]))
    const order = mempoolOrder(new Map(chain.reverse().map(t => [t.txid, t])))
    expect(order[0].txid).to.equal('t0')
    expect(order[order.length - 1].txid).to.equal('t49999')
  })
})
