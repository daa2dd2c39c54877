/** The clock a pacer waits on: the real one, or a simulated one in benchmarks. */
export interface PacerClock {
  now: () => number
  sleep: (ms: number) => Promise<void>
}

export const realClock: PacerClock = {
  now: () => Date.now(),
  sleep: async ms => await new Promise(resolve => setTimeout(resolve, ms))
}

export interface PacerOptions {
  /** Requests per second the service allows (WhatsOnChain without a key: 3). */
  perSecond: number
  /** Answers 429 (and 502-504) are retried this many times, waiting longer each time (default 8). */
  retries?: number
  /** First wait after a 429 without Retry-After, doubled on each retry (default 1000 ms). */
  backoffMs?: number
  clock?: PacerClock
  /** Told about each wait for a 429, e.g. to print it. */
  onBackoff?: (route: string, waitMs: number, attempt: number) => void
}

/** What one attempt answered: its HTTP status and, for a 429, the Retry-After seconds. */
export interface PacedAnswer { status: number, retryAfterSeconds?: number }

const RETRIED = new Set([429, 502, 503, 504])

/**
 * Keeps requests to one service within its rate limit and backs off when it says 429
 * (Retry-After when given, else exponential), counting requests per route so that benchmarks
 * and progress lines can tell where they went. Shared by every client of the same service.
 */
export class RequestPacer {
  readonly counts = new Map<string, number>()
  private next = 0
  private readonly clock: PacerClock
  private readonly interval: number

  constructor (private readonly options: PacerOptions) {
    if (!(options.perSecond > 0)) throw new Error(`a request rate must be positive, got ${options.perSecond}`)
    this.clock = options.clock ?? realClock
    this.interval = 1000 / options.perSecond
  }

  /** Requests made so far, all routes together. */
  get total (): number {
    let n = 0
    for (const c of this.counts.values()) n += c
    return n
  }

  /** Runs `attempt` in its turn, again after a 429 or a gateway error; answers its last answer. */
  async run<T extends PacedAnswer>(route: string, attempt: () => Promise<T>): Promise<T> {
    const retries = this.options.retries ?? 8
    let backoff = this.options.backoffMs ?? 1000
    for (let tries = 0; ; tries++) {
      await this.turn()
      this.counts.set(route, (this.counts.get(route) ?? 0) + 1)
      const answer = await attempt()
      if (!RETRIED.has(answer.status) || tries >= retries) return answer
      let wait = backoff
      if (answer.retryAfterSeconds !== undefined) wait = answer.retryAfterSeconds * 1000
      else backoff *= 2
      this.options.onBackoff?.(route, wait, tries + 1)
      // Nobody goes while the service asks us to wait.
      this.next = Math.max(this.next, this.clock.now() + wait)
    }
  }

  private async turn (): Promise<void> {
    const now = this.clock.now()
    const at = Math.max(now, this.next)
    this.next = at + this.interval
    if (at > now) await this.clock.sleep(at - now)
  }
}

/** A request path with its ids and numbers replaced, so that counts add up per route. */
export function routeOf (method: string, path: string): string {
  const bare = path.split('?')[0]
  return `${method} ${bare.replace(/[0-9a-f]{64}(_\d+)?/g, '{id}').replace(/\/\d+_\d+_headers(?=\/|$)/g, '/{file}').replace(/\/\d+(?=\/|$)/g, '/{n}')}`
}
