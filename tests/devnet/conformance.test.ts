import { LockingScript, OP, P2PKH, PrivateKey, Transaction } from '@bsv/sdk'
import { expect } from 'chai'
import { readFileSync } from 'fs'
import path from 'path'
import { FundedUtxo, fundKey, regtestAddressOf } from '../../network/devnet/fundedKey'
import { outputOf, p2pkhOf, payment, Spendable } from '../support/payments'
import { startTempDevnet, TempDevnet } from '../support/tempDevnet'

/** One recorded answer of the real node (tests/fixtures/sv-node/recorded-answers.json). */
interface RecordedCase {
  case: string
  call?: { method: string, params: unknown }
  body?: string
  scenario?: string
  password?: string
  http: number
  result?: unknown
  resultKeys?: string[]
  resultIsTxid?: boolean
  bodyContains?: string[]
  emptyBody?: boolean
  error?: { code: number, message?: string, messageStart?: string }
  id?: null
  batch?: Array<{ resultType?: string, error?: { code: number, message: string } }>
  txCount?: number
  neverMined?: boolean
  inNonFinalPool?: boolean
}

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'sv-node', 'recorded-answers.json')
const RECORDED = (JSON.parse(readFileSync(FIXTURE, 'utf8')) as { cases: RecordedCase[] }).cases

