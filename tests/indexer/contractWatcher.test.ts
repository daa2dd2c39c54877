import { expect } from 'chai'
import { createHash } from 'crypto'
import { mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'
import { LockingScript, P2PKH, Transaction, UnlockingScript } from '@bsv/sdk'
import { bsv, ByteString, PubKey, toByteString, toHex } from 'scrypt-ts'
import { Dividend } from '../../contracts/dividend'
import { DividendV1 } from '../../contracts/v1/dividendV1'
import { startApi, type RunningApi } from '../../indexer/api/ApiServer'
import { readBlock, readTransaction } from '../../indexer/chain/BlockReader'
import { dividendStepKind, distributePayouts, readDividendState } from '../../indexer/contracts/DividendReading'
import { readStatefulScript } from '../../indexer/contracts/StatefulScript'
import { Indexer } from '../../indexer/Indexer'
import { MempoolView } from '../../indexer/mempool/MempoolView'
import { IndexerClient } from '../../network/provider/IndexerClient'
import { contractArtifact, dividendV1Artifact } from '../support/compiledFixtures'
import { keyPkh, p2pkhAsm, scriptBytes, testKey } from '../support/scripts'
import { spend, TestChain } from '../support/testChain'

const A = testKey(1)
const B = testKey(2)
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex')

/** A made-up code part: OP_1 OP_IF OP_RETURN OP_ENDIF <20 bytes> OP_DROP OP_RETURN (an early OP_RETURN is fine). */
const CODE = Buffer.from('51636a68' + '14' + 'ab'.repeat(20) + '75' + '6a', 'hex')
const OTHER_CODE = Buffer.from('52' + '75' + '6a', 'hex')

/** codePart, then isGenesis and the props, then the 4-byte little-endian state length, then version 0. */
function contractScript (code: Buffer, props: Buffer, isGenesis = 0, lengthDelta = 0): Buffer {
  const state = Buffer.concat([Buffer.from([isGenesis]), props])
  const length = Buffer.alloc(4)
  length.writeUInt32LE(state.length + lengthDelta)
  return Buffer.concat([code, state, length, Buffer.from([0])])
}

/** Props of a counter contract: one int pushed. */
const counter = (n: number): Buffer => Buffer.from([1, n])
const stateHex = (props: Buffer, isGenesis = 0): string => Buffer.concat([Buffer.from([isGenesis]), props]).toString('hex')
const p2pkhOf = (pkh: string): Buffer => scriptBytes(p2pkhAsm(pkh))

/** A transaction spending contract outputs (no signature check in the pipeline) into `outputs`. */
function contractTx (inputs: Array<{ tx: Transaction, vout: number }>, outputs: Array<{ satoshis: number, script: Buffer }>): Transaction {
  const tx = new Transaction()
  for (const i of inputs) tx.addInput({ sourceTXID: i.tx.id('hex'), sourceOutputIndex: i.vout, unlockingScript: UnlockingScript.fromASM('OP_1'), sequence: 0xffffffff })
  for (const o of outputs) tx.addOutput({ satoshis: o.satoshis, lockingScript: LockingScript.fromBinary(Array.from(o.script)) })
  return tx
}

async function watcherKeys (indexer: Indexer): Promise<Record<string, unknown>> {
  const all: Record<string, unknown> = {}
  for await (const [k, v] of indexer.store.scan<unknown>('w:stateful:')) all[k] = v
  return all
}

describe('indexer: stateful contract watcher', function () {
  describe('the script layout', () => {
    it('reads code part, code hash and state of the exact layout', () => {
      const script = contractScript(CODE, counter(7), 1)
      const read = readStatefulScript(script)
      expect(read?.codePart.toString('hex')).to.equal(CODE.toString('hex'))
      expect(read?.codeHash).to.equal(sha256(CODE))
      expect(read?.state.toString('hex')).to.equal('010107')
      // A state with pushes of 0x6a and zero bytes is still only data.
      expect(readStatefulScript(contractScript(CODE, Buffer.from('016a00006a', 'hex')))?.state.toString('hex')).to.equal('00016a00006a')
    })

    it('ignores scripts that end like the layout but are not it', () => {
      const bad = {
        'length field one too long': contractScript(CODE, counter(7), 0, 1),
        'length field one too short': contractScript(CODE, counter(7), 0, -1),
        'OP_RETURN inside a push': contractScript(Buffer.from('5102aa6a', 'hex'), counter(7)),
        'OP_RETURN as the last byte of a PUSHDATA1': contractScript(Buffer.from('4c03aabb6a', 'hex'), counter(7)),
        'a push running past the OP_RETURN': contractScript(Buffer.from('4d0500aa6a', 'hex'), counter(7)),
        'isGenesis byte 02': contractScript(CODE, counter(7), 2),
        'version 01': Buffer.concat([contractScript(CODE, counter(7)).subarray(0, -1), Buffer.from([1])]),
        'no code before OP_RETURN': contractScript(Buffer.from('6a', 'hex'), counter(7)),
        'an OP_FALSE OP_RETURN data output': contractScript(Buffer.from('006a', 'hex'), counter(7)),
        'too short': Buffer.from('6a0001000000', 'hex'),
        P2PKH: p2pkhOf(keyPkh(A)),
        empty: Buffer.alloc(0)
      }
      for (const [what, script] of Object.entries(bad)) expect(readStatefulScript(script), what).to.equal(undefined)
    })
  })

  describe('through the block pipeline and the API', () => {
    let dir: string
    let indexer: Indexer
    let api: RunningApi
    const codeHash = sha256(CODE)

    beforeEach(async () => {
      dir = mkdtempSync(join(tmpdir(), 'divvy-index-'))
      indexer = await Indexer.open({ dataDir: dir })
      api = await startApi(indexer, { port: 0 })
    })
    afterEach(async () => {
      await api.close()
      await indexer.close()
      rmSync(dir, { recursive: true, force: true })
    })

    const get = async (path: string): Promise<{ status: number, body: any }> => {
      const res = await fetch(api.url + path)
      return { status: res.status, body: await res.json() }
    }
    const apply = async (chain: TestChain, from: number): Promise<void> => {
      for (let h = from; h < chain.blocks.length; h++) await indexer.applyBlock(readBlock(chain.blocks[h].raw), h)
    }

    /** b0 coinbase; b1 deploy (state 1); b2 two updates in one block (2, 3); b3 a payout-style spend (4) with decoys. */
    async function buildChain (): Promise<{ chain: TestChain, deploy: Transaction, update1: Transaction, update2: Transaction, payout: Transaction }> {
      const chain = new TestChain(A)
      const b0 = chain.mine()
      const deploy = await spend([{ tx: b0.coinbase, vout: 0, key: A }], [
        { satoshis: 1000, script: contractScript(CODE, counter(1), 1) },
        { satoshis: 49_000_000, script: new P2PKH().lock(A.toAddress()) }
      ])
      chain.mine([deploy])
      const update1 = contractTx([{ tx: deploy, vout: 0 }], [{ satoshis: 1500, script: contractScript(CODE, counter(2)) }])
      const update2 = contractTx([{ tx: update1, vout: 0 }], [{ satoshis: 1600, script: contractScript(CODE, counter(3)) }])
      chain.mine([update1, update2])
      const payout = contractTx([{ tx: update2, vout: 0 }], [
        { satoshis: 1300, script: contractScript(CODE, counter(4)) },
        { satoshis: 100, script: p2pkhOf(keyPkh(B)) },
        { satoshis: 200, script: p2pkhOf(keyPkh(A)) },
        { satoshis: 5, script: contractScript(CODE, counter(9), 0, 1) },
        { satoshis: 6, script: contractScript(Buffer.from('4c03aabb6a', 'hex'), counter(9)) },
        { satoshis: 7, script: contractScript(OTHER_CODE, counter(5), 1) }
      ])
      chain.mine([payout])
      return { chain, deploy, update1, update2, payout }
    }

    it('records a lineage from its origin: a chain of state updates and a spend with other outputs; serves them by origin', async () => {
      const { chain, deploy, update1, update2, payout } = await buildChain()
      await apply(chain, 0)
      const origin = `${deploy.id('hex')}_0`

      const summary = await get(`/contracts/${origin}`)
      expect(summary.status).to.equal(200)
      expect(summary.body).to.deep.equal({
        origin,
        codeHash,
        utxo: { txid: payout.id('hex'), vout: 0, satoshis: '1300', height: 3, state: stateHex(counter(4)), spentInMempool: false },
        historyCount: 4
      })

      const history = await get(`/contracts/${origin}/history`)
      expect(history.status).to.equal(200)
      expect(history.body.total).to.equal(4)
      expect(history.body.events.map((e: any) => [e.txid, e.height, e.input])).to.deep.equal([
        [deploy.id('hex'), 1, null], [update1.id('hex'), 2, 0], [update2.id('hex'), 2, 0], [payout.id('hex'), 3, 0]
      ])
      expect(history.body.events[0]).to.deep.equal({
        txid: deploy.id('hex'),
        height: 1,
        input: null,
        spent: null,
        output: { vout: 0, satoshis: '1000', state: stateHex(counter(1), 1) },
        otherOutputs: [{ vout: 1, satoshis: '49000000', script: p2pkhOf(keyPkh(A)).toString('hex') }],
        otherOutputCount: 1
      })
      expect(history.body.events[2].spent).to.deep.equal({ txid: update1.id('hex'), vout: 0, satoshis: '1500', state: stateHex(counter(2)) })
      const last = history.body.events[3]
      expect(last.spent).to.deep.equal({ txid: update2.id('hex'), vout: 0, satoshis: '1600', state: stateHex(counter(3)) })
      expect(last.output).to.deep.equal({ vout: 0, satoshis: '1300', state: stateHex(counter(4)) })
      expect(last.otherOutputs.map((o: any) => [o.vout, o.satoshis])).to.deep.equal([[1, '100'], [2, '200'], [3, '5'], [4, '6'], [5, '7']])
      expect(last.otherOutputs[0].script).to.equal(p2pkhOf(keyPkh(B)).toString('hex'))
      expect(last.otherOutputCount).to.equal(5)

      // The other contract in the same transaction starts a lineage of its own; the decoys none.
      const other = await get(`/contracts/${payout.id('hex')}_5`)
      expect(other.body).to.deep.include({ codeHash: sha256(OTHER_CODE), historyCount: 1 })
      expect(other.body.utxo).to.deep.include({ vout: 5, state: stateHex(counter(5), 1) })
      for (const vout of [1, 3, 4]) expect((await get(`/contracts/${payout.id('hex')}_${vout}`)).status).to.equal(404)
      // A later output of the lineage is not an origin.
      expect((await get(`/contracts/${update1.id('hex')}_0`)).status).to.equal(404)

      // Pages.
      const page = await get(`/contracts/${origin}/history?offset=1&limit=2`)
      expect(page.body).to.include({ origin, offset: 1, limit: 2, total: 4 })
      expect(page.body.events.map((e: any) => e.txid)).to.deep.equal([update1.id('hex'), update2.id('hex')])
      expect((await get(`/contracts/${origin}/history?offset=4`)).body.events).to.deep.equal([])
      expect((await get(`/contracts/${origin}/history?offset=3&limit=1000`)).body.events.map((e: any) => e.txid)).to.deep.equal([payout.id('hex')])
    })

    it('follows only continuations: input i to output i, else output 0; a copy beside a genuine call starts its own lineage; the origins of a code are listed', async () => {
      const { chain, deploy, payout } = await buildChain()
      const origin = `${deploy.id('hex')}_0`
      // The contract at input 1 (a coin first) continues at output 1; output 0 has the same code: a copy.
      const coin = await spend([{ tx: deploy, vout: 1, key: A }], [{ satoshis: 48_000_000, script: new P2PKH().lock(A.toAddress()) }])
      const atInput1 = contractTx([{ tx: coin, vout: 0 }, { tx: payout, vout: 0 }], [
        { satoshis: 666, script: contractScript(CODE, counter(66)) },
        { satoshis: 1400, script: contractScript(CODE, counter(5)) }
      ])
      // A distribute-like spend at input 1: output 1 pays, output 0 continues.
      const paying = contractTx([{ tx: coin, vout: 0 }, { tx: atInput1, vout: 1 }], [
        { satoshis: 1200, script: contractScript(CODE, counter(6)) },
        { satoshis: 200, script: p2pkhOf(keyPkh(B)) }
      ])
      // A genuine call at input 0 with a copy attached as output 1.
      const withCopy = contractTx([{ tx: paying, vout: 0 }], [
        { satoshis: 1250, script: contractScript(CODE, counter(7)) },
        { satoshis: 5, script: contractScript(CODE, counter(7)) }
      ])
      chain.mine([coin, atInput1, paying, withCopy])
      await apply(chain, 0)
      const history = (await get(`/contracts/${origin}/history`)).body
      expect(history.events.slice(4).map((e: any) => [e.txid, e.input, e.output.vout])).to.deep.equal([
        [atInput1.id('hex'), 1, 1], [paying.id('hex'), 1, 0], [withCopy.id('hex'), 0, 0]
      ])
      expect((await get(`/contracts/${origin}`)).body.utxo).to.deep.include({ txid: withCopy.id('hex'), vout: 0, satoshis: '1250' })
      // The copies are lineages of their own, each starting where it was made.
      for (const copy of [`${atInput1.id('hex')}_0`, `${withCopy.id('hex')}_1`]) {
        const view = (await get(`/contracts/${copy}`)).body
        expect(view).to.deep.include({ origin: copy, codeHash, historyCount: 1 })
      }
      const listed = await get(`/contracts?codeHash=${codeHash}`)
      expect(listed.status).to.equal(200)
      expect(listed.body).to.deep.equal({
        codeHash,
        origins: [{ origin, height: 1 }, ...[`${atInput1.id('hex')}_0`, `${withCopy.id('hex')}_1`].sort().map(o => ({ origin: o, height: 4 }))],
        truncated: false
      })
    })

    it('serves the unconfirmed continuations with pending=true, never another output of the same code', async () => {
      const { chain, deploy, payout } = await buildChain()
      await apply(chain, 0)
      const next = contractTx([{ tx: payout, vout: 0 }], [
        { satoshis: 5, script: contractScript(CODE, counter(9)) },
        { satoshis: 1400, script: contractScript(CODE, counter(5)) }
      ])
      // Spent at input 0 with the same code at output 0: that is its continuation (output 1 is a copy).
      const after = contractTx([{ tx: next, vout: 0 }], [{ satoshis: 9, script: contractScript(CODE, counter(10)) }])
      const issued = contractTx([{ tx: deploy, vout: 1 }], [{ satoshis: 1, script: p2pkhOf(keyPkh(A)) }, { satoshis: 77, script: contractScript(OTHER_CODE, counter(1), 1) }])
      const mempool = new MempoolView(undefined)
      await mempool.replace(new Map([next, after, issued].map(t => [t.id('hex'), readTransaction(Buffer.from(t.toBinary()))])))
      await api.close()
      api = await startApi(indexer, { port: 0, mempool })
      const origin = `${deploy.id('hex')}_0`
      const confirmed = (await get(`/contracts/${origin}`)).body
      expect(confirmed.pending).to.equal(undefined)
      expect(confirmed.utxo.spentInMempool).to.equal(true)
      const pending = (await get(`/contracts/${origin}?pending=true`)).body
      expect(pending.pending).to.deep.equal([
        { txid: next.id('hex'), vout: 0, satoshis: '5', state: stateHex(counter(9)) },
        { txid: after.id('hex'), vout: 0, satoshis: '9', state: stateHex(counter(10)) }
      ])
      // A contract whose origin waits in the mempool.
      const waiting = `${issued.id('hex')}_1`
      expect((await get(`/contracts/${waiting}`)).status).to.equal(404)
      expect((await get(`/contracts/${waiting}?pending=true`)).body).to.deep.equal({ origin: waiting, codeHash: sha256(OTHER_CODE), utxo: null, historyCount: 0, pending: [{ txid: issued.id('hex'), vout: 1, satoshis: '77', state: stateHex(counter(1), 1) }] })
      // A continuation in the mempool is no origin.
      expect((await get(`/contracts/${after.id('hex')}_0?pending=true`)).status).to.equal(404)
    })

    it('a final spend without continuation ends the lineage: no UTXO, one more history entry', async () => {
      const { chain, deploy, payout } = await buildChain()
      const close = contractTx([{ tx: payout, vout: 0 }], [{ satoshis: 1200, script: p2pkhOf(keyPkh(B)) }])
      chain.mine([close])
      await apply(chain, 0)
      const origin = `${deploy.id('hex')}_0`
      const summary = await get(`/contracts/${origin}`)
      expect(summary.body.utxo).to.equal(null)
      expect(summary.body.historyCount).to.equal(5)
      const last = (await get(`/contracts/${origin}/history?offset=4`)).body.events[0]
      expect(last).to.deep.include({ txid: close.id('hex'), input: 0, output: null, otherOutputCount: 1 })
      expect(last.spent.state).to.equal(stateHex(counter(4)))
    })

    it('rolls back with the block: a re-org undoes updates and applies the competing branch', async () => {
      const { chain, deploy } = await buildChain()
      await apply(chain, 0)
      const origin = `${deploy.id('hex')}_0`
      // The same first two blocks, indexed alone, are what a rollback to height 1 must give.
      const straightDir = mkdtempSync(join(tmpdir(), 'divvy-index-'))
      const straight = await Indexer.open({ dataDir: straightDir })
      try {
        for (let h = 0; h < 2; h++) await straight.applyBlock(readBlock(chain.blocks[h].raw), h)
        const expected = await watcherKeys(straight)
        await indexer.rollback()
        await indexer.rollback()
        expect(await watcherKeys(indexer)).to.deep.equal(expected)
      } finally {
        await straight.close()
        rmSync(straightDir, { recursive: true, force: true })
      }
      const summary = await get(`/contracts/${origin}`)
      expect([summary.body.utxo.txid, summary.body.utxo.state]).to.deep.equal([deploy.id('hex'), stateHex(counter(1), 1)])
      expect(summary.body.historyCount).to.equal(1)

      // A competing block 2 moves the contract elsewhere.
      chain.fork(2)
      const rival = contractTx([{ tx: deploy, vout: 0 }], [{ satoshis: 900, script: contractScript(CODE, counter(42)) }, { satoshis: 100, script: p2pkhOf(keyPkh(B)) }])
      chain.mine([rival])
      await apply(chain, 2)
      const after = await get(`/contracts/${origin}`)
      expect(after.body.utxo).to.deep.equal({ txid: rival.id('hex'), vout: 0, satoshis: '900', height: 2, state: stateHex(counter(42)), spentInMempool: false })
      const history = await get(`/contracts/${origin}/history`)
      expect(history.body.events.map((e: any) => e.txid)).to.deep.equal([deploy.id('hex'), rival.id('hex')])

      // Rolling back past the deploy forgets the contract.
      await indexer.rollback()
      await indexer.rollback()
      expect((await get(`/contracts/${origin}`)).status).to.equal(404)
      expect(await watcherKeys(indexer)).to.deep.equal({})
    })

    it('an index of the earlier key layout (contracts by code hash) is rebuilt when it follows a node, else refused', async () => {
      const { chain } = await buildChain()
      await apply(chain, 0)
      expect(await indexer.store.get('m:format')).to.equal(2)
      await indexer.store.batch([{ type: 'del', key: 'm:format' }])
      await api.close()
      await indexer.close()
      const refused = await Indexer.open({ dataDir: dir }).then(() => undefined, (e: Error) => e.message)
      expect(refused).to.match(/written by another version of Divvy \(key layout 1, this one reads 2\): remove it to have it rebuilt/)
      indexer = await Indexer.open({ dataDir: dir, rebuildStale: true })
      api = await startApi(indexer, { port: 0 })
      expect(indexer.tip).to.equal(undefined)
      expect(await watcherKeys(indexer)).to.deep.equal({})
      await apply(chain, 0)
      expect(indexer.tip?.height).to.equal(3)
    })

    it('answers bad and unknown origins and bad pages with JSON errors', async () => {
      const { chain, deploy } = await buildChain()
      await apply(chain, 0)
      const origin = `${deploy.id('hex')}_0`
      const cases: Array<[string, number, string]> = [
        ['/contracts/xyz', 400, 'BAD_ORIGIN'],
        [`/contracts/${origin.toUpperCase()}`, 400, 'BAD_ORIGIN'],
        [`/contracts/${deploy.id('hex')}`, 400, 'BAD_ORIGIN'],
        ['/contracts/xyz/history', 400, 'BAD_ORIGIN'],
        [`/contracts/${'00'.repeat(32)}_0`, 404, 'UNKNOWN_CONTRACT'],
        [`/contracts/${'00'.repeat(32)}_0/history`, 404, 'UNKNOWN_CONTRACT'],
        [`/contracts/${origin}/history?limit=0`, 400, 'BAD_PAGINATION'],
        [`/contracts/${origin}/history?limit=1001`, 400, 'BAD_PAGINATION'],
        [`/contracts/${origin}/history?offset=-1`, 400, 'BAD_PAGINATION'],
        [`/contracts/${origin}/history?offset=1&offset=2`, 400, 'BAD_PARAMETER'],
        ['/contracts', 400, 'BAD_CODE_HASH'],
        ['/contracts?codeHash=xyz', 400, 'BAD_CODE_HASH'],
        [`/contracts/${origin}?pending=maybe`, 400, 'BAD_PENDING']
      ]
      for (const [path, status, code] of cases) {
        const answer = await get(path)
        expect([path, answer.status, answer.body.error?.code]).to.deep.equal([path, status, code])
        expect(answer.body.error.message).to.be.a('string').and.not.equal('')
      }
    })

    it('IndexerClient reads the contract, its history and the origins of a code with bigint amounts', async () => {
      const { chain, deploy, payout } = await buildChain()
      await apply(chain, 0)
      const origin = `${deploy.id('hex')}_0`
      const client = new IndexerClient({ network: 'devnet', url: api.url })
      const view = await client.contract(origin)
      expect(view).to.deep.equal({
        origin,
        codeHash,
        utxo: { txid: payout.id('hex'), vout: 0, satoshis: 1300n, height: 3, state: stateHex(counter(4)), spentInMempool: false },
        historyCount: 4
      })
      expect(await client.contract(`${'00'.repeat(32)}_0`)).to.equal(undefined)
      const page = await client.contractHistory(origin, { offset: 3, limit: 1 })
      expect(page).to.include({ origin, offset: 3, limit: 1, total: 4 })
      expect(page.events[0].spent?.satoshis).to.equal(1600n)
      expect(page.events[0].otherOutputs.slice(0, 2).map(o => [o.vout, o.satoshis])).to.deep.equal([[1, 100n], [2, 200n]])
      expect((await client.contractOrigins(codeHash)).origins).to.deep.equal([{ origin, height: 1 }])
      const error = await client.contractHistory('nope').then(() => undefined, (e: Error) => e)
      expect(error?.message).to.match(/BAD_ORIGIN/)
    })
  })

  describe('a real version 1 Dividend contract', function () {
    this.timeout(300_000)
    before(() => { DividendV1.loadArtifact(dividendV1Artifact()) })

    it('finds scrypt-ts\'s codePart and the dividend state in the locking script, and reads a distribute\'s payouts', () => {
      const operator = bsv.PrivateKey.fromRandom('testnet')
      const genesis = new DividendV1(toByteString('ab'.repeat(32) + '_0', true), 1_000_000_000n, PubKey(toHex(operator.publicKey)))
      const read = readStatefulScript(Buffer.from(genesis.lockingScript.toHex(), 'hex'))
      expect(read?.codePart.toString('hex')).to.equal(genesis.codePart)
      const deployed = readDividendState(read?.state.toString('hex') ?? '')
      expect(deployed).to.deep.equal({ version: 1, isGenesis: false, operator: toHex(operator.publicKey), round: 0n, snapshotHeight: 0n, cursor: '00'.repeat(32), roundPool: 0n, roundTokens: 0n })

      const running = genesis.next()
      Object.assign(running, { round: 3n, snapshotHeight: 120n, cursor: 'cd'.repeat(32), roundPool: 10_000n, roundTokens: 0n })
      const paid = running.next()
      Object.assign(paid, { cursor: 'ef'.repeat(32), roundTokens: 600_000_000n })
      for (const c of [running, paid]) {
        const stateScript = Buffer.from(c.getStateScript(), 'hex')
        const again = readStatefulScript(stateScript)
        expect(again?.codeHash).to.equal(read?.codeHash)
        expect(stateScript.toString('hex')).to.equal(c.lockingScript.toHex())
      }
      const state = (c: DividendV1): string => readStatefulScript(Buffer.from(c.lockingScript.toHex(), 'hex'))?.state.toString('hex') ?? ''
      expect(readDividendState(state(paid))).to.deep.include({ isGenesis: false, round: 3n, snapshotHeight: 120n, cursor: 'ef'.repeat(32), roundPool: 10_000n, roundTokens: 600_000_000n })

      const step = {
        spent: [{ satoshis: 10_001n, state: state(running) }],
        outputs: [{ vout: 0, satoshis: 4_001n, state: state(paid) }],
        otherOutputs: [
          { vout: 1, satoshis: 5_000n, script: p2pkhOf(keyPkh(A)).toString('hex') },
          { vout: 2, satoshis: 1_000n, script: p2pkhOf(keyPkh(B)).toString('hex') },
          { vout: 3, satoshis: 77_777n, script: p2pkhOf(keyPkh(A)).toString('hex') }
        ]
      }
      expect(dividendStepKind(step)).to.equal('distribute')
      expect(distributePayouts(step)).to.deep.equal([{ vout: 1, pkh: keyPkh(A), satoshis: 5_000n }, { vout: 2, pkh: keyPkh(B), satoshis: 1_000n }])
      expect(dividendStepKind({ ...step, outputs: [{ vout: 0, satoshis: 10_501n, state: state(running) }], otherOutputs: [] })).to.equal('deposit')
      expect(distributePayouts({ ...step, otherOutputs: step.otherOutputs.slice(1) })).to.equal(undefined)
    })
  })

  describe('a real version 2 Dividend contract', function () {
    this.timeout(300_000)
    before(() => { Dividend.loadArtifact(contractArtifact('dividend')) })

    it('reads the version 2 state, an approval, a round\'s start and a distribute\'s payouts', () => {
      const genesis = new Dividend(1_000_000_000n, 10_000n, 'ab'.repeat(32) as ByteString)
      const read = readStatefulScript(Buffer.from(genesis.lockingScript.toHex(), 'hex'))
      expect(read?.codePart.toString('hex')).to.equal(genesis.codePart)
      expect(readDividendState(read?.state.toString('hex') ?? '')).to.deep.equal({ version: 2, isGenesis: false, operators: 'ab'.repeat(32), round: 0n, snapshotHeight: 0n, cursor: '00'.repeat(32), roundPool: 0n, roundPaid: 0n, proposal: '', approvals: 0n })
      const state = (c: Dividend): string => readStatefulScript(Buffer.from(c.lockingScript.toHex(), 'hex'))?.state.toString('hex') ?? ''
      const at = (change: Partial<Dividend>): Dividend => Object.assign(genesis.next(), change)
      const pending = at({ proposal: 'cd'.repeat(32) as ByteString, approvals: 2n })
      const running = at({ round: 1n, snapshotHeight: 120n, cursor: 'ee'.repeat(32) as ByteString, roundPool: 10_000n })
      const paid = at({ round: 1n, snapshotHeight: 120n, cursor: 'ef'.repeat(32) as ByteString, roundPool: 10_000n, roundPaid: 6_000n })
      expect(readDividendState(state(pending))).to.deep.include({ version: 2, proposal: 'cd'.repeat(32), approvals: 2n })
      const step = (from: Dividend, to: Dividend, valueIn: bigint, valueOut: bigint, others: Array<{ vout: number, satoshis: bigint, script: string }> = []): any =>
        ({ spent: [{ satoshis: valueIn, state: state(from) }], outputs: [{ vout: 0, satoshis: valueOut, state: state(to) }], otherOutputs: others })
      expect(dividendStepKind(step(genesis.next(), pending, 20_001n, 20_001n))).to.equal('approval')
      expect(dividendStepKind(step(pending, pending, 20_001n, 30_001n))).to.equal('deposit')
      expect(dividendStepKind(step(pending, running, 20_001n, 20_001n))).to.equal('startRound')
      const payouts = [{ vout: 1, satoshis: 5_000n, script: p2pkhOf(keyPkh(A)).toString('hex') }, { vout: 2, satoshis: 1_000n, script: p2pkhOf(keyPkh(B)).toString('hex') }]
      const distribute = step(running, paid, 20_001n, 14_001n, payouts)
      expect(dividendStepKind(distribute)).to.equal('distribute')
      expect(distributePayouts(distribute)).to.deep.equal([{ vout: 1, pkh: keyPkh(A), satoshis: 5_000n }, { vout: 2, pkh: keyPkh(B), satoshis: 1_000n }])
    })
  })
})
