import * as fs from 'fs'
import * as path from 'path'
import { bsv } from 'scrypt-ts'

interface Line { txid: string, hex: string }

const TXID = /^[0-9a-f]{64}$/

function isLine (v: unknown): v is Line {
  const l = v as Line
  return typeof l === 'object' && l !== null && typeof l.txid === 'string' && TXID.test(l.txid) && typeof l.hex === 'string'
}

/**
 * The raw transactions of the confirmed steps of the contract lineages this home has read,
 * kept in its folder (`lineages/<origin>.jsonl`, one transaction a line, in lineage order), so
 * that a later command fetches only what is new: every reader checks each step of a lineage
 * from its raw transaction, and on testnet and mainnet each fetch is a WhatsOnChain request.
 * Only bytes are kept, never a conclusion: a line is taken only when its bytes hash to its
 * txid, reading stops at the first line that is not whole (a kill while appending), and the
 * reader checks every step again as if it had fetched it (ContractLineage).
 */
export class LineageCache {
  /** The txids on disk per origin, as last loaded or saved; a damaged file is rewritten at the next save. */
  private readonly onDisk = new Map<string, { txids: string[], damaged: boolean }>()

  constructor (private readonly dir: string) {}

  private file (origin: string): string {
    return path.join(this.dir, `${origin}.jsonl`)
  }

  /** The transactions recorded for `origin`'s lineage, by txid: the whole lines whose bytes hash to their txid, up to the first that is not. */
  load (origin: string): Map<string, bsv.Transaction> {
    let text: string
    try {
      text = fs.readFileSync(this.file(origin), 'utf8')
    } catch {
      this.onDisk.set(origin, { txids: [], damaged: false })
      return new Map()
    }
    const txs = new Map<string, bsv.Transaction>()
    const order: string[] = []
    const lines = text.split('\n')
    // The last element is '' when the file ends with a whole line.
    let damaged = lines[lines.length - 1] !== ''
    for (const line of lines.slice(0, -1)) {
      let entry: unknown
      let tx: bsv.Transaction | undefined
      try {
        entry = JSON.parse(line)
        if (isLine(entry)) tx = new bsv.Transaction(entry.hex)
      } catch { /* not a whole line */ }
      if (tx === undefined || !isLine(entry) || tx.id !== entry.txid) { damaged = true; break }
      txs.set(tx.id, tx)
      order.push(tx.id)
    }
    this.onDisk.set(origin, { txids: order, damaged })
    return txs
  }

  /**
   * Records the transactions of the confirmed, checked steps of `origin`'s lineage: appended to
   * the file when they extend what it holds, else (a re-org, a damaged file) the file is
   * replaced as a whole.
   */
  save (origin: string, confirmed: readonly bsv.Transaction[]): void {
    const disk = this.onDisk.get(origin) ?? { txids: [], damaged: true }
    const extends_ = !disk.damaged && disk.txids.length <= confirmed.length && disk.txids.every((t, i) => confirmed[i].id === t)
    if (extends_ && confirmed.length === disk.txids.length) return
    const text = (from: number): string => confirmed.slice(from).map(tx => JSON.stringify({ txid: tx.id, hex: tx.toString() }) + '\n').join('')
    fs.mkdirSync(this.dir, { recursive: true })
    if (extends_) {
      fs.appendFileSync(this.file(origin), text(disk.txids.length))
    } else {
      const tmp = `${this.file(origin)}.${process.pid}.tmp`
      fs.writeFileSync(tmp, text(0))
      fs.renameSync(tmp, this.file(origin))
    }
    this.onDisk.set(origin, { txids: confirmed.map(tx => tx.id), damaged: false })
  }
}