describe('devnet conformance: the real node\'s recorded JSON-RPC answers', function () {
  this.timeout(60_000)
  const key = PrivateKey.fromRandom()
  const stranger = PrivateKey.fromRandom()
  let node: TempDevnet
  let coins: Spendable[]
  let next = 0
  let youngCoinbase: FundedUtxo
  let funded: string
  const coin = (): Spendable => coins[next++]

  before(async () => {
    node = await startTempDevnet({ rpcUser: 'u', rpcPassword: 'p' })
    const [coinbase] = await fundKey(node.rpc, key)
    const split = await payment({ key, inputs: [coinbase], outputs: Array.from({ length: 20 }, () => [p2pkhOf(key), 200_000_000n] as [LockingScript, bigint]), fee: 10_000n })
    await node.rpc.sendRawTransaction(split.toHex())
    const [hash] = await node.rpc.generateToAddress(1, regtestAddressOf(key))
    youngCoinbase = { txid: (await node.rpc.call<{ tx: string[] }>('getblock', [hash, 1])).tx[0], vout: 0, satoshis: 5_000_000_000n, script: p2pkhOf(key).toHex() }
    coins = Array.from({ length: 20 }, (_, i) => outputOf(split, i))
    funded = split.id('hex')
  })

  after(async () => await node.close())

  /** The transaction (raw hex) each scenario sends; some send others first. */
  const scenarios: Record<string, () => Promise<string>> = {
    'decode-amounts': async () => {
      const data = new LockingScript([{ op: OP.OP_FALSE }, { op: OP.OP_RETURN }, { op: 4, data: [...Buffer.from('divy')] }, { op: 12, data: [...Buffer.from('hello, world')] }])
      return (await payment({ key, inputs: [coin()], outputs: [[p2pkhOf(key), 100_000_000n], [p2pkhOf(key), 18n], [data, 0n]] })).toHex()
    },
    'mempool-double-spend': async () => {
      const c = coin()
      await node.rpc.sendRawTransaction((await payment({ key, inputs: [c], outputs: [[p2pkhOf(stranger), 1000n]], fee: 500n })).toHex())
      return (await payment({ key, inputs: [c], outputs: [[p2pkhOf(stranger), 2000n]], fee: 500n })).toHex()
    },
    'output-above-input': async () => (await payment({ key, inputs: [coin()], outputs: [[p2pkhOf(stranger), 200_000_001n]] })).toHex(),
    'wrong-key': async () => (await payment({ key: stranger, inputs: [coin()], outputs: [[p2pkhOf(stranger), 1000n]], fee: 500n })).toHex(),
    'missing-inputs': async () => (await payment({ key, inputs: [{ ...coin(), txid: 'ab'.repeat(32) }], outputs: [[p2pkhOf(stranger), 1000n]], fee: 500n })).toHex(),
    'immature-coinbase': async () => (await payment({ key, inputs: [youngCoinbase], outputs: [[p2pkhOf(stranger), 1000n]], fee: 500n })).toHex(),
    'under-mining-fee': async () => (await payment({ key, inputs: [coin()], outputs: [[p2pkhOf(stranger), 1000n]], fee: 0n })).toHex(),
    'non-final': async () => {
      const c = coin()
      const tx = new Transaction()
      tx.lockTime = await node.rpc.getBlockCount() + 10
      tx.addInput({ sourceTXID: c.txid, sourceOutputIndex: c.vout, sequence: 0, unlockingScriptTemplate: new P2PKH().unlock(key, 'all', false, Number(c.satoshis), LockingScript.fromHex(c.script)) })
      tx.addOutput({ lockingScript: p2pkhOf(key), satoshis: Number(c.satoshis) - 500 })
      await tx.sign()
      return tx.toHex()
    },
    'resend-confirmed': async () => {
      const tx = await payment({ key, inputs: [coin()], outputs: [[p2pkhOf(stranger), 1000n]], fee: 500n })
      await node.rpc.sendRawTransaction(tx.toHex())
      await node.rpc.generateToAddress(1, regtestAddressOf(stranger))
      return tx.toHex()
    },
    'zero-value-outputs': async () => (await payment({
      key,
      inputs: [coin()],
      outputs: [[new LockingScript([{ op: OP.OP_RETURN }]), 0n], [p2pkhOf(stranger), 0n], [new LockingScript([{ op: OP.OP_TRUE }]), 0n]],
      fee: 500n
    })).toHex(),
    'one-bsv-fee': async () => (await payment({ key, inputs: [coin()], outputs: [[p2pkhOf(stranger), 1000n]], fee: 100_000_000n })).toHex(),
    'negative-value': async () => {
      const tx = await payment({ key, inputs: [coin()], outputs: [[p2pkhOf(stranger), 1000n]], fee: 500n })
      const hex = tx.toHex()
      // The first output's value: right after the input count, the one input and the output count.
      const input = tx.inputs[0].unlockingScript!.toBinary().length
      const at = 2 * (4 + 1 + 36 + 1 + input + 4 + 1)
      return hex.slice(0, at) + 'ff'.repeat(8) + hex.slice(at + 16)
    }
  }

  const fill = (value: unknown, tip: string): unknown => {
    if (value === '$tip') return tip
    if (value === '$funded') return funded
    if (Array.isArray(value)) return value.map(v => fill(v, tip))
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, tip)]))
    return value
  }

  for (const recorded of RECORDED) {
    it(recorded.case, async () => {
      const tip = await node.rpc.getBestBlockHash()
      let body = recorded.body
      if (recorded.scenario !== undefined) {
        const build = scenarios[recorded.scenario]
        expect(build, `scenario ${recorded.scenario}`).to.be.a('function')
        const hex = await build()
        body = JSON.stringify({ jsonrpc: '1.0', id: 'conformance', method: recorded.scenario === 'decode-amounts' ? 'decoderawtransaction' : 'sendrawtransaction', params: [hex] })
      } else if (recorded.call !== undefined) {
        body = JSON.stringify({ jsonrpc: '1.0', id: 'conformance', method: recorded.call.method, params: fill(recorded.call.params, tip) })
      }
      const authorization = 'Basic ' + Buffer.from(`u:${recorded.password ?? 'p'}`).toString('base64')
      const response = await fetch(`http://127.0.0.1:${node.devnet.port}/`, { method: 'POST', headers: { authorization, 'content-type': 'text/plain' }, body })
      const text = await response.text()
      expect(response.status, text).to.equal(recorded.http)
      if (recorded.emptyBody === true) { expect(text).to.equal(''); return }
      for (const fragment of recorded.bodyContains ?? []) expect(text).to.contain(fragment)
      const answer = JSON.parse(text)
      if (recorded.batch !== undefined) {
        expect(answer).to.have.length(recorded.batch.length)
        recorded.batch.forEach((want, i) => {
          if (want.resultType !== undefined) expect(answer[i].result).to.be.a(want.resultType)
          if (want.error !== undefined) expect(answer[i].error).to.deep.equal(want.error)
        })
        return
      }
      if (recorded.id === null) expect(answer.id).to.equal(null)
      if (recorded.error !== undefined) {
        expect(answer.result).to.equal(null)
        expect(answer.error.code, answer.error.message).to.equal(recorded.error.code)
        if (recorded.error.message !== undefined) expect(answer.error.message).to.equal(recorded.error.message)
        if (recorded.error.messageStart !== undefined) expect(answer.error.message.startsWith(recorded.error.messageStart), answer.error.message).to.equal(true)
        return
      }
      expect(answer.error).to.equal(null)
      if ('result' in recorded) expect(answer.result).to.deep.equal(recorded.result)
      if (recorded.resultKeys !== undefined) expect(answer.result).to.include.all.keys(...recorded.resultKeys)
      if (recorded.txCount !== undefined) expect(answer.result.tx).to.have.length(recorded.txCount)
      if (recorded.resultIsTxid === true) {
        expect(answer.result).to.match(/^[0-9a-f]{64}$/)
        if (recorded.neverMined === true) {
          const [hash] = await node.rpc.generateToAddress(1, regtestAddressOf(stranger))
          expect((await node.rpc.call<{ tx: string[] }>('getblock', [hash, 1])).tx).to.not.include(answer.result)
          expect(await node.rpc.getRawMempool()).to.include(answer.result)
        }
        if (recorded.inNonFinalPool === true) expect(await node.rpc.call('getrawnonfinalmempool')).to.include(answer.result)
      }
    })
  }
})
