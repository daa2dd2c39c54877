import type { NextFunction, Request, Response } from 'express'

/**
 * A service's rate limit as it enforces it: at most `perSecond` requests in any second,
 * else 429 Too Many Requests with Retry-After. Counts what it answered, per route.
 */
export class RateLimit {
  readonly counts = new Map<string, number>()
  rejected = 0
  private stamps: number[] = []

  constructor (public perSecond: number) {}

  middleware (route: (req: Request) => string): (req: Request, res: Response, next: NextFunction) => void {
    return (req, res, next) => {
      const now = Date.now()
      this.stamps = this.stamps.filter(t => now - t < 1000)
      if (this.stamps.length >= this.perSecond) {
        this.rejected++
        res.status(429).set('Retry-After', '1').type('text').send('Too Many Requests')
        return
      }
      this.stamps.push(now)
      const r = route(req)
      this.counts.set(r, (this.counts.get(r) ?? 0) + 1)
      next()
    }
  }
}
