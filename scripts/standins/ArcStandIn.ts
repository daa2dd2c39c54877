import express, { type Request, type Response } from 'express'
import { Transaction } from '@bsv/sdk'
import type { RpcClient } from '../../network/rpc/RpcClient'
import { RpcError } from '../../network/rpc/RpcError'
import type { ChainMirror } from './ChainMirror'

interface Known { status: string, extraInfo: string, competingTxs: string[] }

/** How the stand-in answers submissions, for tests of status following. */
export interface ArcBehaviour {
  /** Answer a submission with this status (then SEEN_ON_NETWORK when asked after `settleAfter` polls). */
  firstStatus?: string
  settleAfter?: number
  /** Reject the next submission with this status and reason instead of sending it. */
  rejectNext?: { txStatus: 'REJECTED' | 'DOUBLE_SPEND_ATTEMPTED', extraInfo: string }
}

const EF_MARKER = '0000000000ef'

/**
 * A local stand-in for ARC (bitcoin-sv/arc, pkg/api/arc.yaml): POST /v1/tx in the extended
 * format (a raw transaction is refused with 460 unless every parent is already mined, as ARC
 * cannot enrich it otherwise), GET /v1/tx/{txid}, GET /v1/policy. Submissions go to the
 * node behind it; the node's refusals come back as ARC's codes (461 scripts, 462 inputs,
 * 465 fees) or, for a conflict, as txStatus DOUBLE_SPEND_ATTEMPTED with the competing txid.
 */
export class ArcStandIn {
  readonly behaviour: ArcBehaviour = {}
  readonly submitted: Array<{ txid: string, extended: boolean }> = []
  private readonly known = new Map<string, Known>()
  private readonly polls = new Map<string, number>()

  constructor (private readonly rpc: RpcClient, private readonly mirror: ChainMirror) {}

  router (): express.Router {
    const api = express.Router()
    api.use(express.json({ limit: '50mb' }))
    api.use(express.text({ limit: '50mb' }))
    api.post('/v1/tx', (req, res) => { this.submit(req, res).catch(e => res.status(500).json(arcError(500, 'Internal error', String(e), null))) })
    api.get('/v1/tx/:txid', (req, res) => { this.status(req.params.txid, res).catch(e => res.status(500).json(arcError(500, 'Internal error', String(e), null))) })
    api.get('/v1/policy', (_req, res) => {
      // The mining fee of the node behind it (getsettings' minminingtxfee, BSV per kB).
      this.rpc.call<{ minminingtxfee?: number }>('getsettings').catch(() => ({ minminingtxfee: undefined })).then(settings => {
        const satoshis = Math.max(1, Math.round((settings.minminingtxfee ?? 0.00000001) * 1e8))
        res.json({ timestamp: new Date().toISOString(), policy: { maxscriptsizepolicy: 100000000, maxtxsigopscountspolicy: 4294967295, maxtxsizepolicy: 100000000, miningFee: { satoshis, bytes: 1000 } } })
      }, () => {})
    })
    return api
  }

