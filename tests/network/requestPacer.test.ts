import { expect } from 'chai'
import { RequestPacer, routeOf, type PacerClock } from '../../network/http/RequestPacer'

/** A clock that only moves when the pacer sleeps. */
function fakeClock (): PacerClock & { sleeps: number[] } {
  let now = 1000
  const sleeps: number[] = []
  return { now: () => now, sleep: async ms => { sleeps.push(ms); now += ms }, sleeps }
}

describe('request pacer (rate limits and 429 back-off)', () => {
  it('spaces requests to the rate and counts them per route', async () => {
    const clock = fakeClock()
    const pacer = new RequestPacer({ perSecond: 4, clock })
    for (let i = 0; i < 5; i++) await pacer.run(routeOf('GET', `/tx/${'ab'.repeat(32)}/proof/tsc`), async () => ({ status: 200 }))
    expect(clock.sleeps).to.deep.equal([250, 250, 250, 250])
    expect([...pacer.counts]).to.deep.equal([['GET /tx/{id}/proof/tsc', 5]])
    expect(routeOf('GET', '/block/123/header')).to.equal('GET /block/{n}/header')
  })

  it('waits out a 429 (Retry-After, else doubling) and gives the last answer after its retries', async () => {
    const clock = fakeClock()
    const waits: number[] = []
    const pacer = new RequestPacer({ perSecond: 1000, clock, retries: 3, backoffMs: 500, onBackoff: (_r, ms) => waits.push(ms) })
    const answers = [{ status: 429, retryAfterSeconds: 2 }, { status: 429 }, { status: 200 }]
    const got = await pacer.run('GET /x', async () => answers.shift() as { status: number })
    expect(got.status).to.equal(200)
    expect(waits).to.deep.equal([2000, 500])
    expect(pacer.total).to.equal(3)
    const always = await pacer.run('GET /y', async () => ({ status: 429 }))
    expect(always.status).to.equal(429)
    expect(pacer.counts.get('GET /y')).to.equal(4)
  })
})
