import { availableParallelism } from 'os'
import path from 'path'
import { Worker } from 'worker_threads'
import { compiledModule } from '../../runtime/packageFiles'
import { InputCheck, ScriptFailure } from './ScriptVerifier'
import type { VerifyJob } from './verifyWorker'

interface Busy { worker: Worker, pending: number }

/**
 * Worker threads that verify input scripts in parallel, one per core. Shared by every devnet
 * of the process and started on first use; stopped when the last devnet releases it.
 */
export class VerifyPool {
  private static shared: VerifyPool | null = null
  private static users = 0

  static acquire (): VerifyPool {
    VerifyPool.users++
    VerifyPool.shared ??= new VerifyPool(availableParallelism())
    return VerifyPool.shared
  }

  static async release (): Promise<void> {
    VerifyPool.users--
    if (VerifyPool.users > 0 || VerifyPool.shared == null) return
    const pool = VerifyPool.shared
    VerifyPool.shared = null
    await pool.terminate()
  }

  private workers: Busy[] = []
  private nextId = 1
  private readonly waiting = new Map<number, { resolve: (f: ScriptFailure | null) => void, reject: (e: Error) => void, busy: Busy }>()

  private constructor (readonly size: number) {}

  /** Whether a thread has nothing to do (or none has been started yet). */
  hasIdleThread (): boolean {
    return this.workers.length === 0 || this.workers.some(w => w.pending === 0)
  }

  /** Starts threads up to the pool size (again after one died). */
  private fill (): void {
    while (this.workers.length < this.size) {
      const worker = spawnWorker()
      const busy: Busy = { worker, pending: 0 }
      worker.on('message', (answer: { id: number, failure: ScriptFailure | null }) => {
        const job = this.waiting.get(answer.id)
        if (job === undefined) return
        this.waiting.delete(answer.id)
        job.busy.pending--
        job.resolve(answer.failure)
      })
      const lost = (reason: string): void => {
        this.workers = this.workers.filter(w => w !== busy)
        this.failAll(busy, reason)
      }
      worker.on('error', (e) => lost(e.message))
      worker.on('exit', (code) => lost(`exited with code ${code}`))
      worker.unref()
      this.workers.push(busy)
    }
  }

  private failAll (busy: Busy, reason: string): void {
    for (const [id, job] of this.waiting) {
      if (job.busy !== busy) continue
      this.waiting.delete(id)
      job.reject(new Error(`a script verification thread failed: ${reason}`))
    }
  }

  /** Verifies the checks spread over the threads; the failure with the lowest input index, or null. */
  async verify (txHex: string, checks: Array<{ index: number, check: InputCheck }>): Promise<ScriptFailure | null> {
    this.fill()
    const chunkCount = Math.min(this.workers.length, checks.length)
    const chunkSize = Math.ceil(checks.length / chunkCount)
    const jobs: Array<Promise<ScriptFailure | null>> = []
    for (let i = 0; i < checks.length; i += chunkSize) jobs.push(this.send(txHex, checks.slice(i, i + chunkSize)))
    const failures = (await Promise.all(jobs)).filter((f): f is ScriptFailure => f !== null)
    return failures.sort((a, b) => a.input - b.input)[0] ?? null
  }

  private send (txHex: string, checks: VerifyJob['checks']): Promise<ScriptFailure | null> {
    const busy = this.workers.reduce((a, b) => (b.pending < a.pending ? b : a))
    const job: VerifyJob = { id: this.nextId++, txHex, checks }
    busy.pending++
    return new Promise((resolve, reject) => {
      this.waiting.set(job.id, { resolve, reject, busy })
      busy.worker.postMessage(job)
    })
  }

  private async terminate (): Promise<void> {
    const workers = this.workers
    this.workers = []
    for (const w of workers) w.worker.removeAllListeners('exit')
    await Promise.all(workers.map(async w => await w.worker.terminate()))
  }
}

function spawnWorker (): Worker {
  return new Worker(compiledModule(path.join(__dirname, 'verifyWorker')))
}