  private async submit (req: Request, res: Response): Promise<void> {
    const hex = typeof req.body === 'string' ? req.body.trim() : String((req.body as { rawTx?: unknown })?.rawTx ?? '')
    const extended = hex.slice(8, 20) === EF_MARKER
    let tx: Transaction
    try { tx = extended ? Transaction.fromHexEF(hex) : Transaction.fromHex(hex) } catch {
      res.status(400).json(arcError(400, 'Bad request', 'The request seems to be malformed and cannot be processed', null))
      return
    }
    const txid = tx.id('hex')
    this.submitted.push({ txid, extended })
    await this.mirror.refresh()
    if (!extended) {
      const unmined = tx.inputs.find(i => this.mirror.txs.get(i.sourceTXID as string)?.height == null)
      if (unmined !== undefined) {
        res.status(460).json(arcError(460, 'Not extended format', 'Missing input scripts: Transaction could not be transformed to extended format', txid, `arc error 460: parent transaction ${unmined.sourceTXID as string} not found`))
        return
      }
    }
    const reject = this.behaviour.rejectNext
    if (reject !== undefined) {
      this.behaviour.rejectNext = undefined
      this.known.set(txid, { status: reject.txStatus, extraInfo: reject.extraInfo, competingTxs: [] })
      res.json(arcOk(txid, reject.txStatus, { extraInfo: reject.extraInfo }))
      return
    }
    try {
      await this.rpc.sendRawTransaction(tx.toHex())
    } catch (e) {
      if (!(e instanceof RpcError)) throw e
      const message = e.message
      if (/txn-mempool-conflict|txn-double-spend|missing-inputs|Missing inputs/i.test(message)) {
        const competing = tx.inputs.map(i => this.mirror.spends.get(`${i.sourceTXID as string}:${i.sourceOutputIndex}`)?.txid).filter((t): t is string => t !== undefined && t !== txid)
        if (competing.length > 0) {
          this.known.set(txid, { status: 'DOUBLE_SPEND_ATTEMPTED', extraInfo: 'double spend attempted', competingTxs: competing })
          res.json(arcOk(txid, 'DOUBLE_SPEND_ATTEMPTED', { extraInfo: 'double spend attempted', competingTxs: competing }))
          return
        }
        res.status(462).json(arcError(462, 'Invalid inputs', 'Either the input satoshis sum is too high, or there are no inputs specified', txid, `arc error 462: ${message}`))
        return
      }
      if (/already known|already in the mempool|257/i.test(message)) { await this.status(txid, res); return }
      if (/script|verify|signature/i.test(message)) { res.status(461).json(arcError(461, 'Malformed transaction', 'One or more of the unlocking scripts did not validate', txid, `arc error 461: ${message}`)); return }
      if (/fee/i.test(message)) { res.status(465).json(arcError(465, 'Fee too low', 'Fees are insufficient', txid, `arc error 465: ${message}`)); return }
      res.status(463).json(arcError(463, 'Malformed transaction', 'Transaction is malformed and cannot be processed', txid, `arc error 463: ${message}`))
      return
    }
    const status = this.behaviour.firstStatus ?? 'SEEN_ON_NETWORK'
    this.known.set(txid, { status, extraInfo: '', competingTxs: [] })
    // The other services see what the network accepted.
    await this.mirror.refresh()
    res.json(arcOk(txid, status))
  }

  private async status (txid: string, res: Response): Promise<void> {
    await this.mirror.refresh()
    const mined = this.mirror.txs.get(txid)
    if (mined?.height != null) {
      res.json(arcOk(txid, 'MINED', { blockHash: this.mirror.blocks[mined.height].hash, blockHeight: mined.height }))
      return
    }
    const known = this.known.get(txid)
    if (known === undefined) {
      if (mined !== undefined) { res.json(arcOk(txid, 'SEEN_ON_NETWORK')); return }
      res.status(404).json(arcError(404, 'Not found', 'The requested resource could not be found', txid))
      return
    }
    const polls = (this.polls.get(txid) ?? 0) + 1
    this.polls.set(txid, polls)
    if (mined !== undefined && known.status !== 'DOUBLE_SPEND_ATTEMPTED' && known.status !== 'REJECTED' && polls >= (this.behaviour.settleAfter ?? 0)) known.status = 'SEEN_ON_NETWORK'
    res.json(arcOk(txid, known.status, { extraInfo: known.extraInfo, ...(known.competingTxs.length > 0 ? { competingTxs: known.competingTxs } : {}) }))
  }
}

function arcError (status: number, title: string, detail: string, txid: string | null, extraInfo = ''): object {
  return { type: `https://bitcoin-sv.github.io/arc/#/errors?id=_${status}`, title, status, detail, instance: null, txid, extraInfo }
}

function arcOk (txid: string, txStatus: string, extra: object = {}): object {
  return { blockHash: '', blockHeight: 0, extraInfo: '', status: 200, timestamp: new Date().toISOString(), title: 'OK', txStatus, txid, merklePath: '', ...extra }
}
