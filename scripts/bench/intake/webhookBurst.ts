// A worker thread of bench:intake: calls the service's webhook as HandCash's retries would,
// from its own thread (so the caller does not share the service's event loop), with keep-alive
// connections, `concurrency` at a time; posts back how many were answered 200 and how long it took.
import { Agent, request } from 'http'
import { parentPort, workerData } from 'worker_threads'

interface Job { url: string, bodies: string[], calls: number, concurrency: number }

async function post (agent: Agent, url: URL, body: string): Promise<number> {
  return await new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, res => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', reject)
    req.end(body)
  })
}

async function run (job: Job): Promise<{ accepted: number, ms: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: job.concurrency })
  const url = new URL(job.url)
  let next = 0
  let accepted = 0
  const start = Date.now()
  await Promise.all(Array.from({ length: job.concurrency }, async () => {
    for (;;) {
      const n = next++
      if (n >= job.calls) return
      if (await post(agent, url, job.bodies[n % job.bodies.length]) === 200) accepted++
    }
  }))
  agent.destroy()
  return { accepted, ms: Date.now() - start }
}

run(workerData as Job).then(r => parentPort?.postMessage(r), e => { throw e })
