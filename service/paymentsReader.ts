import { existsSync, readFileSync } from 'fs'
import { get as httpGet } from 'http'
import { get as httpsGet } from 'https'
import * as path from 'path'
import { PaymentPageSchema, PaymentSchema, type PaymentView } from './api/paymentView'
import { describeHolder, readHolder } from './store/HomeLock'
import type { PaymentRecord } from './store/PaymentRecord'
import { Payments } from './store/Payments'
import { ServiceStore } from './store/ServiceStore'

function view (p: PaymentRecord): PaymentView {
  return PaymentSchema.parse({ ...p, seenAt: new Date(p.seenAt).toISOString(), ...(p.depositedAt !== undefined ? { depositedAt: new Date(p.depositedAt).toISOString() } : {}) })
}

async function getJson (url: string, ca?: Buffer): Promise<unknown> {
  return await new Promise((resolve, reject) => {
    const get = url.startsWith('https:') ? httpsGet : httpGet
    const req = get(url, { ca, timeout: 10_000 }, res => {
      let body = ''
      res.on('data', chunk => { body += String(chunk) })
      res.on('end', () => {
        try {
          const json = JSON.parse(body)
          if ((res.statusCode ?? 500) >= 400) reject(new Error(json?.error?.message ?? `HTTP ${res.statusCode ?? '?'}`))
          else resolve(json)
        } catch { reject(new Error(`the service at ${url} answered HTTP ${res.statusCode ?? '?'} that is not JSON`)) }
      })
    })
    req.on('timeout', () => req.destroy(new Error(`the service at ${url} did not answer in 10 s`)))
    req.on('error', reject)
  })
}

/**
 * The home's payment records: read from the service's store when no service runs, else from
 * the running service's API (it holds the store), whose URL it left in the home.
 */
export async function readPayments (home: string, filter: { txid?: string, token?: string }, ca?: string): Promise<PaymentView[]> {
  const dir = path.join(home, 'service')
  if (!existsSync(dir)) return []
  let store: ServiceStore | undefined
  try {
    store = await ServiceStore.open(dir)
  } catch (e) {
    if (!/lock/i.test(`${(e as Error).message} ${String((e as { cause?: unknown }).cause ?? '')}`)) throw e
  }
  if (store !== undefined) {
    try {
      const payments = new Payments(store)
      const all = filter.txid !== undefined ? [await payments.payment(filter.txid)].filter((p): p is PaymentRecord => p !== undefined) : await payments.all()
      return all.filter(p => filter.token === undefined || p.token === filter.token).sort((a, b) => a.seenAt - b.seenAt).map(view)
    } finally {
      await store.close()
    }
  }
  const holder = readHolder(home)
  if (holder?.url === undefined) throw new Error(`the service of ${home} is running (${describeHolder(holder)}) and has not said where it serves yet: try again in a moment`)
  const caPem = ca !== undefined ? readFileSync(ca) : undefined
  if (filter.txid !== undefined) {
    try { return [PaymentSchema.parse(await getJson(`${holder.url}/payments/${filter.txid}`, caPem))] } catch (e) {
      if (/no payment/.test((e as Error).message)) return []
      throw e
    }
  }
  const out: PaymentView[] = []
  for (let offset = 0; ; offset += 1000) {
    const page = PaymentPageSchema.parse(await getJson(`${holder.url}/payments?limit=1000&offset=${offset}${filter.token !== undefined ? `&token=${filter.token}` : ''}`, caPem))
    out.push(...page.payments)
    if (out.length >= page.total || page.payments.length === 0) return out
  }
}
