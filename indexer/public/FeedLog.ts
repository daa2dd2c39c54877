/**
 * What the feeder saw go wrong with the services' answers (bytes that do not hash to their
 * txid, proofs that do not lead to a verified header, ...): each kind counted, the first
 * example kept, and told to the log once per kind and run.
 */
export class FeedWarnings {
  private readonly kinds = new Map<string, { count: number, example: string }>()

  constructor (private readonly log: ((line: string) => void) | undefined) {}

  add (kind: string, message: string): void {
    const seen = this.kinds.get(kind)
    if (seen !== undefined) { seen.count++; return }
    this.kinds.set(kind, { count: 1, example: message })
    this.log?.(`public index: ${message}`)
  }

  get list (): Array<{ kind: string, count: number, example: string }> {
    return [...this.kinds].map(([kind, v]) => ({ kind, ...v }))
  }
}

/** Progress while catching up, at most every two seconds. */
export class FeedProgress {
  private last = 0
  constructor (private readonly log: ((line: string) => void) | undefined, private readonly requests: () => number) {}

  tell (line: () => string, force = false): void {
    if (this.log === undefined) return
    const now = Date.now()
    if (!force && now - this.last < 2000) return
    this.last = now
    this.log(`public index: ${line()}, ${this.requests()} requests so far`)
  }
}
