import * as fs from 'fs'
import { hostname } from 'os'
import * as path from 'path'
import { ServiceStore } from './ServiceStore'

/** Who runs a home's service: written when it starts, read by a second one that must wait. */
export interface Holder { pid: number, host: string, since: string, url?: string }

const isLockError = (e: unknown): boolean => /lock/i.test(`${(e as Error).message} ${String((e as { cause?: unknown }).cause ?? '')}`)

export function holderFile (home: string): string {
  return path.join(home, 'service', 'holder.json')
}

export function readHolder (home: string): Holder | undefined {
  try { return JSON.parse(fs.readFileSync(holderFile(home), 'utf8')) as Holder } catch { return undefined }
}

export function describeHolder (h: Holder | undefined): string {
  if (h === undefined) return 'another process (it has not said who it is yet)'
  return `process ${h.pid} on ${h.host}, since ${h.since}${h.url !== undefined ? `, serving ${h.url}` : ''}`
}

/**
 * Opens the home's service store, the one lock of a home's service: LevelDB holds its LOCK
 * file for as long as the process lives (the operating system releases it on any exit, a
 * kill -9 included), so two services never share a home and a dead one never blocks it.
 * While another process holds it, `waiting` is told who (once, and again when that changes)
 * and the open is retried until it is free or `signal` aborts.
 */
export async function openHomeStore (home: string, waiting: (line: string) => void, signal?: AbortSignal, pollMs = 1000, claim = true): Promise<ServiceStore> {
  const dir = path.join(home, 'service')
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
  let told: string | undefined
  for (;;) {
    try {
      const store = await ServiceStore.open(dir)
      if (!claim) return store
      const me: Holder = { pid: process.pid, host: hostname(), since: new Date().toISOString() }
      fs.writeFileSync(holderFile(home), JSON.stringify(me) + '\n')
      return store
    } catch (e) {
      if (!isLockError(e)) throw new Error(`cannot open the service store ${dir}: ${(e as Error).message}`)
    }
    const who = describeHolder(readHolder(home))
    if (who !== told) waiting(`${home} is served by ${who}: waiting for it to stop`)
    told = who
    if (signal?.aborted === true) throw new Error(`${home} is served by ${who}`)
    await new Promise(resolve => setTimeout(resolve, pollMs))
  }
}

/** Adds the service's URL to the holder record, for a second service to name. */
export function announceUrl (home: string, url: string): void {
  const h = readHolder(home)
  if (h !== undefined && h.pid === process.pid) fs.writeFileSync(holderFile(home), JSON.stringify({ ...h, url }) + '\n')
}

/** Waits until no process holds the home's service (telling `waiting` who does), without keeping it. */
export async function waitForHome (home: string, waiting: (line: string) => void, pollMs = 1000): Promise<void> {
  if (!fs.existsSync(path.join(home, 'service'))) return
  const store = await openHomeStore(home, waiting, undefined, pollMs, false)
  await store.close()
}
