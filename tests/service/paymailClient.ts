import { Agent } from 'https'
import { HttpClient, PaymailClient } from '@bsv/paymail'

/** @bsv/paymail's HTTP client, trusting the test's certificate and reaching every host on 127.0.0.1. */
class TrustingHttpClient extends HttpClient {
  constructor (private readonly agent: Agent) { super(10_000) }
  async request (url: string, options: any = { method: 'GET' }): Promise<Response> {
    return await super.request(url, { ...options, agent: this.agent })
  }
}

/**
 * @bsv/paymail's own client for a test domain served on 127.0.0.1: its `_bsvalias._tcp` SRV
 * record names `port`, and its HTTPS trusts exactly `ca` (the test's self-signed certificate).
 */
export function testPaymailClient (domain: string, port: number, ca: string): PaymailClient {
  const agent = new Agent({ ca, lookup: (_host: string, options: any, cb: any) => { if (options?.all === true) cb(null, [{ address: '127.0.0.1', family: 4 }]); else cb(null, '127.0.0.1', 4) } })
  const dns = { resolveSrv: (_name: string, cb: (e: Error | null, r: unknown) => void) => { cb(null, [{ name: domain, port, priority: 0, weight: 0 }]) } }
  return new PaymailClient(new TrustingHttpClient(agent), { dns })
}
