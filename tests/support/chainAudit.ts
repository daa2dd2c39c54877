import { expect } from 'chai'
import { parseRawBlock } from '../../network/block/RawBlock'
import { merkleRoot } from '../../network/devnet/Hashes'
import { RpcClient } from '../../network/rpc/RpcClient'
import { RpcError } from '../../network/rpc/RpcError'

/**
 * Checks a node's chain from genesis to tip (links, merkle roots) and that its UTXO set is
 * exactly the one replaying every block gives, and that its mempool only spends what exists.
 * Returns the tip height.
 */
export async function auditChain (rpc: RpcClient): Promise<number> {
  const height = await rpc.getBlockCount()
  const hashes = await rpc.batch(Array.from({ length: height + 1 }, (_, h) => ({ method: 'getblockhash', params: [h] })))
  const blocks = await rpc.batch(hashes.map(hash => ({ method: 'getblock', params: [hash, 0] })))
  const unspent = new Map<string, number>()
  const created: string[] = []
  let prev = '00'.repeat(32)
  blocks.forEach((hex, h) => {
    if (hex instanceof RpcError) throw hex
    const block = parseRawBlock(hex as string)
    expect(block.header.hash).to.equal(hashes[h])
    expect(block.header.prevHash).to.equal(prev)
    expect(block.header.merkleRoot).to.equal(merkleRoot(block.transactions.map(t => t.id('hex'))))
    prev = block.header.hash
    if (h === 0) return
    block.transactions.forEach((tx, i) => {
      if (i > 0) {
        for (const input of tx.inputs) {
          const key = `${input.sourceTXID as string}:${input.sourceOutputIndex}`
          expect(unspent.has(key), `block ${h} spends ${key}, which is not unspent`).to.equal(true)
          unspent.delete(key)
        }
      }
      const txid = tx.id('hex')
      tx.outputs.forEach((o, vout) => {
        if (o.lockingScript.toHex().startsWith('006a')) return
        unspent.set(`${txid}:${vout}`, o.satoshis as number)
        created.push(`${txid}:${vout}`)
      })
    })
  })
  const answers = await rpc.batch(created.map(key => ({ method: 'gettxout', params: [key.split(':')[0], Number(key.split(':')[1]), false] })))
  answers.forEach((answer, i) => {
    if (answer instanceof RpcError) throw answer
    const expected = unspent.get(created[i])
    if (expected === undefined) expect(answer, `${created[i]} is spent`).to.equal(null)
    else expect((answer as { value: number }).value, `${created[i]}`).to.equal(expected / 1e8)
  })
  // Every mempool transaction spends chain outputs or outputs of earlier mempool transactions.
  const mempool = await rpc.getRawMempool()
  const pooledHex = await rpc.batch(mempool.map(txid => ({ method: 'getrawtransaction', params: [txid, true] })))
  const available = new Set(unspent.keys())
  for (const entry of pooledHex) {
    if (entry instanceof RpcError) throw entry
    const tx = entry as { txid: string, vin: Array<{ txid: string, vout: number }>, vout: unknown[] }
    for (const input of tx.vin) {
      const key = `${input.txid}:${input.vout}`
      expect(available.has(key), `mempool tx ${tx.txid} spends ${key}, which is not available`).to.equal(true)
      available.delete(key)
    }
    tx.vout.forEach((_, n) => available.add(`${tx.txid}:${n}`))
  }
  return height
}
