/** Terminal progress while catching up: indexed height, node tip, transactions per second. */
export class CatchUpProgress {
  private readonly began = Date.now()
  private lastPrint = 0
  private txs = 0
  private height: number

  constructor (private readonly from: number, private readonly target: number, private readonly log: ((line: string) => void) | undefined) {
    this.height = from - 1
  }

  block (height: number, hash: string, txs: number): void {
    this.height = height
    this.txs += txs
    const now = Date.now()
    if (this.log !== undefined && now - this.lastPrint >= 2000) {
      this.lastPrint = now
      this.log(this.line(hash))
    }
  }

  done (): void {
    if (this.log !== undefined && this.height >= this.from) this.log(this.line(''))
  }

  private line (hash: string): string {
    const seconds = Math.max((Date.now() - this.began) / 1000, 0.001)
    const rate = Math.round(this.txs / seconds)
    return `indexer: height ${this.height}/${this.target} (${this.target - this.height} behind)${hash !== '' ? ` ${hash.slice(0, 16)}…` : ''}, ${this.txs} txs, ${rate} tx/s`
  }
}
