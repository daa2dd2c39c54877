import * as fs from 'fs'
import * as path from 'path'

/** A transaction a command of this home sent that was not yet seen confirmed. */
export interface PendingTx {
  txid: string
  /** The command that sent it. */
  command: string
  /** ISO time it was sent. */
  sentAt: string
}

/**
 * The transactions this home sent and has not seen confirmed, in `pending.json`, so that
 * `divvy status` can say what is unconfirmed after a command that did not mine (--no-mine,
 * or a network Divvy does not mine on) has finished.
 */
export class PendingLedger {
  constructor (readonly file: string) {}

  all (): PendingTx[] {
    if (!fs.existsSync(this.file)) return []
    try {
      const body = JSON.parse(fs.readFileSync(this.file, 'utf8')) as { pending?: PendingTx[] }
      return Array.isArray(body.pending) ? body.pending : []
    } catch {
      throw new Error(`${this.file} is not a Divvy pending list (bad JSON); it was left untouched`)
    }
  }

  add (txids: string[], command: string): void {
    const known = this.all()
    const seen = new Set(known.map(p => p.txid))
    const sentAt = new Date().toISOString()
    this.write([...known, ...txids.filter(t => !seen.has(t)).map(txid => ({ txid, command, sentAt }))])
  }

  remove (txids: Iterable<string>): void {
    const gone = new Set(txids)
    const known = this.all()
    if (!known.some(p => gone.has(p.txid))) return
    this.write(known.filter(p => !gone.has(p.txid)))
  }

  private write (pending: PendingTx[]): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true })
    const tmp = `${this.file}.${process.pid}.tmp`
    fs.writeFileSync(tmp, JSON.stringify({ pending }, null, 2) + '\n')
    fs.renameSync(tmp, this.file)
  }
}
